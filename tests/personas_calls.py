"""The persona matrix of the collaboration calls pages (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona)."""

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

# Org A leads the project; org B (other_member) expressed interest in it, still pending.
EXPECTED = {
    "collaboration:call_list": ("get", None, PUBLIC),
    "collaboration:call_stories": ("get", None, PUBLIC),
    "collaboration:call_detail": ("get", "call_slug", PUBLIC),
    "collaboration:call_document": ("get", "call_document", PUBLIC),
    "collaboration:space_projects": ("get", None, MEMBERS_ONLY),
    "collaboration:space_my_projects": ("get", None, MEMBERS_ONLY),
    "collaboration:space_project_submit": ("get", "call_slug", MEMBERS_ONLY),
    "collaboration:space_project": ("get", "project_slug", MEMBERS_ONLY),
    # An empty POST is a form with errors, shown again on the project's page.
    "collaboration:space_project_interest": (
        "post",
        "project_slug",
        {**MEMBERS_ONLY, "member_admin": 400, "member_contact": 400, "other_member": 400},
    ),
    # Only the lead's people answer; the interested organization must not even find it.
    "collaboration:space_interest_decide": (
        "post",
        "pending_interest",
        {**MEMBERS_ONLY, "member_admin": 302, "member_contact": 302, "other_member": 404},
    ),
    # Each organization consents for itself: org A's people for org A's place.
    "collaboration:space_story_consent": (
        "post",
        "lead_participation",
        {**MEMBERS_ONLY, "member_admin": 302, "member_contact": 302, "other_member": 404},
    ),
    "collaboration:staff_calls": ("get", None, STAFF_ONLY),
    "collaboration:staff_call_create": ("get", None, STAFF_ONLY),
    "collaboration:staff_call_edit": ("get", "call_pk", STAFF_ONLY),
    "collaboration:staff_call_publish": ("post", "call_pk", {**STAFF_ONLY, "staff": 302}),
    "collaboration:staff_call_ranking": ("get", "call_pk", STAFF_ONLY),
    "collaboration:staff_projects": ("get", None, STAFF_ONLY),
    "collaboration:staff_board": ("get", None, STAFF_ONLY),
    "collaboration:staff_project": ("get", "project_pk", STAFF_ONLY),
    # Empty POSTs: the forms come back with their errors.
    "collaboration:staff_project_stage": ("post", "project_pk", {**STAFF_ONLY, "staff": 400}),
    "collaboration:staff_project_story": ("post", "project_pk", {**STAFF_ONLY, "staff": 302}),
    "collaboration:staff_project_score": ("post", "project_pk", {**STAFF_ONLY, "staff": 400}),
}


def _call():
    import datetime

    from django.utils import timezone

    from collaboration.models import Call, Criterion

    call, created = Call.objects.get_or_create(
        slug="appel-test",
        defaults={
            "title_fr": "Appel test",
            "opens_on": timezone.localdate() - datetime.timedelta(days=10),
            "deadline": timezone.now() + datetime.timedelta(days=30),
            "is_published": True,
        },
    )
    if created:
        Criterion.objects.create(call=call, name_fr="Innovation", weight=2, max_score=5)
    return call


def _project(personas):
    from collaboration.models import Participation, Project
    from collaboration.services.calls import project_submit

    project = Project.objects.filter(slug="projet-test").first()
    if project is None:
        project = project_submit(
            call=_call(),
            organization=personas.org_a,
            contact=personas.member_admin.contact,
            title="Projet test",
            summary="Un projet.",
        )
        Participation.objects.create(
            project=project,
            organization=personas.org_b,
            contact=personas.other_member.contact,
            contribution="Des essais.",
        )
    return project


def _document():
    from django.core.files.base import ContentFile

    from collaboration.models import CallDocument

    call = _call()
    document = call.documents.first()
    if document is None:
        document = CallDocument(call=call, title="Règlement")
        document.file.save("reglement.pdf", ContentFile(b"%PDF-1.7 rules"), save=True)
    return {"slug": call.slug, "pk": document.pk}


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it, so each builds only the rows its own URL reads."""
    return {
        "call_slug": lambda: {"slug": _call().slug},
        "call_pk": lambda: {"pk": _call().pk},
        "call_document": _document,
        "project_slug": lambda: {"slug": _project(personas).slug},
        "project_pk": lambda: {"pk": _project(personas).pk},
        "pending_interest": lambda: {
            "pk": _project(personas).participations.get(organization=personas.org_b).pk
        },
        "lead_participation": lambda: {
            "pk": _project(personas).participations.get(organization=personas.org_a).pk
        },
    }
