"""Per-client limits on public forms (/join/, newsletter sign-ups, guest registrations)."""

from django.core.cache import cache


def rate_limit_hit(*, key: str, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt under `key` and say whether it is within `limit` for the window.

    A fixed window in the cache (Redis in production, shared by every worker): the first
    attempt opens it, and the count expires with it.
    """
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window expired between add() and incr(): this attempt opens a new one.
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
