import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import AgendaItem, Event, Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventDocumentFactory,
    EventFactory,
    RegistrationFactory,
)
from members.models import WorkingGroup, WorkingGroupMember
from members.tests.factories import ContactFactory


def url(name, *args, **kwargs):
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs)


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def events(db):
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    return {
        "public": EventFactory(title_en="Open conference", audience=Event.Audience.PUBLIC),
        "members": EventFactory(title_en="Members meeting", audience=Event.Audience.MEMBERS),
        "group": EventFactory(
            title_en="Cyber group meeting", audience=Event.Audience.GROUP, working_group=group
        ),
        "unpublished": EventFactory(title_en="Draft event", is_published=False),
        "past": EventFactory(
            title_en="Last year's assembly",
            audience=Event.Audience.PUBLIC,
            starts_at=timezone.now() - datetime.timedelta(days=30),
            ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
        ),
    }


def _titles(response):
    html = response.content.decode()
    titles = [
        "Open conference",
        "Members meeting",
        "Cyber group meeting",
        "Draft event",
        "Last year's assembly",
    ]
    return {title for title in titles if title in html}


def test_anonymous_visitors_see_public_upcoming_events_only(client, events):
    assert _titles(client.get(url("events:event_list"))) == {"Open conference"}


def test_member_contacts_also_see_members_only_events(client_for, events):
    response = client_for("member_contact").get(url("events:event_list"))
    assert _titles(response) == {"Open conference", "Members meeting"}


def test_group_events_are_listed_for_the_group_members(client_for, personas, events):
    WorkingGroupMember.objects.create(
        group=events["group"].working_group,
        contact=personas.member_contact.contact,
        status=WorkingGroupMember.Status.ACCEPTED,
    )
    member = _titles(client_for("member_contact").get(url("events:event_list")))
    assert "Cyber group meeting" in member
    assert "Cyber group meeting" not in _titles(
        client_for("other_member").get(url("events:event_list"))
    )


def test_staff_see_every_published_event(client_for, events):
    titles = _titles(client_for("staff").get(url("events:event_list")))
    assert titles == {"Open conference", "Members meeting", "Cyber group meeting"}


def test_list_filters_by_kind_and_audience(client, events):
    EventFactory(title_en="Open training", audience="public", kind=Event.Kind.TRAINING)
    response = client.get(url("events:event_list"), {"kind": "training"})
    html = response.content.decode()
    assert "Open training" in html and "Open conference" not in html


