import datetime
import re
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from core.models import SentEmail
from events import selectors, tasks
from events.ical import event_uid
from events.models import Event, Registration
from events.services import checkin as checkin_services
from events.services import events as event_services
from events.services import registrations as services
from events.tests.factories import EventFactory, GuestRegistrationFactory, RegistrationFactory
from members.models import Affiliation, WorkingGroup, WorkingGroupMember
from members.tests.factories import ContactFactory, OrganizationFactory, member_user

PARIS = ZoneInfo("Europe/Paris")


def member_contact(organization=None, **kwargs):
    user = member_user(organization or OrganizationFactory(), **kwargs)
    return user.contact


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Gamma Industrie")


def test_member_registers_in_one_click_and_gets_a_confirmation(
    organization, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=10)
    contact = member_contact(organization)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(event=event, contact=contact)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.organization == organization
    assert registration.organization_name == "Gamma Industrie"
    assert registration.email == contact.email.lower()
    assert [message.to for message in mail.outbox] == [[registration.email]]
    message = mail.outbox[0]
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    names = [attachment[0] for attachment in message.attachments]
    assert names == ["event.ics", "qr.png"]
    assert message.attachments[1][1].startswith(b"\x89PNG")
    checkin_token = _token_after("/check-in/", message.body)
    assert selectors.registration_for_checkin_link(token=checkin_token) == registration
    assert checkin_token in message.body  # the check-in link the QR code encodes


def test_full_event_puts_next_registrant_on_waitlist_and_cancellation_promotes_them(
    organization, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = services.registration_create(event=event, contact=member_contact(organization))
    # The promoted person reads English: the subject below is asserted in English.
    english = member_contact(organization)
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    second = services.registration_create(event=event, contact=english)
    third = services.registration_create(event=event, contact=member_contact(organization))
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert second.language == "en"
    assert second.waitlisted_at is not None
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)

    assert promoted == [second]
    second.refresh_from_db()
    third.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.CONFIRMED
    assert third.status == Registration.Status.WAITLISTED
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert "freed up" in mail.outbox[0].subject
    assert [name for name, *_rest in mail.outbox[0].attachments] == ["event.ics", "qr.png"]


@pytest.mark.parametrize("new_capacity", [3, None])
def test_raising_or_clearing_the_capacity_promotes_the_waitlist_in_order(
    organization, django_capture_on_commit_callbacks, new_capacity
):
    event = EventFactory(capacity=1)
    services.registration_create(event=event, contact=member_contact(organization))
    waiting = [
        services.registration_create(event=event, contact=member_contact(organization))
        for _ in range(3)
    ]
    assert {r.status for r in waiting} == {Registration.Status.WAITLISTED}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_update(event=event, values={"capacity": new_capacity})

    for registration in waiting:
        registration.refresh_from_db()
    statuses = [registration.status for registration in waiting]
    if new_capacity == 3:
        # Two more seats: the first two in line, the third keeps waiting.
        assert statuses == ["confirmed", "confirmed", "waitlisted"]
    else:
        assert statuses == ["confirmed"] * 3
    promoted = [r.email for r in waiting if r.status == Registration.Status.CONFIRMED]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(promoted)


def test_lowering_the_capacity_promotes_nobody(organization):
    event = EventFactory(capacity=2)
    services.registration_create(event=event, contact=member_contact(organization))
    services.registration_create(event=event, contact=member_contact(organization))
    waiting = services.registration_create(event=event, contact=member_contact(organization))
    event_services.event_update(event=event, values={"capacity": 1})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_cancelling_a_waitlisted_registration_promotes_nobody(organization):
    event = EventFactory(capacity=1)
    services.registration_create(event=event, contact=member_contact(organization))
    waiting = services.registration_create(event=event, contact=member_contact(organization))
    after = services.registration_create(event=event, contact=member_contact(organization))
    assert services.registration_cancel(registration=waiting) == []
    after.refresh_from_db()
    assert after.status == Registration.Status.WAITLISTED


def test_registering_again_after_cancelling_reuses_the_row(organization):
    event = EventFactory(capacity=5)
    contact = member_contact(organization)
    registration = services.registration_create(event=event, contact=contact)
    services.registration_cancel(registration=registration)
    again = services.registration_create(event=event, contact=contact)
    assert again.pk == registration.pk
    assert again.status == Registration.Status.CONFIRMED
    assert again.cancelled_at is None
    assert Registration.objects.filter(event=event).count() == 1


