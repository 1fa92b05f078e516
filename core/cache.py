"""The Redis cache, made safe to lose.

Redis is a cache here, never the only home of anything: when it cannot be reached, every
cache operation falls through to a small memory cache of the worker process, so pages keep
serving (each worker recomputes what it misses) and per-client limits keep counting, per
process instead of across processes, until Redis answers again. That is the stated, safe
behaviour of the rate limits during an outage: still limited, never shut for everyone.

After a failure Redis is left alone for `RETRY_SECONDS`, so an outage costs one connection
attempt per worker every few seconds rather than one per cache call.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class _FallbackClient(RedisCacheClient):
    """RedisCacheClient whose every operation falls back to process memory on a Redis error."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._memory = LocMemCache("portal-cache-fallback", {"OPTIONS": {"MAX_ENTRIES": 5000}})
        self._down_until = 0.0

    def _run(self, name, *args):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args)
            except self._lib.RedisError as error:
                if not self._down_until:
                    logger.warning("Redis cache unreachable, using process memory: %s", error)
                self._down_until = time.monotonic() + RETRY_SECONDS
        return getattr(self, f"_memory_{name}")(*args)

    # The memory fallback, with the client API's signatures (keys are already made).
    def _memory_add(self, key, value, timeout):
        return self._memory.add(key, value, timeout)

    def _memory_get(self, key, default):
        return self._memory.get(key, default)

    def _memory_set(self, key, value, timeout):
        self._memory.set(key, value, timeout)

    def _memory_touch(self, key, timeout):
        return self._memory.touch(key, timeout)

    def _memory_delete(self, key):
        return self._memory.delete(key)

    def _memory_get_many(self, keys):
        return self._memory.get_many(keys)

    def _memory_has_key(self, key):
        return self._memory.has_key(key)

    def _memory_incr(self, key, delta):
        return self._memory.incr(key, delta)

    def _memory_set_many(self, data, timeout):
        self._memory.set_many(data, timeout)

    def _memory_delete_many(self, keys):
        self._memory.delete_many(keys)

    def _memory_clear(self):
        return self._memory.clear()

    def add(self, key, value, timeout):
        return self._run("add", key, value, timeout)

    def get(self, key, default):
        return self._run("get", key, default)

    def set(self, key, value, timeout):
        return self._run("set", key, value, timeout)

    def touch(self, key, timeout):
        return self._run("touch", key, timeout)

    def delete(self, key):
        return self._run("delete", key)

    def get_many(self, keys):
        return self._run("get_many", list(keys))

    def has_key(self, key):
        return self._run("has_key", key)

    def incr(self, key, delta):
        return self._run("incr", key, delta)

    def set_many(self, data, timeout):
        return self._run("set_many", data, timeout)

    def delete_many(self, keys):
        return self._run("delete_many", keys)

    def clear(self):
        # Both: what the memory holds from an outage must not outlive a clear either.
        self._memory.clear()
        return self._run("clear")


class ResilientRedisCache(RedisCache):
    """Django's Redis cache backend, falling back to process memory when Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _FallbackClient
