"""What an API token may reach: one scope per resource and access ("events:read",
"contacts:write"). A write scope includes reading the same resource.

The scope an operation needs is decided in one place, `api.auth.TokenAuth`: each router
names its resource, and the HTTP method says read (GET, HEAD) or write (anything else), so
no endpoint can forget to check it."""

from django.utils.translation import gettext_lazy as _

READ, WRITE = "read", "write"
ACCESS_LEVELS = (READ, WRITE)

# resource → what it covers, as staff read it when choosing scopes.
RESOURCES = {
    "organizations": _("Organizations of the register"),
    "contacts": _("Contacts"),
    "memberships": _("Memberships and dues"),
    "events": _("Events and registrations"),
    "subscribers": _("Newsletter subscribers"),
    "surveys": _("Survey results (aggregates only)"),
    "webhooks": _("Webhook endpoints and their deliveries"),
}

# A member organization's own token reads its own data, nothing else and never writes.
ORGANIZATION_RESOURCES = ("organizations", "contacts", "memberships", "events")


def scope(resource: str, access: str) -> str:
    if resource not in RESOURCES or access not in ACCESS_LEVELS:
        raise ValueError(f"Unknown scope {resource}:{access}")
    return f"{resource}:{access}"


ALL_SCOPES = tuple(scope(resource, access) for resource in RESOURCES for access in ACCESS_LEVELS)


def access_for_method(method: str) -> str:
    return READ if method in ("GET", "HEAD", "OPTIONS") else WRITE


def scopes_allow(scopes, resource: str, access: str) -> bool:
    granted = set(scopes)
    if f"{resource}:{WRITE}" in granted:
        return True
    return access == READ and f"{resource}:{READ}" in granted
