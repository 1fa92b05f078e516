"""The calendar's demo data (events/demo.py), on top of a small demo register."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events import demo
from events.models import Event, Registration
from members.demo import register_seed


def seed_calendar(orgs: int) -> list[Event]:
    today = timezone.localdate()
    register = register_seed(organization_count=orgs, seed=2026, password="demo", today=today)
    return demo.events_seed(
        rng=register.rng,
        organizations=register.organizations,
        people=register.people,
        staff_user=register.staff,
        today=today,
    )


def test_demo_calendar_has_registrations_attendance_and_group_meetings(db):
    seed_calendar(12)
    now = timezone.now()
    registrations = Registration.objects.select_related("event")
    assert registrations.filter(event__ends_at__lt=now, attendance="present").exists()
    assert registrations.filter(event__ends_at__lt=now, attendance="no_show").exists()
    assert not registrations.filter(event__ends_at__gte=now).exclude(attendance="unknown").exists()
    assert registrations.filter(event__starts_at__gt=now, contact__user__email="member@demo.local")
    group_meetings = Event.objects.filter(audience=Event.Audience.GROUP)
    assert group_meetings.filter(starts_at__gt=now).exists()
    assert group_meetings.filter(ends_at__lt=now).exists()
    # Nobody holds a seat beyond an event's capacity.
    for event in Event.objects.filter(capacity__isnull=False):
        assert event.registrations.filter(status="confirmed").count() <= event.capacity


def test_demo_events_have_markdown_descriptions_in_both_languages(db):
    seed_calendar(12)
    cluster_events = Event.objects.exclude(audience=Event.Audience.GROUP)
    assert cluster_events.exists()
    assert not cluster_events.filter(description_fr="").exists()
    assert not cluster_events.filter(description_en="").exists()
    assert cluster_events.filter(description_fr__contains="**").exists()


def test_events_spread_over_the_year_around_today(db):
    seed_calendar(5)

    # The working groups' own meetings come on top of the cluster's calendar.
    events = list(Event.objects.filter(working_group__isnull=True))
    now = timezone.now()
    past = [event for event in events if event.ends_at < now]
    assert 20 <= len(events) <= 30
    assert abs(len(past) - (len(events) - len(past))) <= 4
    for event in events:
        assert timezone.is_aware(event.starts_at)
        assert event.starts_at < event.ends_at
        assert event.title_fr and event.title_en and event.venue
    meeting = next(event for event in events if event.kind == Event.Kind.MONTHLY_MEETING)
    assert timezone.localtime(meeting.starts_at, ZoneInfo("Europe/Paris")).hour == 18


def test_public_calendar_has_a_handful_of_upcoming_public_events(client, db):
    seed_calendar(5)
    upcoming_public = Event.objects.published().filter(
        audience=Event.Audience.PUBLIC, starts_at__gt=timezone.now()
    )
    assert upcoming_public.count() >= 5
    assert len({event.kind for event in upcoming_public}) >= 3
    page = client.get("/fr/events/").content.decode()
    for event in upcoming_public[:5]:
        assert event.title_fr in page or event.slug in page
    # Guests (people outside the register) come to public events only, some lately.
    guests = Registration.objects.filter(contact=None)
    assert guests.exists()
    assert not guests.exclude(event__audience=Event.Audience.PUBLIC).exists()
    assert guests.filter(created_at__gte=timezone.now() - timedelta(days=30)).exists()
