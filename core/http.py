"""Facts about the HTTP request that depend on how the portal is deployed."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: from CLIENT_IP_HEADER when a proxy sets it, else REMOTE_ADDR.

    The right-most entry of the header is the one our proxy wrote: whatever stands left of
    it came from the client (X-Forwarded-For is appended to, not replaced) and proves nothing.
    """
    if settings.CLIENT_IP_HEADER:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(meta_key, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The `next` the form or link asks to return to, when it is a path on this site;
    otherwise `fallback`. Only an absolute path is taken: an external URL would be an open
    redirect, and a bare word would be read by `redirect()` as a view name."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
