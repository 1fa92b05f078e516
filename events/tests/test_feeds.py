"""iCalendar feeds (public and personal), the personal feed page, partner clusters' feed
import against a real local HTTP server, and the annual calendar."""

import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from core import fetch
from core.tests.feed_server import FeedServer
from core.tests.network import PUBLIC, FakeNetwork
from events.ical import calendar_build, event_uid
from events.models import Event, PartnerCalendar, Registration
from events.services import feeds
from events.tests.factories import EventFactory, RegistrationFactory

PARIS = ZoneInfo("Europe/Paris")


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def vevents(calendar: Calendar) -> dict:
    return {str(component["uid"]): component for component in calendar.walk("VEVENT")}


def in_days(days: int, hour: int = 18) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _english():
    # An import stores its error in the language active when it runs (the worker's, French
    # by default); these tests read the errors in English.
    with translation.override("en"):
        yield


# Public feed


@pytest.fixture
def public_events(db):
    kept = EventFactory(audience=Event.Audience.PUBLIC, title_en="Open day", starts_at=in_days(10))
    kept.ends_at = kept.starts_at + datetime.timedelta(hours=2)
    kept.save()
    cancelled = EventFactory(audience=Event.Audience.PUBLIC, cancelled_at=timezone.now())
    members_only = EventFactory(audience=Event.Audience.MEMBERS)
    unpublished = EventFactory(audience=Event.Audience.PUBLIC, is_published=False)
    return {
        "kept": kept,
        "cancelled": cancelled,
        "members_only": members_only,
        "unpublished": unpublished,
    }


