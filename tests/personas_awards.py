"""The persona matrix of the innovation awards pages (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona)."""

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

# Organization A's application: its contacts (admin or not) read and edit it; organization
# B's admin must not learn it exists; staff read it in the back-office, not in the space.
ORG_A_CONTACTS = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 404,
    "anonymous": LOGIN,
}
STAFF_POST = {**STAFF_ONLY, "staff": 302}

EXPECTED = {
    "community:award_list": ("get", None, PUBLIC),
    "community:award_detail": ("get", "award_edition_slug", PUBLIC),
    # Org A's attachment: staff and org A's people; nobody else learns it exists.
    "community:award_attachment": (
        "get",
        "award_attachment",
        {
            "staff": 200,
            "member_admin": 200,
            "member_contact": 200,
            "other_member": 404,
            "anonymous": 404,
        },
    ),
    # Whoever holds a juror's personal link opens the juror's pages.
    "community:jury_home": ("get", "award_jury", PUBLIC),
    "community:jury_application": ("get", "award_jury_application", PUBLIC),
    "community:jury_attachment": ("get", "award_jury_attachment", PUBLIC),
    "community:space_awards": ("get", None, MEMBERS_ONLY),
    "community:space_award_apply": ("get", "award_edition_slug", MEMBERS_ONLY),
    "community:space_award_application": ("get", "award_application", ORG_A_CONTACTS),
    "community:space_award_withdraw": (
        "post",
        "award_application",
        {**ORG_A_CONTACTS, "member_admin": 302, "member_contact": 302},
    ),
    "community:staff_awards": ("get", None, STAFF_ONLY),
    "community:staff_award_create": ("get", None, STAFF_ONLY),
    "community:staff_award_edit": ("get", "award_edition", STAFF_ONLY),
    "community:staff_award_publish": ("post", "award_edition", STAFF_POST),
    "community:staff_award_applications": ("get", "award_edition", STAFF_ONLY),
    "community:staff_award_application": ("get", "award_application", STAFF_ONLY),
    "community:staff_award_nominate": ("get", "award_edition", STAFF_ONLY),
    "community:staff_award_jury": ("get", "award_edition", STAFF_ONLY),
    "community:staff_award_ranking": ("get", "award_edition", STAFF_ONLY),
    # Without a winner chosen the announcement is refused, with a message on the ranking.
    "community:staff_award_announce": ("post", "award_edition", STAFF_POST),
    "community:staff_award_decide": ("post", "award_category", STAFF_POST),
    "community:staff_award_juror_resend": ("post", "award_juror", STAFF_POST),
    "community:staff_award_juror_remove": ("post", "award_juror", STAFF_POST),
}


class _AwardRows:
    """An open edition with org A's application (with a PDF attached) and an outsider juror
    who declared their conflicts, built once per test on first use."""

    def __init__(self, personas):
        self.personas = personas
        self._built = None

    def get(self) -> dict:
        if self._built is None:
            self._built = self._build()
        return self._built

    def _build(self) -> dict:
        from django.core.files.base import ContentFile

        from community.models import AwardAttachment, Juror
        from community.tests.awards_helpers import application_make, edition_make, juror_make
        from core.links import link_issue

        edition = edition_make(slug="trophees-persona")
        application = application_make(
            edition=edition,
            organization=self.personas.org_a,
            contact=self.personas.member_admin.contact,
        )
        attachment = AwardAttachment.objects.create(
            application=application,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="dossier.pdf"),
            name="dossier.pdf",
            size=15,
        )
        juror = juror_make(edition=edition)
        token = link_issue(
            target=juror, purpose=Juror.LINK_PURPOSE, expires_at=edition.scoring_closes_at
        )
        return {
            "edition": edition,
            "application": application,
            "attachment": attachment,
            "token": token,
            "juror": juror,
        }


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it, so each builds only the rows its own URL reads."""
    rows = _AwardRows(personas)
    return {
        "award_edition_slug": lambda: {"slug": rows.get()["edition"].slug},
        "award_edition": lambda: {"pk": rows.get()["edition"].pk},
        "award_category": lambda: {"pk": rows.get()["edition"].categories.first().pk},
        "award_application": lambda: {"pk": rows.get()["application"].pk},
        "award_attachment": lambda: {"pk": rows.get()["attachment"].pk},
        "award_juror": lambda: {"pk": rows.get()["juror"].pk},
        "award_jury": lambda: {"ref": rows.get()["token"]},
        "award_jury_application": lambda: {
            "ref": rows.get()["token"],
            "pk": rows.get()["application"].pk,
        },
        "award_jury_attachment": lambda: {
            "ref": rows.get()["token"],
            "pk": rows.get()["attachment"].pk,
        },
    }
