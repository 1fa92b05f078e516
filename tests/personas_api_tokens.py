"""The persona matrix of the pages that manage the open API's tokens
(tests/test_urls_personas.py): name → (HTTP method, key of `url_kwargs`, expected status per
persona). Staff manage every token from the back-office; an organization's admins manage
their organization's own from the member space, and nobody else learns those exist."""

from tests.url_expectations import (  # noqa: F401
    LOGIN,
    MEMBERS_ONLY,
    ORG_A_ADMIN_ONLY,
    STAFF_ONLY,
)

EXPECTED = {
    "api_tokens:staff_tokens": ("get", None, STAFF_ONLY),
    "api_tokens:staff_token_create": ("get", None, STAFF_ONLY),
    "api_tokens:staff_token_revoke": ("post", "staff_api_token", {**STAFF_ONLY, "staff": 302}),
    "api_tokens:staff_audit": ("get", None, STAFF_ONLY),
    # Every member reads the page; a plain contact is told who can make a token.
    "api_tokens:space_tokens": ("get", None, MEMBERS_ONLY),
    "api_tokens:space_token_create": ("get", "org_a", ORG_A_ADMIN_ONLY),
    "api_tokens:space_token_revoke": (
        "post",
        "org_a_api_token",
        {**ORG_A_ADMIN_ONLY, "member_admin": 302},
    ),
}


def _token(personas, organization=None):
    import datetime

    from django.utils import timezone

    from api.models import ApiToken
    from api.services import tokens

    found = ApiToken.objects.filter(organization=organization).first()
    if found is None:
        expires_at = timezone.now() + datetime.timedelta(days=30)
        if organization is None:
            found = tokens.token_create(
                name="Comptabilité",
                scopes=["memberships:read"],
                expires_at=expires_at,
                created_by=personas.staff,
            ).token
        else:
            found = tokens.organization_token_create(
                organization=organization,
                name="Notre CRM",
                expires_at=expires_at,
                created_by=personas.member_admin,
            ).token
    return found


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it."""
    return {
        "staff_api_token": lambda: {"pk": _token(personas).pk},
        "org_a_api_token": lambda: {
            "slug": personas.org_a.slug,
            "pk": _token(personas, personas.org_a).pk,
        },
    }