def test_public_feed_is_valid_icalendar_of_published_public_events(client, public_events):
    response = client.get(en("events:calendar_ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "public" in response["Cache-Control"]
    calendar = parse(response.content)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = vevents(calendar)
    kept, cancelled = public_events["kept"], public_events["cancelled"]
    assert set(events) == {event_uid(kept), event_uid(cancelled)}
    assert event_uid(kept).startswith(f"event-{kept.pk}@")
    start = events[event_uid(kept)]["dtstart"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt == kept.starts_at
    assert str(events[event_uid(kept)]["summary"]) == "Open day"
    assert str(events[event_uid(kept)]["status"]) == "CONFIRMED"
    assert str(events[event_uid(cancelled)]["status"]) == "CANCELLED"


def test_public_feed_uid_is_stable_when_the_event_is_renamed(client, public_events):
    kept = public_events["kept"]
    first = set(vevents(parse(feeds.public_calendar_build(language="en"))))
    kept.title_fr = "Nouveau titre"
    kept.slug = "nouveau-titre"
    kept.save()
    assert set(vevents(parse(feeds.public_calendar_build(language="fr")))) == first


def test_public_feed_leaves_out_partner_cluster_events(db):
    partner = PartnerCalendar.objects.create(name="Voisin", feed_url="https://voisin.test/a.ics")
    imported = EventFactory(
        audience=Event.Audience.PUBLIC,
        kind=Event.Kind.PARTNER_CLUSTER,
        organizer=Event.Organizer.PARTNER_CLUSTER,
        partner_calendar=partner,
        external_uid="abc@voisin.test",
        external_url="https://voisin.test/agenda/abc",
    )
    own = EventFactory(audience=Event.Audience.PUBLIC)
    events = vevents(parse(feeds.public_calendar_build(language="fr")))
    assert imported.external_uid not in events
    assert any(uid.startswith(f"event-{own.pk}@") for uid in events)


# Personal feed


@pytest.fixture
def member(personas):
    return personas.member_contact


def test_personal_feed_lists_own_active_registrations_with_the_link_for_seat_holders(
    client, member
):
    contact = member.contact
    confirmed = RegistrationFactory(
        contact=contact, event__online_url="https://visio.test/confirmed"
    )
    waitlisted = RegistrationFactory(
        contact=contact,
        status=Registration.Status.WAITLISTED,
        event__online_url="https://visio.test/waiting",
    )
    cancelled = RegistrationFactory(contact=contact, status=Registration.Status.CANCELLED)
    someone_else = RegistrationFactory()
    # Someone typed the member's address in the guest form: not the member's registration.
    guest_with_their_address = RegistrationFactory(
        contact=None, email=member.email.lower(), event__audience=Event.Audience.PUBLIC
    )
    token = feeds.personal_calendar_get(user=member).token

    response = client.get(en("events:personal_ics", token=token))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    calendar = parse(response.content)
    assert calendar.walk("VTIMEZONE")
    events = vevents(calendar)
    assert set(events) == {event_uid(confirmed.event), event_uid(waitlisted.event)}
    assert "https://visio.test/confirmed" in str(events[event_uid(confirmed.event)]["location"])
    assert "visio.test" not in str(events[event_uid(waitlisted.event)].get("location", ""))
    assert event_uid(cancelled.event) not in events
    assert event_uid(someone_else.event) not in events
    assert event_uid(guest_with_their_address.event) not in events


def test_personal_feed_shows_a_cancelled_event_as_cancelled(client, member):
    registration = RegistrationFactory(contact=member.contact)
    registration.event.cancelled_at = timezone.now()
    registration.event.save()
    token = feeds.personal_calendar_get(user=member).token
    events = vevents(parse(client.get(en("events:personal_ics", token=token)).content))
    assert str(events[event_uid(registration.event)]["status"]) == "CANCELLED"


def test_unknown_token_is_not_found(client, db):
    assert client.get(en("events:personal_ics", token="nope")).status_code == 404


def test_my_calendar_page_shows_the_address_and_regenerating_revokes_the_old(client_for, member):
    client = client_for("member_contact")
    old_token = feeds.personal_calendar_get(user=member).token
    page = client.get(en("events:my_calendar")).content.decode()
    assert en("events:personal_ics", token=old_token) in page

    response = client.post(en("events:my_calendar_regenerate"))

    assert response.status_code == 302
    new_token = feeds.personal_calendar_get(user=member).token
    assert new_token != old_token
    assert client.get(en("events:personal_ics", token=old_token)).status_code == 404
    assert client.get(en("events:personal_ics", token=new_token)).status_code == 200
    assert (
        en("events:personal_ics", token=new_token)
        in client.get(en("events:my_calendar")).content.decode()
    )


# Partner clusters' feeds, served by a real HTTP server on 127.0.0.1


@pytest.fixture
def feed_server(settings):
    # The test server listens on 127.0.0.1, which production refuses to fetch from.
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = True
    server = FeedServer(content_type="text/calendar").start()
    yield server
    server.stop()


def ics(*events: str) -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Voisin//FR", *events, "END:VCALENDAR"]
    )
    return (body + "\r\n").encode()


def vevent(uid, summary, start, end, *, status="CONFIRMED", extra=()):
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/Paris:{start}",
            f"DTEND;TZID=Europe/Paris:{end}",
            f"SUMMARY:{summary}",
            f"STATUS:{status}",
            *extra,
            "END:VEVENT",
        ]
    )


NEXT_YEAR = timezone.now().year + 1
SUMMIT = vevent(
    "summit@voisin.test",
    "Sommet de l'IA",
    f"{NEXT_YEAR}0312T090000",
    f"{NEXT_YEAR}0312T170000",
    extra=["LOCATION:Montpellier", "URL:https://voisin.test/sommet"],
)
WORKSHOP = vevent(
    "workshop@voisin.test", "Atelier cloud", f"{NEXT_YEAR}0401T140000", f"{NEXT_YEAR}0401T170000"
)
ALL_DAY = "\r\n".join(
    [
        "BEGIN:VEVENT",
        "UID:fair@voisin.test",
        f"DTSTART;VALUE=DATE:{NEXT_YEAR}0520",
        "SUMMARY:Salon",
        "URL:javascript:alert(1)",
        "END:VEVENT",
    ]
)