def test_seats_left_is_never_negative_and_none_without_a_limit():
    assert Event(capacity=3).seats_left(taken=1) == 2
    assert Event(capacity=3).seats_left(taken=5) == 0
    assert Event(capacity=None).seats_left(taken=5) is None


def test_registering_twice_is_refused(organization):
    event = EventFactory()
    contact = member_contact(organization)
    services.registration_create(event=event, contact=contact)
    with translation.override("en"), pytest.raises(services.RegistrationError, match="already"):
        services.registration_create(event=event, contact=contact)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cancelled_at": timezone.now()}, "cancelled"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=1),
                "ends_at": timezone.now() + datetime.timedelta(hours=1),
            },
            "already started",
        ),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "opens on"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)}, "closed"),
        ({"is_published": False}, "not published"),
    ],
)
def test_registration_outside_its_window_is_refused_with_a_reason(organization, changes, message):
    event = EventFactory(**changes)
    with translation.override("en"), pytest.raises(services.RegistrationError, match=message):
        services.registration_create(event=event, contact=member_contact(organization))
    assert not Registration.objects.exists()


def test_members_only_event_refuses_a_contact_affiliated_to_no_organization(db):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    outsider = ContactFactory()
    assert not Affiliation.objects.filter(contact=outsider).exists()
    with translation.override("en"), pytest.raises(services.RegistrationError, match="not open"):
        services.registration_create(event=event, contact=outsider)


def test_group_event_is_for_the_group_members_only(organization):
    group = WorkingGroup.objects.create(name_fr="Cybersécurité", slug="cyber")
    event = EventFactory(audience=Event.Audience.GROUP, working_group=group)
    member = member_contact(organization)
    outsider = member_contact(organization)
    WorkingGroupMember.objects.create(
        group=group, contact=member, status=WorkingGroupMember.Status.ACCEPTED
    )
    WorkingGroupMember.objects.create(group=group, contact=outsider)  # only asked to join
    assert services.registration_create(event=event, contact=member).is_active
    with pytest.raises(services.RegistrationError):
        services.registration_create(event=event, contact=outsider)


def test_staff_may_register_a_contact_the_audience_would_refuse(db):
    from core.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    event = EventFactory(audience=Event.Audience.MEMBERS)
    registration = services.registration_create(
        event=event, contact=ContactFactory(), registered_by=staff
    )
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.registered_by == staff


def _link(body: str, path_part: str) -> str:
    return re.search(rf"https?://\S+{path_part}\S*", body).group(0)


def _token_after(path_part: str, body: str) -> str:
    """The token of the first link of `body` whose path has `path_part` before it."""
    return re.search(rf"{path_part}([\w-]+)/", body).group(1)


