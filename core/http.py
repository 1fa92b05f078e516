"""Facts about the HTTP request that depend on how the portal is deployed."""

from django.conf import settings
from django.http import HttpRequest


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