@pytest.fixture
def partner(db, feed_server):
    feed_server.routes["/voisin.ics"] = (200, ics(SUMMIT, WORKSHOP, ALL_DAY))
    return PartnerCalendar.objects.create(
        name="Cluster voisin", feed_url=feed_server.url("/voisin.ics")
    )


def test_import_creates_partner_events_with_their_uid(partner):
    assert feeds.partner_calendar_import(partner=partner) is True

    partner.refresh_from_db()
    assert partner.last_status == PartnerCalendar.FetchStatus.OK
    assert partner.last_event_count == 3
    assert partner.last_error == ""
    assert partner.last_fetched_at is not None
    summit = Event.objects.get(partner_calendar=partner, external_uid="summit@voisin.test")
    assert summit.kind == Event.Kind.PARTNER_CLUSTER
    assert summit.organizer == Event.Organizer.PARTNER_CLUSTER
    assert summit.title_fr == "Sommet de l'IA"
    assert summit.venue == "Montpellier"
    assert summit.external_url == "https://voisin.test/sommet"
    assert summit.starts_at == datetime.datetime(NEXT_YEAR, 3, 12, 9, tzinfo=PARIS)
    fair = Event.objects.get(external_uid="fair@voisin.test")
    assert fair.starts_at == datetime.datetime(NEXT_YEAR, 5, 20, tzinfo=PARIS)
    assert fair.external_url == ""  # only web links are kept
    # The partner's UID is ours too, so calendars that know both see one event.
    assert event_uid(summit) == "summit@voisin.test"


def test_importing_again_updates_changed_events_without_duplicating(partner, feed_server):
    feeds.partner_calendar_import(partner=partner)
    workshop = Event.objects.get(external_uid="workshop@voisin.test")
    summit = Event.objects.get(external_uid="summit@voisin.test")
    moved = vevent(
        "workshop@voisin.test",
        "Atelier cloud souverain",
        f"{NEXT_YEAR}0402T140000",
        f"{NEXT_YEAR}0402T170000",
    )
    feed_server.routes["/voisin.ics"] = (200, ics(SUMMIT, moved, ALL_DAY))

    feeds.partner_calendar_import(partner=partner)

    assert Event.objects.filter(partner_calendar=partner).count() == 3
    updated = Event.objects.get(pk=workshop.pk)
    assert updated.title_fr == "Atelier cloud souverain"
    assert updated.starts_at == datetime.datetime(NEXT_YEAR, 4, 2, 14, tzinfo=PARIS)
    assert updated.sequence == workshop.sequence + 1
    assert Event.objects.get(pk=summit.pk).sequence == summit.sequence  # unchanged


def test_cancelled_or_withdrawn_partner_events_are_marked_cancelled(partner, feed_server):
    feeds.partner_calendar_import(partner=partner)
    cancelled_summit = SUMMIT.replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    # The workshop is gone from the feed; the summit is cancelled.
    feed_server.routes["/voisin.ics"] = (200, ics(cancelled_summit, ALL_DAY))

    feeds.partner_calendar_import(partner=partner)

    summit = Event.objects.get(external_uid="summit@voisin.test")
    workshop = Event.objects.get(external_uid="workshop@voisin.test")
    assert summit.is_cancelled and summit.sequence == 1
    assert workshop.is_cancelled and workshop.sequence == 1
    assert not Event.objects.get(external_uid="fair@voisin.test").is_cancelled
    status = vevents(parse(calendar_build(events=[summit], name="Voisin", language="fr")))
    assert str(status["summit@voisin.test"]["status"]) == "CANCELLED"


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ((500, b"oops"), "HTTP 500"),
        ((200, b"<html>not a calendar</html>"), "iCalendar"),
        ((200, b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"), "iCalendar"),
    ],
)
def test_a_broken_feed_is_recorded_and_keeps_the_events_already_imported(
    partner, feed_server, route, message
):
    feeds.partner_calendar_import(partner=partner)
    feed_server.routes["/voisin.ics"] = route

    assert feeds.partner_calendar_import(partner=partner) is False

    partner.refresh_from_db()
    assert partner.last_status == PartnerCalendar.FetchStatus.ERROR
    assert message in partner.last_error
    assert Event.objects.filter(partner_calendar=partner, cancelled_at__isnull=True).count() == 3