def test_list_filters_by_month(client, events):
    start = timezone.now() + datetime.timedelta(days=70)
    EventFactory(
        title_en="Later conference",
        audience="public",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    month = timezone.localtime(start).strftime("%Y-%m")
    html = client.get(url("events:event_list"), {"month": month}).content.decode()
    assert "Later conference" in html
    assert "Open conference" not in html or month == timezone.localtime(
        events["public"].starts_at
    ).strftime("%Y-%m")


def test_list_with_a_bad_filter_shows_the_error_not_a_500(client, events):
    response = client.get(url("events:event_list"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert 'id="id_kind_errors"' in response.content.decode()


def test_htmx_filtering_returns_only_the_results(client, events):
    response = client.get(url("events:event_list"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html


@pytest.mark.parametrize("size", [5, 30])
def test_list_query_count_does_not_grow(client_for, personas, django_assert_num_queries, size):
    for _index in range(size):
        event = EventFactory(capacity=20)
        RegistrationFactory(event=event, contact=personas.member_contact.contact)
    client = client_for("member_contact")
    # session, user; the header's "is member" check; the count and the page of events with
    # their groups, partner calendars and seat counts; the viewer's registrations to them.
    with django_assert_num_queries(6):
        response = client.get(url("events:event_list"))
    assert response.content.decode().count('class="directory-card"') == min(size, 20)


@pytest.mark.parametrize("size", [5, 30])
def test_month_view_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=40)).replace(hour=9)
    for index in range(size):
        EventFactory(
            audience="public",
            starts_at=start + datetime.timedelta(minutes=index),
            ends_at=start + datetime.timedelta(minutes=index + 30),
        )
    # The month's events, with their groups, partner calendars and seat counts.
    with django_assert_num_queries(1):
        response = client.get(url("events:event_month", year=start.year, month=start.month))
    html = response.content.decode()
    assert html.count('class="event-month__events"') == 1
    assert html.count("Monthly meeting") == 2 * size  # in the grid and in the list


def test_month_view_shows_a_very_long_event_on_the_month_grid_only(client, db):
    # Until the last day there is: walking every one of its days would never end in time
    # (and overflows past year 9999).
    EventFactory(
        title_en="Permanent exhibition",
        audience="public",
        starts_at=datetime.datetime(2020, 3, 1, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(9999, 12, 31, 10, tzinfo=datetime.UTC),
    )
    response = client.get(url("events:event_month", year=2026, month=2))
    assert response.status_code == 200
    grid_days = sum(len(week) for week in response.context["weeks"])
    assert all(events for week in response.context["weeks"] for _day, events in week)
    assert response.content.decode().count("Permanent exhibition") == grid_days + 1


def test_month_view_links_to_the_previous_and_next_months(client, db):
    html = client.get(url("events:event_month", year=2026, month=1)).content.decode()
    assert url("events:event_month", year=2025, month=12) in html
    assert url("events:event_month", year=2026, month=2) in html
    assert client.get("/en/events/month/2026/13/").status_code == 404


@pytest.mark.parametrize("size", [5, 30])
def test_event_page_query_count_does_not_grow(
    client_for, personas, django_assert_num_queries, size
):
    event = EventFactory(capacity=100)
    RegistrationFactory(event=event, contact=personas.member_contact.contact)
    for _index in range(size):
        RegistrationFactory(event=event)
        AgendaItemFactory(event=event)
        EventDocumentFactory(event=event)
    client = client_for("member_contact")
    # session, user; the event with its group, partner calendar and seat count; the viewer's
    # registration; the viewer's contact; its agenda; its documents; the header's "is member".
    with django_assert_num_queries(8):
        response = client.get(url("events:event_detail", event.slug))
    html = response.content.decode()
    assert f"{100 - size - 1} seats left" in html
    assert html.count("/documents/") == size


def test_event_page_in_the_viewers_language_and_paris_time(client, db):
    event = EventFactory(
        audience="public",
        title_fr="Assemblée générale",
        title_en="General assembly",
        # Winter: Paris is UTC+1, so 18:00–19:30 UTC is 19:00–20:30 in Paris.
        starts_at=datetime.datetime(2030, 1, 15, 18, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 1, 15, 19, 30, tzinfo=datetime.UTC),
    )
    AgendaItem.objects.create(event=event, title_fr="Rapport moral", title_en="Moral report")
    english = client.get(url("events:event_detail", event.slug)).content.decode()
    assert "General assembly" in english and "Moral report" in english
    assert "19:00" in english and "20:30" in english
    assert "18:00" not in english and "19:30" not in english  # not shown in UTC
    with translation.override("fr"):
        french = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "Assemblée générale" in french and "Rapport moral" in french


def test_online_link_is_hidden_from_non_registrants(client_for, personas, db):
    event = EventFactory(online_url="https://visio.example.org/secret-room")
    RegistrationFactory(event=event, contact=personas.member_contact.contact)
    RegistrationFactory(
        event=event,
        contact=personas.member_admin.contact,
        status=Registration.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    page = url("events:event_detail", event.slug)
    assert "secret-room" in client_for("member_contact").get(page).content.decode()
    assert "secret-room" in client_for("staff").get(page).content.decode()
    assert "secret-room" not in client_for("member_admin").get(page).content.decode()
    assert "secret-room" not in client_for("other_member").get(page).content.decode()


def test_participant_documents_are_for_registrants_and_staff(client_for, personas, db):
    event = EventFactory()
    RegistrationFactory(event=event, contact=personas.member_contact.contact)
    document = EventDocumentFactory(event=event, title="Slides")
    download = url("events:event_document", event.slug, document.pk)
    response = client_for("member_contact").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client_for("staff").get(download).status_code == 200
    assert client_for("other_member").get(download).status_code == 403
    assert (
        "Slides"
        not in client_for("other_member")
        .get(url("events:event_detail", event.slug))
        .content.decode()
    )
    assert client_for("anonymous").get(download).status_code == 302


def test_members_only_event_sends_anonymous_visitors_to_login(client, db):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    response = client.get(url("events:event_detail", event.slug))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_group_event_is_not_found_for_outsiders(client_for, db):
    group = WorkingGroup.objects.create(name_fr="Robotique", slug="robotique")
    event = EventFactory(audience=Event.Audience.GROUP, working_group=group)
    assert client_for("other_member").get(url("events:event_detail", event.slug)).status_code == 404


def test_unpublished_event_is_for_staff_only(client_for, db):
    event = EventFactory(is_published=False, audience="public")
    assert client_for("anonymous").get(url("events:event_detail", event.slug)).status_code == 302
    assert client_for("member_admin").get(url("events:event_detail", event.slug)).status_code == 404
    assert client_for("staff").get(url("events:event_detail", event.slug)).status_code == 200


def test_member_registers_and_cancels_from_the_event_page(
    client_for, personas, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=3)
    client = client_for("member_contact")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("events:event_register", event.slug), follow=True)
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get(event=event)
    assert registration.contact == personas.member_contact.contact
    assert registration.organization == personas.org_a
    assert "Cancel my registration" in response.content.decode()

    response = client.post(url("events:event_unregister", event.slug), follow=True)
    assert "Your registration is cancelled" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_registration_refusal_is_explained_on_the_event_page(client_for, personas):
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    response = client_for("member_contact").post(
        url("events:event_register", event.slug), follow=True
    )
    assert "Registration is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_staff_register_someone_found_by_name(
    client_for, personas, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    contact = personas.member_contact.contact
    contact.first_name, contact.last_name = "Hélène", "Dupré-Œillet"
    contact.save()
    client = client_for("staff")
    page = url("events:register_someone", event.slug)

    # Accents and capitals aside, in any order, without JavaScript (a plain GET).
    found = client.get(page, {"q": "OEILLET helene"}).content.decode()
    assert "Hélène Dupré-Œillet" in found and "1 contact found" in found
    assert f'name="contact" value="{contact.pk}"' in found
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{page}?q=helene", {"contact": contact.pk}, follow=True)

    assert "is on the waitlist" in response.content.decode()
    registration = Registration.objects.get(contact=contact)
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.registered_by == personas.staff
    # Found again, the contact is shown as waiting rather than offered a second time.
    again = client.get(page, {"q": "hélène"}).content.decode()
    assert "Already on the waitlist" in again
    assert f'name="contact" value="{contact.pk}"' not in again


@pytest.mark.parametrize("size", [2, 15])
def test_register_someone_live_search_answers_the_results_only_in_fixed_queries(
    client_for, personas, django_assert_num_queries, size
):
    event = EventFactory()
    for number in range(size):
        # A first name no drawn contact has (the personas' names come from Faker's list).
        ContactFactory(first_name="Zéphyrine", last_name=f"Martin {number}")
    client = client_for("staff")

    # session, user; the event; the count; the page of contacts with their registration
    # status; their affiliations with organizations.
    with django_assert_num_queries(6):
        response = client.get(
            url("events:register_someone", event.slug), {"q": "zephyrine"}, HTTP_HX_REQUEST="true"
        )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert html.count('name="contact"') == size


def test_register_someone_refuses_an_unknown_contact_with_a_message(client_for, personas):
    event = EventFactory()

    response = client_for("staff").post(
        url("events:register_someone", event.slug), {"contact": 999999}, follow=True
    )

    assert "This contact no longer exists" in response.content.decode()
    assert not Registration.objects.exists()


def test_my_events_lists_upcoming_and_past_with_attendance(client_for, personas):
    contact = personas.member_contact.contact
    RegistrationFactory(event=EventFactory(title_en="Coming soon"), contact=contact)
    past = EventFactory(
        title_en="Long ago",
        starts_at=timezone.now() - datetime.timedelta(days=60),
        ends_at=timezone.now() - datetime.timedelta(days=60, hours=-2),
    )
    RegistrationFactory(event=past, contact=contact, attendance=Registration.Attendance.PRESENT)
    RegistrationFactory(event=EventFactory(title_en="Someone else's"))
    html = client_for("member_contact").get(url("events:space_events")).content.decode()
    assert "Coming soon" in html and "Long ago" in html and "Present" in html
    assert "Someone else" not in html
    assert (
        url(
            "events:event_unregister",
            EventFactory._meta.model.objects.get(title_en="Coming soon").slug,
        )
        in html
    )


def test_group_page_shows_the_groups_upcoming_meetings(client_for, personas):
    group = WorkingGroup.objects.create(name_fr="Data", slug="data")
    WorkingGroupMember.objects.create(
        group=group, contact=personas.member_admin.contact, status="accepted"
    )
    EventFactory(title_fr="Réunion data", title_en="Data meeting", working_group=group)
    EventFactory(title_en="Other meeting")
    with translation.override("en"):
        page = reverse("members:space_group", args=[group.slug])
    html = client_for("member_admin").get(page).content.decode()
    assert "Data meeting" in html and "Other meeting" not in html


def test_organization_page_shows_its_event_attendance(client_for, personas):
    RegistrationFactory(
        event=EventFactory(title_en="Visit of the plant"),
        contact=personas.member_contact.contact,
        organization=personas.org_a,
        attendance=Registration.Attendance.NO_SHOW,
    )
    with translation.override("en"):
        page = reverse("members:staff_organization", args=[personas.org_a.slug])
    html = client_for("staff").get(page).content.decode()
    assert "Visit of the plant" in html and "No-show" in html


def test_a_full_event_says_so_before_registering_with_the_waitlist_position(client_for, personas):
    event = EventFactory(capacity=1, audience=Event.Audience.PUBLIC)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    position = "on the waiting list, in position 3 (2 people are waiting already)"
    for persona, page in [
        ("member_contact", url("events:event_detail", event.slug)),
        ("anonymous", url("events:event_detail", event.slug)),
        ("anonymous", url("events:guest_register", event.slug)),
    ]:
        html = client_for(persona).get(page).content.decode()
        assert position in html, (persona, page)
        # A button on the member's page and the guest form, a link to the form for visitors.
        assert re.search(r"Join the waitlist</(button|a)>", html), (persona, page)


def test_an_event_with_seats_left_offers_to_register_without_a_waitlist_notice(client, db):
    event = EventFactory(capacity=2, audience=Event.Audience.PUBLIC)
    RegistrationFactory(event=event)
    for page in (url("events:event_detail", event.slug), url("events:guest_register", event.slug)):
        html = client.get(page).content.decode()
        assert 'id="event-full"' not in html
        assert "Join the waitlist" not in html
        assert re.search(r">Register</(button|a)>", html)
