"""The persona matrix of the collaboration opportunities pages (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona)."""

import datetime

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

# Organization A's item: its contacts (admin or not) act for it; organization B's admin must
# not learn it exists; staff edit it from the back-office, not from the member space.
ORG_A_CONTACTS = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 404,
    "anonymous": LOGIN,
}

EXPECTED = {
    "collaboration:opportunity_board": ("get", None, PUBLIC),
    "collaboration:opportunity_feed": ("get", None, PUBLIC),
    "collaboration:opportunity_kind_feed": ("get", "opportunity_kind", PUBLIC),
    # A pending item: a preview for staff and its organization, a 404 for everyone else.
    "collaboration:opportunity_detail": (
        "get",
        "opportunity_pending_slug",
        {
            "staff": 200,
            "member_admin": 200,
            "member_contact": 200,
            "other_member": 404,
            "anonymous": 404,
        },
    ),
    "collaboration:space_opportunities": ("get", None, MEMBERS_ONLY),
    "collaboration:space_opportunity_create": ("get", None, MEMBERS_ONLY),
    "collaboration:space_opportunity_edit": ("get", "opportunity_pk", ORG_A_CONTACTS),
    "collaboration:space_opportunity_withdraw": (
        "post",
        "opportunity_pk",
        {**ORG_A_CONTACTS, "member_admin": 302, "member_contact": 302},
    ),
    "collaboration:staff_opportunities": ("get", None, STAFF_ONLY),
    "collaboration:staff_opportunity_create": ("get", None, STAFF_ONLY),
    "collaboration:staff_opportunity_moderation": ("get", None, STAFF_ONLY),
    "collaboration:staff_opportunity_edit": ("get", "opportunity_pk", STAFF_ONLY),
    "collaboration:staff_opportunity_review": ("get", "opportunity_pk", STAFF_ONLY),
}


def _pending_opportunity(personas):
    from collaboration.models import Opportunity

    opportunity = Opportunity.objects.filter(slug="stage-persona").first()
    if opportunity is None:
        opportunity = Opportunity.objects.create(
            kind=Opportunity.Kind.INTERNSHIP,
            slug="stage-persona",
            title="Stage persona",
            description="Six mois.",
            organization=personas.org_a,
            apply_email="rh@alpha.test",
            expires_on=datetime.date.today() + datetime.timedelta(days=30),
        )
    return opportunity


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it, so each builds only the rows its own URL reads."""
    return {
        "opportunity_kind": {"kind": "internship"},
        "opportunity_pending_slug": lambda: {"slug": _pending_opportunity(personas).slug},
        "opportunity_pk": lambda: {"pk": _pending_opportunity(personas).pk},
    }