def test_an_unreachable_feed_does_not_stop_the_others(
    partner, feed_server, django_capture_on_commit_callbacks
):
    closed = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    dead_url = f"http://127.0.0.1:{closed.server_address[1]}/gone.ics"
    closed.server_close()  # nothing listens on that port any more
    dead = PartnerCalendar.objects.create(name="Aaa injoignable", feed_url=dead_url)
    feed_server.routes["/bad.ics"] = (200, b"garbage")
    malformed = PartnerCalendar.objects.create(
        name="Bbb malformed", feed_url=feed_server.url("/bad.ics")
    )
    PartnerCalendar.objects.create(
        name="Inactive", feed_url=feed_server.url("/inactive.ics"), is_active=False
    )

    # One task per active feed (three), each recording its own outcome.
    with django_capture_on_commit_callbacks(execute=True):
        assert feeds.partner_calendars_import() == 3

    dead.refresh_from_db()
    malformed.refresh_from_db()
    partner.refresh_from_db()
    assert dead.last_status == PartnerCalendar.FetchStatus.ERROR
    assert "Unreachable" in dead.last_error
    assert malformed.last_status == PartnerCalendar.FetchStatus.ERROR
    assert partner.last_status == PartnerCalendar.FetchStatus.OK
    assert PartnerCalendar.objects.get(name="Inactive").last_status == "never"


@pytest.mark.parametrize(
    "resolved", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:192.168.0.1"]
)
def test_feeds_on_internal_addresses_are_refused(partner, settings, monkeypatch, resolved):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = False
    partner.feed_url = "http://partner.test/voisin.ics"
    partner.save()
    monkeypatch.setattr(
        fetch.socket,
        "getaddrinfo",
        lambda host, *args, **kwargs: [(None, None, None, "", (resolved, 80))],
    )
    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is False
    partner.refresh_from_db()
    assert "partner.test is an address of a private network" in partner.last_error
    assert not Event.objects.filter(partner_calendar=partner).exists()


def test_the_feed_is_fetched_from_the_address_that_was_checked(
    partner, feed_server, settings, monkeypatch
):
    """DNS rebinding: the name answers a public address to the check, then 127.0.0.1."""
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = False
    port = feed_server.server.server_address[1]
    partner.feed_url = f"http://partner.test:{port}/voisin.ics"
    partner.save()
    network = FakeNetwork(monkeypatch, port, {"partner.test": [PUBLIC, "127.0.0.1"]})

    assert feeds.partner_calendar_import(partner=partner) is True

    assert network.lookups == ["partner.test"]
    assert network.connected_to == [PUBLIC]
    assert Event.objects.filter(partner_calendar=partner).count() == 3


def test_a_feed_redirected_to_a_private_address_is_refused(
    partner, feed_server, settings, monkeypatch
):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = False
    port = feed_server.server.server_address[1]
    feed_server.routes["/moved.ics"] = (
        302,
        b"",
        {"Location": f"http://127.0.0.1:{port}/voisin.ics"},
    )
    partner.feed_url = f"http://partner.test:{port}/moved.ics"
    partner.save()
    network = FakeNetwork(monkeypatch, port, {"partner.test": [PUBLIC]})

    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is False

    partner.refresh_from_db()
    assert "127.0.0.1 is an address of a private network" in partner.last_error
    assert network.connected_to == [PUBLIC]
    assert not Event.objects.filter(partner_calendar=partner).exists()


