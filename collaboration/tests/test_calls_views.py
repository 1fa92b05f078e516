"""The pages of calls for projects: what each audience sees and may do, bad input answered
with a message and nothing saved, query counts pinned, and the whole path from a call to a
labelled project."""

import datetime
import re

import pytest
from django.utils import timezone

from collaboration.models import Call, Participation, Project, ProjectStageChange, Score
from collaboration.tests.calls_helpers import call_make, partner_add, project_make
from members.tests.factories import OrganizationFactory, member_user

pytestmark = pytest.mark.django_db

Status = Participation.Status


def _projects(count: int, call: Call, personas) -> list[Project]:
    projects = []
    for number in range(count):
        lead = OrganizationFactory(name=f"Entreprise {number}")
        project = project_make(call=call, organization=lead, title=f"Projet {number}")
        partner_add(project, personas.org_b, status=Status.PENDING)
        projects.append(project)
    return projects


# Public pages.


def test_public_list_shows_open_calls_first_with_their_deadline(client):
    closed = call_make(is_open=False, title_fr="Appel clos")
    call_make(published=False, title_fr="Appel brouillon")
    opened = call_make(title_fr="Appel ouvert")

    html = client.get("/fr/calls/").content.decode()

    assert html.index(opened.title_fr) < html.index(closed.title_fr)
    assert "Appel brouillon" not in html
    # Each with its deadline; a closed one says so once, in its badge.
    assert html.count("Date limite") == 2 and "Clos Clos" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_public_list_query_count_does_not_grow(client, personas, django_assert_num_queries, count):
    for number in range(count):
        call = call_make(title_fr=f"Appel {number}")
    for project in _projects(3, call, personas):
        project.participations.update(story_consent_at=timezone.now())
        project.participations.filter(status=Status.PENDING).delete()
        Project.objects.filter(pk=project.pk).update(is_success_story=True, stage="funded")
    # The count and the page of calls; the success stories and their consortia.
    with django_assert_num_queries(4):
        response = client.get("/en/calls/")
    assert response.content.decode().count('href="/en/calls/appel-') == min(count, 10)


