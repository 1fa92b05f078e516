"""What the token resources do: filters, writes through the domain services (with their
checks, emails and side effects), erased people, organizations' tokens kept to their own
rows, survey results as aggregates only, and a fixed number of queries per list."""

import datetime
import json

import pytest
from django.core import mail
from django.db import DatabaseError
from django.utils import timezone

from api.models import ApiAuditEntry
from api.scopes import ALL_SCOPES
from api.tests.helpers import api_world, bearer, organization_token, staff_token
from communications.models import Subscriber
from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Affiliation, Contact, Membership, Organization, Sector
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from surveys.models import Question, Response
from surveys.services.answers import response_submit
from surveys.tests.factories import QuestionFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def world(personas):
    return api_world(personas)


@pytest.fixture
def staff(client, personas):
    """A client whose calls carry a staff token with every scope."""
    headers = bearer(staff_token(personas.staff, *ALL_SCOPES))

    class Caller:
        def get(self, path, **params):
            return client.get(path, params, **headers)

        def send(self, method, path, body=None):
            data = json.dumps(body) if body is not None else ""
            return getattr(client, method)(
                path, data=data, content_type="application/json", **headers
            )

    return Caller()


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return json.loads(response.content)["items"]


def _errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    return {
        "/".join(e["location"][1:]): e["message"] for e in json.loads(response.content)["errors"]
    }


# Organizations


def test_organizations_filter_like_the_back_office_list(staff, world):
    OrganizationFactory(name="Institut Génomique", kind="research_lab", lifecycle="prospect")
    sector = Sector.objects.create(name_fr="Santé", slug="sante")
    world.org_b.sectors.add(sector)

    def names(**query):
        return [o["name"] for o in _items(staff.get("/api/v1/organizations/", **query))]

    assert names(q="genomique") == ["Institut Génomique"]
    assert names(kind="research_lab") == ["Institut Génomique"]
    assert names(lifecycle="member") == ["Alpha Numérique", "Beta Logiciels"]
    assert names(sector="sante") == ["Beta Logiciels"]
    assert staff.get("/api/v1/organizations/", kind="castle").status_code == 422


def test_an_organization_with_a_wrong_siren_is_refused_at_its_field_and_not_created(staff, db):
    response = staff.send(
        "post", "/api/v1/organizations/", {"name": "Delta Robotique", "siren": "732829321"}
    )
    assert "siren" in _errors(response)
    assert [e["type"] for e in json.loads(response.content)["errors"]] == ["siren_key"]
    assert not Organization.objects.filter(name="Delta Robotique").exists()

    created = staff.send(
        "post", "/api/v1/organizations/", {"name": "Delta Robotique", "siren": "732 829 320"}
    )
    assert created.status_code == 201, created.content
    body = json.loads(created.content)
    assert (body["slug"], body["siren"], body["lifecycle"]) == (
        "delta-robotique",
        "732829320",
        "prospect",
    )
    entry = ApiAuditEntry.objects.get(method="POST", status=201)
    assert (entry.status, entry.object_id, entry.resource) == (
        201,
        "delta-robotique",
        "organizations",
    )


def test_a_write_whose_audit_line_cannot_be_recorded_is_undone(staff, db, monkeypatch):
    """The audit entry is written in the write's own transaction: when it fails, the
    organization is not created either, and the caller is told to try again."""

    def refuse(**fields):
        raise DatabaseError("the audit table is unavailable")

    monkeypatch.setattr(ApiAuditEntry.objects, "create", refuse)
    response = staff.send("post", "/api/v1/organizations/", {"name": "Epsilon Capteurs"})
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["type"].endswith("#unavailable")
    assert not Organization.objects.filter(name="Epsilon Capteurs").exists()

    monkeypatch.undo()
    created = staff.send("post", "/api/v1/organizations/", {"name": "Epsilon Capteurs"})
    assert created.status_code == 201
    assert ApiAuditEntry.objects.filter(object_id="epsilon-capteurs", status=201).exists()