def test_guest_confirms_by_the_emailed_link(client, db, django_capture_on_commit_callbacks):
    event = EventFactory(audience=Event.Audience.PUBLIC, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_guest_request(
            event=event,
            email="Guest@Example.COM",
            first_name="Gina",
            last_name="Guest",
            organization_name="Outside",
            language="en",
        )
    assert registration.status == Registration.Status.PENDING
    assert registration.email == "guest@example.com"
    assert len(mail.outbox) == 1
    confirm_url = _link(mail.outbox[0].body, "/registration/")
    token = _token_after("/registration/", confirm_url)
    assert selectors.registration_for_link(token=token) == registration
    assert confirm_url.endswith(f"/en/events/registration/{token}/confirm/")
    assert mail.outbox[0].attachments == []

    path = confirm_url.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (as mail scanners do) confirms nothing.
    assert client.get("/" + path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/" + path)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert [name for name, *_rest in mail.outbox[1].attachments] == ["event.ics", "qr.png"]

    # The next guest to confirm finds the only seat taken.
    with django_capture_on_commit_callbacks(execute=True):
        other = services.registration_guest_request(
            event=event,
            email="late@example.com",
            first_name="Léo",
            last_name="Late",
            organization_name="",
            language="fr",
        )
        services.registration_confirm(registration=other)
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITLISTED


def test_guest_form_page_registers_and_tells_to_check_the_mailbox(
    client, db, django_capture_on_commit_callbacks
):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    with translation.override("en"):
        url = reverse("events:guest_register", args=[event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"first_name": "Gina", "last_name": "Guest", "email": "gina@example.com"}
        )
    assert response.status_code == 200
    assert "gina@example.com" in response.content.decode()
    assert Registration.objects.get().status == Registration.Status.PENDING
    assert len(mail.outbox) == 1


def test_guest_form_shows_errors_next_to_the_fields_and_saves_nothing(client, db):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    with translation.override("en"):
        url = reverse("events:guest_register", args=[event.slug])
    response = client.post(url, {"first_name": "", "last_name": "Guest", "email": "nope"})
    assert response.status_code == 200
    assert 'id="id_email_errors"' in response.content.decode()
    assert not Registration.objects.exists()


def test_guest_form_refuses_more_than_the_hourly_requests_of_one_address(
    client, db, django_capture_on_commit_callbacks
):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    with translation.override("en"):
        url = reverse("events:guest_register", args=[event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(services.GUEST_REQUESTS_PER_HOUR + 1):
            response = client.post(
                url,
                {"first_name": "Gina", "last_name": "Guest", "email": f"g{number}@example.com"},
                REMOTE_ADDR="203.0.113.7",
            )
    assert "Too many registrations were sent from your connection" in response.content.decode()
    assert Registration.objects.count() == services.GUEST_REQUESTS_PER_HOUR
    assert len(mail.outbox) == services.GUEST_REQUESTS_PER_HOUR
    # Another connection is not held up.
    client.post(
        url,
        {"first_name": "Hugo", "last_name": "Guest", "email": "hugo@example.com"},
        REMOTE_ADDR="198.51.100.2",
    )
    assert Registration.objects.filter(email="hugo@example.com").exists()


def test_unconfirmed_guest_requests_are_forgotten_after_a_week(db):
    stale = GuestRegistrationFactory(
        status=Registration.Status.PENDING,
        confirmed_at=None,
        created_at=timezone.now() - services.PENDING_KEPT_FOR - datetime.timedelta(minutes=1),
    )
    recent = GuestRegistrationFactory(
        status=Registration.Status.PENDING,
        confirmed_at=None,
        created_at=timezone.now() - services.PENDING_KEPT_FOR + datetime.timedelta(hours=1),
    )
    old_but_confirmed = GuestRegistrationFactory(created_at=timezone.now() - datetime.timedelta(30))
    tasks.registration_reminders_queue()  # the hourly beat task does it
    remaining = set(Registration.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, old_but_confirmed.pk}
    assert stale.pk not in remaining


def test_a_lost_confirmation_link_is_sent_again_but_not_on_every_request(
    db, django_capture_on_commit_callbacks
):
    event = EventFactory(audience=Event.Audience.PUBLIC)
    request = {
        "event": event,
        "email": "gina@example.com",
        "first_name": "Gina",
        "last_name": "Guest",
        "organization_name": "",
        "language": "en",
    }
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_guest_request(**request)
        assert services.registration_guest_request(**request) == registration
    assert len(mail.outbox) == 1
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - services.GUEST_LINK_RESEND_AFTER
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_guest_request(**request)
    assert len(mail.outbox) == 2
    token = _token_after("/registration/", mail.outbox[1].body)
    assert selectors.registration_for_link(token=token) == registration
    assert token in mail.outbox[1].body
    assert Registration.objects.count() == 1


def test_guests_may_not_register_for_members_only_events(db):
    event = EventFactory(audience=Event.Audience.MEMBERS)
    with pytest.raises(services.RegistrationError):
        services.registration_guest_request(
            event=event,
            email="g@example.com",
            first_name="G",
            last_name="G",
            organization_name="",
            language="fr",
        )


def test_cancellation_link_frees_the_seat_without_signing_in(
    client, db, django_capture_on_commit_callbacks
):
    event = EventFactory(audience=Event.Audience.PUBLIC, capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    with translation.override("en"):
        url = reverse(
            "events:registration_cancel",
            args=[services.registration_link_issue(registration=registration)],
        )
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.email]]


def test_ics_attachment_parses_and_keeps_the_event_uid(organization):
    event = EventFactory(online_url="https://visio.example.org/room")
    registration = services.registration_create(event=event, contact=member_contact(organization))
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "PUBLISH"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == event_uid(event)
    assert vevent.decoded("dtstart") == event.starts_at
    assert "https://visio.example.org/room" in str(vevent["location"])


def test_ics_attachment_is_named_in_the_registrants_language(organization):
    event = EventFactory(title_fr="Réunion de rentrée", title_en="Back-to-school meeting")
    contact = member_contact(organization)
    contact.preferred_language = "en"
    contact.save()
    registration = services.registration_create(event=event, contact=contact)
    with translation.override("fr"):  # the worker's own language must not leak in
        tasks.registration_email_send(registration.pk, services.CONFIRMED)
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["x-wr-calname"]) == "Back-to-school meeting"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Back-to-school meeting"


def test_each_email_is_sent_once_however_often_the_task_runs(organization):
    event = EventFactory()
    registration = services.registration_create(event=event, contact=member_contact(organization))
    assert tasks.registration_email_send(registration.pk, services.CONFIRMED) is True
    assert tasks.registration_email_send(registration.pk, services.CONFIRMED) is False
    assert len(mail.outbox) == 1


def test_emails_are_in_the_registrants_language(organization):
    event = EventFactory(title_fr="Réunion de rentrée", title_en="Back-to-school meeting")
    for language in ("fr", "en"):
        contact = member_contact(organization)
        contact.preferred_language = language
        contact.save()
        registration = services.registration_create(event=event, contact=contact)
        assert registration.language == language
        tasks.registration_email_send(registration.pk, services.CONFIRMED)
    assert "Réunion de rentrée" in mail.outbox[0].subject
    assert "Back-to-school meeting" in mail.outbox[1].subject


def _tomorrow_at(hour: int) -> datetime.datetime:
    tomorrow = timezone.localtime(timezone.now(), PARIS).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(hour), tzinfo=PARIS)


def test_reminder_is_sent_once_even_if_the_beat_task_runs_twice(db):
    tomorrow = EventFactory(starts_at=_tomorrow_at(10), ends_at=_tomorrow_at(12))
    later = EventFactory(
        starts_at=_tomorrow_at(10) + datetime.timedelta(days=1),
        ends_at=_tomorrow_at(12) + datetime.timedelta(days=1),
    )
    reminded = RegistrationFactory(event=tomorrow)
    RegistrationFactory(event=tomorrow, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=later)

    assert tasks.registration_reminders_queue() == 1
    assert tasks.registration_reminders_queue() == 1  # queued again, not sent again
    assert [message.to for message in mail.outbox] == [[reminded.email]]
    assert "Tomorrow" in mail.outbox[0].subject
    assert SentEmail.objects.filter(key=f"registration:{reminded.pk}:reminder:0").count() == 1


def test_an_event_moved_to_another_day_gets_a_new_reminder(db):
    event = EventFactory(starts_at=_tomorrow_at(10), ends_at=_tomorrow_at(12))
    reminded = RegistrationFactory(event=event)
    assert tasks.registration_reminders_queue() == 1
    # Postponed by a week, then back to tomorrow (the change bumps SEQUENCE).
    event_services.event_move(
        event=event,
        starts_at=_tomorrow_at(10) + datetime.timedelta(days=7),
        ends_at=_tomorrow_at(12) + datetime.timedelta(days=7),
    )
    event_services.event_move(event=event, starts_at=_tomorrow_at(14), ends_at=_tomorrow_at(16))
    mail.outbox.clear()
    assert tasks.registration_reminders_queue() == 1
    assert [message.to for message in mail.outbox] == [[reminded.email]]


def test_an_email_queued_before_a_cancellation_is_not_sent(db):
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)
    assert tasks.registration_email_send(registration.pk, services.CONFIRMED) is False
    assert mail.outbox == []


