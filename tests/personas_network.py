"""The persona matrix of the network of clusters (tests/test_urls_personas.py): name →
(HTTP method, key of `url_kwargs`, expected status per persona)."""

from tests.url_expectations import LOGIN, PUBLIC, STAFF_ONLY

# The whole network's search: member contacts and staff; the public directory stays local.
MEMBERS_AND_STAFF = {
    "staff": 200,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 200,
    "anonymous": LOGIN,
}
# Organization A's consent page: its people and staff read it; B must not learn it exists.
ORG_A_PEOPLE = {
    "staff": 200,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 404,
    "anonymous": LOGIN,
}

EXPECTED = {
    "network_feed:directory_json": ("get", None, PUBLIC),
    "network:search": ("get", None, MEMBERS_AND_STAFF),
    "network:space_consent": ("get", "org_a", ORG_A_PEOPLE),
    "network:staff_partners": ("get", None, STAFF_ONLY),
    "network:staff_partner_create": ("get", None, STAFF_ONLY),
    "network:staff_partner": ("get", "partner_directory_pk", STAFF_ONLY),
    "network:staff_partner_mapping": (
        "post",
        "partner_directory_pk",
        {**STAFF_ONLY, "staff": 302},
    ),
    "network:staff_partner_delete": ("get", "partner_directory_pk", STAFF_ONLY),
    "network:staff_partner_import": (
        "post",
        "partner_directory_pk",
        {**STAFF_ONLY, "staff": 302},
    ),
}


def _partner_directory():
    from network.models import PartnerDirectory

    return PartnerDirectory.objects.get_or_create(
        feed_url="https://pole-persona.example.org/network/directory.json",
        defaults={"name": "Pôle persona"},
    )[0]


def url_kwargs(personas) -> dict:
    return {
        "partner_directory_pk": lambda: {"pk": _partner_directory().pk},
    }