def test_a_shared_siren_needs_confirming_and_a_patch_changes_only_what_is_sent(staff, world):
    Organization.objects.filter(pk=world.org_b.pk).update(siren="732829320")
    path = f"/api/v1/organizations/{world.org_a.slug}"
    assert "siren" in _errors(staff.send("patch", path, {"siren": "732829320"}))
    response = staff.send(
        "patch", path, {"siren": "732829320", "confirm_duplicate_siren": True, "city": "Albi"}
    )
    assert response.status_code == 200, response.content
    world.org_a.refresh_from_db()
    assert (world.org_a.siren, world.org_a.city, world.org_a.name) == (
        "732829320",
        "Albi",
        "Alpha Numérique",
    )
    assert "sectors" in _errors(staff.send("patch", path, {"sectors": ["inconnu"]}))
    assert "nope" in str(_errors(staff.send("patch", path, {"nope": 1})))


# Contacts


def test_an_erased_contact_is_listed_as_erased(staff, world):
    # As the erasure of personal data leaves the row (members.privacy).
    Contact.objects.filter(pk=world.contact_b.pk).update(
        first_name="Anonyme",
        last_name=f"#{world.contact_b.pk}",
        email="",
        anonymised_at=timezone.now(),
    )
    items = {c["id"]: c for c in _items(staff.get("/api/v1/contacts/"))}
    erased = items[world.contact_b.pk]
    assert erased["erased"] is True and erased["erased_at"]
    assert "bruno@beta.test" not in json.dumps(erased)
    assert items[world.contact_a.pk]["erased"] is False
    refused = staff.send("patch", f"/api/v1/contacts/{world.contact_b.pk}", {"job_title": "CEO"})
    assert refused.status_code == 409


def test_an_organizations_token_sees_its_people_and_only_their_place_in_it(client, world, personas):
    both = ContactFactory(first_name="Inès", last_name="Double")
    AffiliationFactory(contact=both, organization=world.org_a)
    AffiliationFactory(contact=both, organization=world.org_b)
    secret = organization_token(personas.member_admin, world.org_a)
    response = client.get("/api/v1/contacts/", **bearer(secret))
    items = _items(response)
    ids = {c["id"] for c in items}
    assert world.contact_a.pk in ids and both.pk in ids and world.contact_b.pk not in ids
    shown = next(c for c in items if c["id"] == both.pk)
    assert [a["organization"] for a in shown["organizations"]] == [world.org_a.slug]
    assert world.org_b.slug.encode() not in response.content


def test_contacts_are_searched_and_created_through_the_service(staff, world):
    found = {c["id"] for c in _items(staff.get("/api/v1/contacts/", q="élodie GARNIER"))}
    assert world.contact_a.pk in found and world.contact_b.pk not in found
    by_organization = _items(staff.get("/api/v1/contacts/", organization=world.org_b.slug))
    beta = Affiliation.objects.filter(organization=world.org_b).values_list("contact_id", flat=True)
    assert sorted(c["id"] for c in by_organization) == sorted(beta)
    assert world.contact_a.pk not in beta
    bad = staff.send(
        "post", "/api/v1/contacts/", {"first_name": "A", "last_name": "B", "email": "x@"}
    )
    assert "email" in _errors(bad)
    response = staff.send(
        "post",
        "/api/v1/contacts/",
        {
            "first_name": "Léa",
            "last_name": "Roux",
            "email": "Lea.Roux@Gamma.test",
            "organization": world.org_a.slug,
            "position": "billing_contact",
        },
    )
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(last_name="Roux")
    assert contact.email == "lea.roux@gamma.test"
    affiliation = contact.affiliations.get()
    assert (affiliation.organization, affiliation.position, affiliation.access) == (
        world.org_a,
        "billing_contact",
        Affiliation.Access.CONTACT,
    )


# Memberships


def test_paying_dues_activates_the_membership_and_makes_a_member(staff, world):
    Organization.objects.filter(pk=world.org_a.pk).update(lifecycle="applicant")
    path = f"/api/v1/memberships/{world.membership_a.pk}/payment"
    response = staff.send("post", path, {"payment_method": "card"})
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert (body["paid"], body["status"], body["paid_on"]) == (
        True,
        "active",
        timezone.localdate().isoformat(),
    )
    world.org_a.refresh_from_db()
    assert world.org_a.lifecycle == Organization.Lifecycle.MEMBER
    assert staff.send("post", path, {}).status_code == 409
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    other = f"/api/v1/memberships/{world.membership_b.pk}/payment"
    assert "paid_on" in _errors(staff.send("post", other, {"paid_on": future}))