@pytest.mark.parametrize(
    ("status", "content_type"),
    [(200, "application/json"), (200, "text/calendar"), (404, "application/json")],
)
def test_what_the_server_answered_never_reaches_the_error_staff_read(
    partner, feed_server, client_for, status, content_type
):
    secret = b'{"internal_api_key": "s3cr3t-t0ken", "db": "postgres://admin:hunter2@db"}'
    feed_server.routes["/voisin.ics"] = (status, secret, {"Content-Type": content_type})

    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is False

    partner.refresh_from_db()
    for leaked in ("s3cr3t", "hunter2", "internal_api_key", "{"):
        assert leaked not in partner.last_error
    if status == 200:
        size = f"{len(secret)}\xa0bytes"
        assert partner.last_error == (
            f"The answer is not an iCalendar file (HTTP 200, {content_type}, {size})."
        )
    page = client_for("staff").get(en("events:staff_partners")).content.decode()
    assert "s3cr3t" not in page and "hunter2" not in page


def test_an_unexpected_failure_is_logged_not_shown(partner, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("s3cr3t detail from deep inside")

    monkeypatch.setattr(feeds, "partner_events_sync", broken)
    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is False
    partner.refresh_from_db()
    assert partner.last_error == "The feed could not be read (RuntimeError)."


def test_the_local_test_server_itself_is_refused_by_default(partner, settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = False
    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is False
    partner.refresh_from_db()
    assert "private network" in partner.last_error


def test_an_event_with_an_unreadable_date_is_skipped_and_counted(partner, feed_server):
    broken = "\r\n".join(
        [
            "BEGIN:VEVENT",
            "UID:broken@voisin.test",
            "DTSTART:20261345T250000",
            "SUMMARY:Date impossible",
            "END:VEVENT",
        ]
    )
    feed_server.routes["/voisin.ics"] = (200, ics(SUMMIT, broken, WORKSHOP))
    with translation.override("en"):
        assert feeds.partner_calendar_import(partner=partner) is True
    partner.refresh_from_db()
    assert partner.last_status == PartnerCalendar.FetchStatus.OK
    assert partner.last_event_count == 2
    assert "1 event of the feed was skipped" in partner.last_error
    assert set(partner.events.values_list("external_uid", flat=True)) == {
        "summit@voisin.test",
        "workshop@voisin.test",
    }


def test_the_tasks_time_limit_is_not_taken_for_a_feed_error(partner, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def out_of_time(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(feeds, "partner_events_sync", out_of_time)
    with pytest.raises(SoftTimeLimitExceeded):
        feeds.partner_calendar_import(partner=partner)


def test_only_web_addresses_are_fetched(db):
    partner = PartnerCalendar.objects.create(name="Local", feed_url="file:///etc/passwd")
    assert feeds.partner_calendar_import(partner=partner) is False
    partner.refresh_from_db()
    assert "http" in partner.last_error


def test_a_feed_larger_than_the_cap_is_refused(partner, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_MAX_BYTES", 100)
    assert feeds.partner_calendar_import(partner=partner) is False
    partner.refresh_from_db()
    assert "larger" in partner.last_error
    assert not Event.objects.filter(partner_calendar=partner).exists()


def test_beat_task_imports_every_active_feed(partner, django_capture_on_commit_callbacks):
    from events import tasks

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.partner_calendars_import() == 1
    assert Event.objects.filter(partner_calendar=partner).count() == 3


def test_a_feed_stopped_by_its_time_limit_says_so_to_staff(partner, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def trickling(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(feeds, "partner_feed_fetch", trickling)
    with pytest.raises(SoftTimeLimitExceeded):
        feeds.partner_calendar_import(partner=partner)
    partner.refresh_from_db()
    assert partner.last_status == PartnerCalendar.FetchStatus.ERROR
    assert "too long" in partner.last_error


def test_staff_see_the_error_of_a_broken_feed(client_for, partner, feed_server):
    feed_server.routes["/voisin.ics"] = (500, b"")
    feeds.partner_calendar_import(partner=partner)
    page = client_for("staff").get(en("events:staff_partners")).content.decode()
    assert "HTTP 500" in page


# Annual calendar


@pytest.fixture
def major_events(db):
    year = NEXT_YEAR
    assembly = EventFactory(
        kind=Event.Kind.GENERAL_ASSEMBLY,
        audience=Event.Audience.PUBLIC,
        title_en="General assembly",
        starts_at=datetime.datetime(year, 6, 15, 14, tzinfo=PARIS),
        ends_at=datetime.datetime(year, 6, 15, 18, tzinfo=PARIS),
    )
    awards = EventFactory(
        kind=Event.Kind.AWARDS_CEREMONY,
        audience=Event.Audience.MEMBERS,
        title_en="Members' awards",
        starts_at=datetime.datetime(year, 11, 20, 19, tzinfo=PARIS),
        ends_at=datetime.datetime(year, 11, 20, 22, tzinfo=PARIS),
    )
    meeting = EventFactory(
        audience=Event.Audience.PUBLIC,
        title_en="Ordinary meeting",
        starts_at=datetime.datetime(year, 6, 1, 14, tzinfo=PARIS),
        ends_at=datetime.datetime(year, 6, 1, 16, tzinfo=PARIS),
    )
    return {"assembly": assembly, "awards": awards, "meeting": meeting}


def test_annual_calendar_groups_major_events_by_month(client_for, major_events):
    page = client_for("member_contact").get(en("events:annual_calendar", year=NEXT_YEAR))
    html = page.content.decode()
    assert f"June {NEXT_YEAR}" in html and f"November {NEXT_YEAR}" in html
    assert "General assembly" in html and "Members&#x27; awards" in html
    assert "Ordinary meeting" not in html  # not a major event
    assert html.index("General assembly") < html.index("Members&#x27; awards")


def test_annual_calendar_shows_visitors_public_events_only(client, major_events):
    html = client.get(en("events:annual_calendar", year=NEXT_YEAR)).content.decode()
    assert "General assembly" in html
    assert "Members&#x27; awards" not in html


def test_annual_calendar_pdf(client, major_events):
    response = client.get(en("events:annual_calendar_pdf", year=NEXT_YEAR))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("offset", [-6, 3])
def test_annual_calendar_outside_recent_and_coming_years_is_not_found(client, db, offset):
    year = timezone.localdate().year + offset
    assert client.get(en("events:annual_calendar", year=year)).status_code == 404
    assert client.get(en("events:annual_calendar_pdf", year=year)).status_code == 404
    edge = timezone.localdate().year + (-5 if offset < 0 else 2)
    assert client.get(en("events:annual_calendar", year=edge)).status_code == 200


def test_annual_calendar_pdf_is_rendered_once_per_reader_class_until_an_event_changes(
    client_for, major_events, monkeypatch, django_capture_on_commit_callbacks
):
    from events.services import events as event_services

    renders = []
    real_render = event_services.pdf_render

    def counting_render(**kwargs):
        renders.append(
            [event.title for _, events in kwargs["context"]["months"] for event in events]
        )
        return real_render(**kwargs)

    monkeypatch.setattr(event_services, "pdf_render", counting_render)
    url = en("events:annual_calendar_pdf", year=NEXT_YEAR)
    first = client_for("anonymous").get(url).content
    assert client_for("anonymous").get(url).content == first
    assert renders == [["General assembly"]]
    # A member sees the members-only event too: another PDF, never the visitors' one.
    client_for("member_contact").get(url)
    client_for("member_contact").get(url)
    assert renders[1:] == [["General assembly", "Members' awards"]]
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_update(event=major_events["assembly"], values={"venue": "Salle B"})
    client_for("anonymous").get(url)
    assert len(renders) == 3


def test_public_feed_is_cached_until_an_event_changes(
    client, public_events, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from events.services import events as event_services

    url = en("events:calendar_ics")
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.event_cancel(event=public_events["kept"])
    events = vevents(parse(client.get(url).content))
    assert str(events[event_uid(public_events["kept"])]["status"]) == "CANCELLED"