def test_attendance_is_recorded_with_who_checked_in(db):
    from core.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    registration = RegistrationFactory()
    checkin_services.registration_attendance_set(
        registration=registration, attendance=Registration.Attendance.PRESENT, by=staff
    )
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.PRESENT
    assert registration.checked_in_by == staff
    checkin_services.registration_attendance_set(
        registration=registration, attendance=Registration.Attendance.NO_SHOW, by=staff
    )
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.NO_SHOW
    assert registration.checked_in_at is None


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_the_last_five_seats(monkeypatch):
    # The emails are not what is tested here; each thread would otherwise render them.
    monkeypatch.setattr(tasks.registration_email_send, "apply_async", lambda *args, **kwargs: None)
    organization = OrganizationFactory()
    event = EventFactory(capacity=10)
    for _index in range(5):
        RegistrationFactory(event=event)
    contacts = [ContactFactory() for _index in range(50)]
    Affiliation.objects.bulk_create(
        [Affiliation(contact=contact, organization=organization) for contact in contacts]
    )
    start = threading.Barrier(len(contacts))
    errors = []

    def register(contact):
        try:
            start.wait()
            services.registration_create(event=event, contact=contact)
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(contact,)) for contact in contacts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = Registration.objects.filter(event=event).values_list("status", flat=True)
    assert sorted(statuses).count(Registration.Status.CONFIRMED) == 10
    assert list(statuses).count(Registration.Status.WAITLISTED) == 45