def test_memberships_filter_by_year_payment_and_organization(staff, world):
    Membership.objects.filter(pk=world.membership_b.pk).update(paid_on=timezone.localdate())
    ids = lambda **q: {m["id"] for m in _items(staff.get("/api/v1/memberships/", **q))}  # noqa: E731
    year = timezone.localdate().year
    assert ids(paid="true") == {world.membership_b.pk}
    assert ids(paid="false") == {world.membership_a.pk}
    assert ids(organization=world.org_a.slug) == {world.membership_a.pk}
    assert ids(year=year) == {world.membership_a.pk, world.membership_b.pk}
    assert ids(year=year - 1) == set()
    assert staff.get("/api/v1/memberships/", year=99999).status_code == 422


# Events and registrations


def test_events_filter_by_dates_kind_and_publication(staff, world):
    now = timezone.now()
    EventFactory(
        slug="ancien",
        kind=Event.Kind.TRAINING,
        starts_at=now - datetime.timedelta(days=40),
        ends_at=now - datetime.timedelta(days=40, hours=-2),
    )
    slugs = lambda **q: {e["slug"] for e in _items(staff.get("/api/v1/events/", **q))}  # noqa: E731
    assert "ancien" not in slugs(**{"from": timezone.localdate().isoformat()})
    assert slugs(to=(timezone.localdate() - datetime.timedelta(days=30)).isoformat()) == {"ancien"}
    assert slugs(published="false") == {world.draft.slug}
    assert "club-data" in slugs(kind="monthly_meeting")


def test_an_organizations_token_sees_a_groups_events_only_through_a_member_of_the_group(
    client, world, personas
):
    from members.models import WorkingGroup, WorkingGroupMember

    theirs = WorkingGroup.objects.create(slug="cyber", name_fr="Cybersécurité")
    ours = WorkingGroup.objects.create(slug="ia", name_fr="IA")
    WorkingGroupMember.objects.create(
        group=ours, contact=world.contact_a, status=WorkingGroupMember.Status.ACCEPTED
    )
    WorkingGroupMember.objects.create(
        group=theirs, contact=world.contact_b, status=WorkingGroupMember.Status.ACCEPTED
    )
    for slug, group in (("atelier-cyber", theirs), ("atelier-ia", ours)):
        EventFactory(slug=slug, audience=Event.Audience.GROUP, working_group=group)
    secret = organization_token(personas.member_admin, world.org_a)
    seen = {e["slug"] for e in _items(client.get("/api/v1/events/", **bearer(secret)))}
    assert {"atelier-ia", world.event.slug} <= seen
    assert "atelier-cyber" not in seen and world.draft.slug not in seen
    assert client.get("/api/v1/events/atelier-cyber", **bearer(secret)).status_code == 404
    assert client.get("/api/v1/events/atelier-ia", **bearer(secret)).status_code == 200


def test_an_event_is_created_with_the_forms_checks_and_moving_it_is_announced(staff, world):
    starts = timezone.now().replace(microsecond=0, second=0) + datetime.timedelta(days=30)
    body = {
        "title_fr": "Atelier IA",
        "kind": "monthly_meeting",
        "starts_at": starts.isoformat(),
        "ends_at": (starts - datetime.timedelta(hours=1)).isoformat(),
    }
    assert "ends_at" in _errors(staff.send("post", "/api/v1/events/", body))
    body["ends_at"] = (starts + datetime.timedelta(hours=2)).isoformat()
    created = staff.send("post", "/api/v1/events/", body)
    assert created.status_code == 201, created.content
    event = Event.objects.get(slug="atelier-ia")
    assert (event.is_published, event.starts_at) == (False, starts)

    sequence = world.event.sequence
    moved = staff.send("patch", f"/api/v1/events/{world.event.slug}", {"venue": "Le Quai, Albi"})
    assert moved.status_code == 200, moved.content
    world.event.refresh_from_db()
    assert (world.event.venue, world.event.sequence) == ("Le Quai, Albi", sequence + 1)


def test_cancelling_a_registration_gives_the_seat_to_the_waitlist(staff, world):
    Event.objects.filter(pk=world.event.pk).update(capacity=2)
    waiting = RegistrationFactory(event=world.event, status=Registration.Status.WAITLISTED)
    path = f"/api/v1/registrations/{world.registration_a.pk}/cancel"
    response = staff.send("post", path)
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert staff.send("post", path).status_code == 200  # cancelling again changes nothing
    entry = ApiAuditEntry.objects.filter(path=path).order_by("pk").first()
    assert str(waiting.pk) in entry.change


# Subscribers


