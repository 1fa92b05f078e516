"""Calls' rules kept in the rulebook, slugs safe when someone takes one at the same moment,
the scorer's check read from the prefetched consortium, and the 360° panel kept short."""

import pytest

from collaboration import permissions
from collaboration.models import Call, Participation, Project
from collaboration.selectors import calls as selectors
from collaboration.services import slugs
from collaboration.tests.calls_helpers import call_make, partner_add, project_make
from members.models import Affiliation
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

Status = Participation.Status


def _slug_taken_meanwhile(monkeypatch, make_rival):
    """The first free slug read is taken by someone else before the insert."""
    read = slugs.slug_free
    raced = []

    def slug_free(model, text, **kwargs):
        slug = read(model, text, **kwargs)
        if not raced:
            raced.append(slug)
            make_rival(slug)
        return slug

    monkeypatch.setattr(slugs, "slug_free", slug_free)
    return raced


def test_a_project_slug_taken_between_read_and_insert_gets_the_next_one(personas, monkeypatch):
    call = call_make()
    project_make(call=call, organization=personas.org_b, title="Ligne partagée")

    def rival(slug):
        Project.objects.create(call=call, slug=slug, title="Ligne partagée", lead=personas.org_b)

    raced = _slug_taken_meanwhile(monkeypatch, rival)
    project = project_make(call=call, organization=personas.org_a, title="Ligne partagée")
    assert raced == ["ligne-partagee-2"]
    assert project.slug == "ligne-partagee-3"
    assert project.participations.get().organization == personas.org_a


def test_a_call_slug_taken_between_read_and_insert_gets_the_next_one(
    client_for, personas, monkeypatch
):
    raced = _slug_taken_meanwhile(
        monkeypatch,
        lambda slug: Call.objects.create(
            slug=slug, title_fr="Appel 2028", deadline="2027-03-01T18:00Z"
        ),
    )
    response = client_for("staff").post(
        "/en/staff/collaboration/calls/new/",
        {
            "title_fr": "Appel 2028",
            "opens_on": "2026-01-10",
            "deadline": "2027-03-01T18:00",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-position": "1",
            "criteria-0-name_fr": "Innovation",
            "criteria-0-weight": "3",
            "criteria-0-max_score": "5",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert raced == ["appel-2028"]
    call = Call.objects.get(slug="appel-2028-2")
    assert [criterion.name_fr for criterion in call.criteria.all()] == ["Innovation"]


def test_drafts_titles_and_documents_are_staffs(personas):
    draft = call_make(published=False)
    published = call_make()
    assert set(permissions.calls_visible_to(personas.member_admin)) == {published}
    assert set(permissions.calls_visible_to(personas.staff)) == {draft, published}
    from collaboration.models import CallDocument

    for call, public in ((draft, False), (published, True)):
        document = CallDocument(call=call)
        assert permissions.can_download_call_document(personas.member_admin, document) is public
        assert permissions.can_download_call_document(personas.staff, document)


def test_interest_is_offered_by_the_users_organizations_not_yet_in_the_project(personas):
    third = OrganizationFactory(name="Gamma")
    Affiliation.objects.create(
        contact=personas.member_admin.contact, organization=third, access=Affiliation.Access.ADMIN
    )
    project = project_make(call=call_make(), organization=personas.org_b)
    project = selectors.project_member_detail(project.slug)
    assert set(permissions.interest_organizations(personas.member_admin, project)) == {
        personas.org_a,
        third,
    }
    partner_add(project, third, status=Status.DECLINED)
    project = selectors.project_member_detail(project.slug)
    assert list(permissions.interest_organizations(personas.member_admin, project)) == [
        personas.org_a
    ]
    # The lead's own contacts answer; staff do not answer for them.
    assert list(permissions.interest_organizations(personas.other_member, project)) == []
    assert permissions.can_answer_interests(personas.other_member, project)
    assert not permissions.can_answer_interests(personas.staff, project)
    assert not permissions.can_answer_interests(personas.member_admin, project)


def test_the_scorers_check_reads_the_prefetched_consortium(personas, django_assert_num_queries):
    project = project_make(call=call_make(), organization=personas.org_a)
    partner_add(project, personas.org_b)
    project = selectors.project_staff_detail(project.pk)
    permissions.organization_ids_of(personas.staff)
    with django_assert_num_queries(0):
        assert permissions.consortium_organization_ids(project) == {
            personas.org_a.pk,
            personas.org_b.pk,
        }
        assert permissions.can_score_project(personas.staff, project)


def test_the_360_panel_shows_the_latest_projects_and_links_to_all(client_for, personas):
    call = call_make()
    for number in range(12):
        project = project_make(call=call, organization=OrganizationFactory(), title=f"P{number}")
        partner_add(project, personas.org_a)
    other = project_make(call=call, organization=personas.org_b, title="Sans Alpha")
    staff = client_for("staff")
    html = staff.get(f"/en/staff/organizations/{personas.org_a.slug}/").content.decode()
    assert "P11" in html and "P2" in html and "P1<" not in html and "P0<" not in html
    link = "/en/staff/collaboration/calls/projects/?organization=alpha-numerique"
    assert link in html

    html = staff.get(link).content.decode()
    assert "12 projects" in html and "P0" in html and other.title not in html
    assert "Alpha Numérique" in html
    response = staff.get("/en/staff/collaboration/calls/projects/?organization=nobody")
    assert response.status_code == 404


def test_the_french_pages_speak_of_reussites_not_success_stories(client, client_for, personas):
    call = call_make()
    project = project_make(call=call, organization=personas.org_a)
    partner_add(project, personas.org_b)
    html = client.get("/fr/calls/stories/").content.decode()
    assert "Réussites" in html and "Success stor" not in html

    html = client_for("staff").get(f"/fr/staff/collaboration/calls/projects/{project.pk}/")
    html = html.content.decode()
    assert "accord pas encore donné" in html and "pas encore d&#x27;accord" not in html


def test_a_declined_interest_is_told_in_french_as_a_manifestation_not_retained(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    from collaboration.services import calls as services

    contact = personas.other_member.contact
    contact.preferred_language = "fr"
    contact.save(update_fields=["preferred_language"])
    project = project_make(call=call_make(), organization=personas.org_a, title="Ligne")
    participation = partner_add(project, personas.org_b, status=Status.PENDING, contact=contact)
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_decide(participation=participation, accepted=False)
    [message] = mailoutbox
    assert message.subject.endswith(
        "Votre manifestation d'intérêt pour « Ligne » n'a pas été retenue"
    )
    assert "espace adhérent" in message.body and "espace membre" not in message.body


@pytest.mark.parametrize("count", [3, 30])
def test_an_organizations_projects_list_query_count_does_not_grow(
    client_for, personas, django_assert_num_queries, count
):
    call = call_make()
    for number in range(count):
        project = project_make(call=call, organization=OrganizationFactory(), title=f"P{number}")
        partner_add(project, personas.org_b)
    client = client_for("staff")
    # Session and user; the organization; the count; the menu's affiliation check; the page
    # (with call, lead and the consortium's counts). No filter bar, so no calls to choose.
    with django_assert_num_queries(6):
        response = client.get("/en/staff/collaboration/calls/projects/?organization=beta-logiciels")
    html = response.content.decode()
    assert html.count('href="/en/staff/collaboration/calls/projects/') >= min(count, 25)
    assert f"{count} projects" in html