def test_public_call_page_shows_criteria_documents_and_the_members_link(client, settings):
    call = call_make(
        description_fr="Des **projets** ensemble.", eligibility_fr="Être membre.", slug="appel-x"
    )
    from django.core.files.base import ContentFile

    from collaboration.models import CallDocument

    document = CallDocument(call=call, title="Règlement")
    document.file.save("reglement.pdf", ContentFile(b"%PDF-1.7"), save=True)

    html = client.get("/fr/calls/appel-x/").content.decode()

    assert "<strong>projets</strong>" in html
    assert "Critère 1" in html and "Règlement" in html
    assert "/fr/space/projects/submit/appel-x/" in html
    download = client.get(f"/fr/calls/appel-x/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7"


def test_an_unpublished_call_and_its_documents_are_not_found(client):
    call = call_make(published=False, slug="secret")
    assert client.get("/fr/calls/secret/").status_code == 404
    assert client.get(f"/fr/calls/secret/documents/{call.pk}/").status_code == 404


def test_stories_show_only_projects_every_organization_agreed_to(client, personas):
    call = call_make()
    told = project_make(call=call, organization=personas.org_a, title="Projet raconté")
    untold = project_make(call=call, organization=personas.org_b, title="Projet en attente")
    partner = partner_add(untold, OrganizationFactory())
    for project in (told, untold):
        project.participations.filter(role="lead").update(story_consent_at=timezone.now())
    Project.objects.update(is_success_story=True, stage=Project.Stage.RUNNING, story_fr="Bravo")

    html = client.get("/fr/calls/stories/").content.decode()
    assert "Projet raconté" in html and "Projet en attente" not in html

    partner.story_consent_at = timezone.now()
    partner.save()
    assert "Projet en attente" in client.get("/fr/calls/stories/").content.decode()


# Member space.


@pytest.mark.parametrize("count", [3, 30])
def test_member_list_query_count_does_not_grow(
    client_for, personas, django_assert_num_queries, count
):
    _projects(count, call_make(), personas)
    client = client_for("other_member")
    # Session and user; member_required's affiliation check; the count of projects; the
    # open calls; the menu's affiliation check (base template); the calls of the filter;
    # the page of projects.
    with django_assert_num_queries(8):
        response = client.get("/en/space/projects/")
    assert response.content.decode().count('href="/en/space/projects/projet-') == min(count, 20)


def test_the_member_filter_offers_no_draft_call(client_for, personas):
    call_make(published=False, title_fr="Appel secret")
    call_make(title_fr="Appel public")
    html = client_for("member_contact").get("/en/space/projects/").content.decode()
    assert "Appel public" in html and "Appel secret" not in html


def test_a_member_with_several_organizations_chooses_the_lead(client_for, personas):
    call = call_make(slug="appel-choix")
    from members.models import Affiliation

    Affiliation.objects.create(contact=personas.member_admin.contact, organization=personas.org_b)
    client = client_for("member_admin")

    page = client.get("/en/space/projects/submit/appel-choix/").content.decode()
    assert "Beta Logiciels" in page and "Alpha Numérique" in page

    response = client.post(
        "/en/space/projects/submit/appel-choix/",
        {"organization": personas.org_b.pk, "title": "Banc d'essai", "summary": "Mesurer."},
    )
    project = Project.objects.get(call=call)
    assert response.status_code == 302
    assert project.lead == personas.org_b
    assert project.submitted_by == personas.member_admin.contact


def test_a_member_cannot_submit_for_another_organization(client_for, personas):
    call_make(slug="appel-autre")
    response = client_for("member_admin").post(
        "/en/space/projects/submit/appel-autre/",
        {"organization": personas.org_b.pk, "title": "Intrus", "summary": "x"},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_an_empty_project_form_names_its_fields(client_for, personas):
    call_make(slug="appel-vide")
    response = client_for("member_contact").post("/en/space/projects/submit/appel-vide/", {})
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") >= 2
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("after_deadline", "The deadline of this call has passed"),
        ("twice", "already expressed interest"),
        ("own_project", "Your organization leads this project"),
    ],
)
def test_refused_interests_say_why_and_save_nothing(client_for, personas, situation, message):
    call = call_make()
    project = project_make(call=call, organization=personas.org_a)
    persona, organization = "other_member", personas.org_b
    if situation == "after_deadline":
        Call.objects.filter(pk=call.pk).update(
            deadline=timezone.now() - datetime.timedelta(hours=1)
        )
    elif situation == "twice":
        partner_add(project, personas.org_b, status=Status.DECLINED)
    else:
        persona, organization = "member_contact", personas.org_a
    before = Participation.objects.count()

    response = client_for(persona).post(
        f"/en/space/projects/{project.slug}/interest/",
        {"organization": organization.pk, "contribution": "Nos essais."},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Participation.objects.count() == before


def test_the_lead_sees_the_buttons_and_others_do_not(client_for, personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    pending = partner_add(project, personas.org_b, status=Status.PENDING)
    lead_page = client_for("member_contact").get(f"/en/space/projects/{project.slug}/")
    assert f"/en/space/projects/interests/{pending.pk}/decide/" in lead_page.content.decode()
    other_page = client_for("other_member").get(f"/en/space/projects/{project.slug}/")
    assert "/decide/" not in other_page.content.decode()
    # Another member sees neither the pending offer nor its contribution.
    third = member_user(OrganizationFactory(), email="third@gamma.test")
    client = client_for("anonymous")
    client.force_login(third, backend="django.contrib.auth.backends.ModelBackend")
    assert "Des essais." not in client.get(f"/en/space/projects/{project.slug}/").content.decode()


def test_a_member_of_a_draft_call_project_gets_404(client_for, personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    Call.objects.update(is_published=False)
    assert client_for("other_member").get(f"/en/space/projects/{project.slug}/").status_code == 404


def test_story_consent_from_the_space(client_for, personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    lead = project.participations.get()
    client_for("member_contact").post(
        f"/en/space/projects/interests/{lead.pk}/story-consent/", {"agreed": "1"}
    )
    lead.refresh_from_db()
    assert lead.story_consent_at is not None


# Back-office.


@pytest.mark.parametrize("count", [3, 30])
def test_staff_project_list_query_count_does_not_grow(
    client_for, personas, django_assert_num_queries, count
):
    _projects(count, call_make(), personas)
    client = client_for("staff")
    # Session and user; the count; the menu's affiliation check (base template); the calls
    # of the filter; the page (with call, lead and the consortium's counts).
    with django_assert_num_queries(6):
        response = client.get("/en/staff/collaboration/calls/projects/")
    rows = re.findall(
        r'href="/en/staff/collaboration/calls/projects/\d+/"', response.content.decode()
    )
    assert len(rows) == min(count, 25)


def test_staff_project_list_filters_and_exports(client_for, personas):
    call = call_make()
    other_call = call_make()
    project_make(call=call, organization=personas.org_a, title="Réseau électrique")
    project_make(call=other_call, organization=personas.org_b, title="Usine")
    client = client_for("staff")

    by_lead = client.get("/en/staff/collaboration/calls/projects/?q=alpha numerique")
    assert "Réseau électrique" in by_lead.content.decode()
    assert "Usine" not in by_lead.content.decode()
    by_title = client.get("/en/staff/collaboration/calls/projects/?q=ELECTRIQUE").content.decode()
    assert "Réseau électrique" in by_title and "Usine" not in by_title
    by_call = client.get(f"/en/staff/collaboration/calls/projects/?call={other_call.pk}")
    assert "Usine" in by_call.content.decode()
    assert "Réseau" not in by_call.content.decode()

    export = client.get("/en/staff/collaboration/calls/projects/?stage=idea&export=csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = export.content.decode().splitlines()
    assert len(rows) == 3 and rows[0].lstrip("\ufeff").startswith("Project;")
    xlsx = client.get("/en/staff/collaboration/calls/projects/?export=xlsx")
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("count", [3, 30])
def test_board_query_count_does_not_grow(client_for, personas, django_assert_num_queries, count):
    projects = _projects(count, call_make(), personas)
    Project.objects.filter(pk__in=[p.pk for p in projects[::2]]).update(stage="submitted")
    client = client_for("staff")
    # Session and user; the counts per stage; the cards (at most 30 a stage, with call and
    # lead); the menu's affiliation check (base template); the calls of the filter.
    with django_assert_num_queries(6):
        response = client.get("/en/staff/collaboration/calls/board/")
    html = response.content.decode()
    assert f"({(count + 1) // 2})" in html and f"({count // 2})" in html
    assert 'class="calls-board__column"' in html


def test_staff_create_a_call_with_criteria_then_publish_it(client_for, personas):
    client = client_for("staff")
    data = {
        "title_fr": "Appel 2028",
        "opens_on": "2026-01-10",
        "deadline": "2027-03-01T18:00",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-position": "1",
        "criteria-0-name_fr": "Innovation",
        "criteria-0-weight": "3",
        "criteria-0-max_score": "5",
        "criteria-1-position": "1",
        "criteria-1-name_fr": "",
        "criteria-1-weight": "1",
        "criteria-1-max_score": "5",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    response = client.post("/en/staff/collaboration/calls/new/", data)
    assert response.status_code == 302
    call = Call.objects.get()
    assert (call.slug, call.is_published) == ("appel-2028", False)
    assert [c.name_fr for c in call.criteria.all()] == ["Innovation"]

    client.post(f"/en/staff/collaboration/calls/{call.pk}/publish/", {"published": "1"})
    call.refresh_from_db()
    assert call.is_published and call.published_at


def test_a_call_form_with_bad_input_saves_nothing(client_for, personas):
    response = client_for("staff").post(
        "/en/staff/collaboration/calls/new/",
        {
            "title_fr": "Appel",
            "opens_on": "2026-05-01",
            "deadline": "2026-04-01T10:00",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name_fr": "Impact",
            "criteria-0-weight": "0",
            "criteria-0-max_score": "5",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "documents-0-title": "Virus",
            "documents-0-file": _upload("virus.exe", b"MZ"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The deadline comes after the opening date." in html
    assert "greater than or equal to 1" in html
    assert not Call.objects.exists()


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first": "9", "second": "1", "declared": "on"}, "less than or equal to 5"),
        ({"first": "-1", "second": "1", "declared": "on"}, "greater than or equal to 0"),
        ({"first": "3", "second": "1"}, "Declare that you have no conflict of interest"),
    ],
)
def test_bad_scores_are_refused_with_a_message(client_for, personas, data, message):
    project = project_make(call=call_make(), organization=personas.org_a)
    first, second = project.call.criteria.all()
    post = {f"criterion_{first.pk}": data["first"], f"criterion_{second.pk}": data["second"]}
    if "declared" in data:
        post["no_conflict_declared"] = "on"
    response = client_for("staff").post(
        f"/en/staff/collaboration/calls/projects/{project.pk}/score/", post
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Score.objects.exists()


def test_a_stage_form_without_its_decision_date_saves_nothing(client_for, personas):
    project = project_make(call=call_make(), organization=personas.org_a)
    response = client_for("staff").post(
        f"/en/staff/collaboration/calls/projects/{project.pk}/stage/",
        {"stage": "labelled", "label_decision": "labelled"},
    )
    assert response.status_code == 400
    assert "Give the date of the label decision." in response.content.decode()
    project.refresh_from_db()
    assert project.stage == "idea"


# The whole path.


def test_from_a_published_call_to_a_labelled_project(
    client_for, personas, mailoutbox, django_capture_on_commit_callbacks
):
    staff = client_for("staff")
    call = call_make(published=False, slug="appel-parcours")
    staff.post(f"/en/staff/collaboration/calls/{call.pk}/publish/", {"published": "1"})
    assert client_for("anonymous").get("/en/calls/appel-parcours/").status_code == 200

    # Org A submits.
    member_a = client_for("member_admin")
    member_a.post(
        "/en/space/projects/submit/appel-parcours/",
        {"organization": personas.org_a.pk, "title": "Ligne partagée", "summary": "Ensemble."},
    )
    project = Project.objects.get()
    assert project.lead == personas.org_a

    # Org B expresses interest; org A's people are told.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("other_member").post(
            f"/en/space/projects/{project.slug}/interest/",
            {"organization": personas.org_b.pk, "contribution": "Nos bancs d'essai."},
        )
    assert response.status_code == 302
    assert {message.to[0] for message in mailoutbox} == {"admin@alpha.test", "contact@alpha.test"}
    interest = project.participations.get(organization=personas.org_b)

    # Org A accepts; org B's contact is told.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("member_admin").post(
            f"/en/space/projects/interests/{interest.pk}/decide/", {"decision": "accept"}
        )
    interest.refresh_from_db()
    assert interest.status == Status.ACCEPTED
    assert [message.to for message in mailoutbox] == [["admin@beta.test"]]

    # A scorer affiliated to org B (now in the consortium) has no form and is refused.
    conflicted = member_user(personas.org_b, email="animateur@beta.test", is_staff=True)
    client = client_for("anonymous")
    client.force_login(conflicted, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/en/staff/collaboration/calls/projects/{project.pk}/").content.decode()
    assert "you cannot score it" in page and "no_conflict_declared" not in page
    first, second = call.criteria.all()
    scores = {f"criterion_{first.pk}": "4", f"criterion_{second.pk}": "8"}
    client.post(
        f"/en/staff/collaboration/calls/projects/{project.pk}/score/",
        {**scores, "no_conflict_declared": "on"},
    )
    assert not Score.objects.exists()

    # Staff score it, then label it.
    staff = client_for("staff")
    response = staff.post(
        f"/en/staff/collaboration/calls/projects/{project.pk}/score/",
        {**scores, "comment": "Prometteur", "no_conflict_declared": "on"},
    )
    assert response.status_code == 302
    assert Score.objects.filter(scorer=personas.staff).count() == 2
    ranking = staff.get(f"/en/staff/collaboration/calls/{call.pk}/ranking/").content.decode()
    # (3 × 4 + 1 × 8) / (3 × 5 + 1 × 10) = 80 %.
    assert "80 %" in ranking
    staff.post(
        f"/en/staff/collaboration/calls/projects/{project.pk}/stage/",
        {
            "stage": "labelled",
            "label_decision": "labelled",
            "label_decided_on": timezone.localdate().isoformat(),
        },
    )
    project.refresh_from_db()
    assert (project.stage, project.label_decision) == ("labelled", "labelled")
    assert ProjectStageChange.objects.filter(project=project, to_stage="labelled").exists()

    # The project shows on both organizations' 360° pages, with its stage.
    for organization, role in ((personas.org_a, "Project lead"), (personas.org_b, "Partner")):
        page = staff.get(f"/en/staff/organizations/{organization.slug}/").content.decode()
        assert "Ligne partagée" in page and "Labelled or selected" in page and role in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_360_panel_reads_its_projects_in_one_query(personas, django_assert_num_queries, count):
    from collaboration.hooks import _organization_projects

    call = call_make()
    for number in range(count):
        project = project_make(call=call, organization=OrganizationFactory(), title=f"P{number}")
        partner_add(project, personas.org_a, status=Status.ACCEPTED if number % 2 else "declined")
    project_make(call=call, organization=personas.org_a, title="Mené par Alpha")
    with django_assert_num_queries(1):
        projects = _organization_projects(organization=personas.org_a)["collaboration_projects"]
        titles = [(project.title, project.call.title_fr, project.lead.name) for project in projects]
    # Led, or accepted as a partner; a declined interest is not a project of Alpha's. The
    # latest ten at most: the rest are in the projects list the panel links to.
    assert len(titles) == min(1 + count // 2, 10)
    assert titles[0][0] == "Mené par Alpha"


def test_a_call_whose_only_error_is_in_a_criterion_says_so_at_the_top(client_for, personas):
    response = client_for("staff").post(
        "/en/staff/collaboration/calls/new/",
        {
            "title_fr": "Appel",
            "opens_on": "2026-01-10",
            "deadline": "2027-03-01T18:00",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-position": "1",
            "criteria-0-name_fr": "Impact",
            "criteria-0-weight": "-1",
            "criteria-0-max_score": "5",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    summary = html[html.index('class="alert alert--error error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Please correct the errors below." in summary
    assert 'href="#id_criteria-0-weight"' in summary
    assert not Call.objects.exists()