def test_adding_a_subscriber_is_a_double_opt_in(staff, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.send(
            "post", "/api/v1/subscribers/", {"email": "Camille@Exemple.test", "language": "en"}
        )
    assert response.status_code == 201, response.content
    body = json.loads(response.content)
    assert (body["email"], body["status"], body["confirmed"], body["source"]) == (
        "camille@exemple.test",
        "pending",
        False,
        "staff",
    )
    assert [message.to for message in mail.outbox] == [["camille@exemple.test"]]
    again = staff.send("post", "/api/v1/subscribers/", {"email": "camille@exemple.test"})
    assert again.status_code == 200
    assert "email" in _errors(staff.send("post", "/api/v1/subscribers/", {"email": "nope"}))


def test_deleting_a_subscriber_unsubscribes_it(staff, world):
    response = staff.send("delete", f"/api/v1/subscribers/{world.subscriber.pk}")
    assert response.status_code == 204
    world.subscriber.refresh_from_db()
    assert world.subscriber.status == Subscriber.Status.UNSUBSCRIBED
    confirmed = _items(staff.get("/api/v1/subscribers/", confirmed="true"))
    assert confirmed == []
    assert [s["email"] for s in _items(staff.get("/api/v1/subscribers/", q="LECTEUR"))] == [
        "lecteur@exemple.test"
    ]


# Surveys


def test_survey_results_are_aggregates_without_any_answer(staff, world):
    survey = world.survey
    nps = survey.questions.get()
    comment = QuestionFactory(survey=survey, kind=Question.Kind.LONG_TEXT, text_fr="Un mot ?")
    for score, text in ((10, "Secret A"), (9, "Secret B"), (3, "Secret C")):
        response_submit(
            survey=survey, questions=[nps, comment], values={nps.pk: score, comment.pk: text}
        )
    assert Response.objects.filter(survey=survey).count() == 3
    response = staff.get(f"/api/v1/surveys/{survey.slug}/results")
    assert response.status_code == 200, response.content
    assert b"Secret" not in response.content
    body = json.loads(response.content)
    assert body["response_count"] == 3
    by_id = {q["id"]: q for q in body["questions"]}
    assert by_id[nps.pk]["nps"]["score"] == 33
    assert by_id[nps.pk]["answered"] == 3
    assert by_id[comment.pk]["answered"] is None and by_id[comment.pk]["choices"] == []
    listed = _items(staff.get("/api/v1/surveys/"))
    assert [(s["slug"], s["response_count"]) for s in listed] == [(survey.slug, 3)]


# A fixed number of queries, whatever the length of the list


def _more(world, n: int):
    for index in range(n):
        organization = OrganizationFactory()
        organization.sectors.add(Sector.objects.get_or_create(slug="num", name_fr="Numérique")[0])
        contact = ContactFactory()
        AffiliationFactory(contact=contact, organization=organization)
        AffiliationFactory(contact=contact, organization=world.org_a)
        Membership.objects.create(
            organization=organization,
            period_start=world.membership_a.period_start,
            period_end=world.membership_a.period_end,
            status=Membership.Status.ACTIVE,
        )
        RegistrationFactory(event=world.event, organization=organization)
        Subscriber.objects.create(
            email=f"abonne{index}-{organization.pk}@exemple.test",
            status=Subscriber.Status.CONFIRMED,
            source=Subscriber.Source.FOOTER,
        )
        EventFactory()


LISTS = {
    "/api/v1/organizations/": 5,
    "/api/v1/contacts/": 3,
    "/api/v1/memberships/": 2,
    "/api/v1/events/": 2,
    "/api/v1/registrations/": 2,
    "/api/v1/subscribers/": 2,
    "/api/v1/surveys/": 2,
}


@pytest.mark.parametrize("path", sorted(LISTS))
def test_each_list_costs_the_same_queries_at_two_sizes(
    client, world, personas, django_assert_num_queries, path
):
    secret = staff_token(personas.staff, *ALL_SCOPES)
    _more(world, 2)
    client.get(path, **bearer(secret))  # the token's first use of the minute is recorded
    with django_assert_num_queries(LISTS[path]):
        assert client.get(path, **bearer(secret)).status_code == 200
    _more(world, 12)
    with django_assert_num_queries(LISTS[path]):
        response = client.get(path, **bearer(secret))
    assert response.status_code == 200
    assert len(json.loads(response.content)["items"]) >= (1 if "surveys" in path else 14)
