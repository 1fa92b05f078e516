import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Registration


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off


def test_demo_calendar_has_registrations_attendance_and_group_meetings(db):
    call_command("seed_demo", "--orgs", "12", stdout=io.StringIO())
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
    call_command("seed_demo", "--orgs", "12", stdout=io.StringIO())
    cluster_events = Event.objects.exclude(audience=Event.Audience.GROUP)
    assert cluster_events.exists()
    assert not cluster_events.filter(description_fr="").exists()
    assert not cluster_events.filter(description_en="").exists()
    assert cluster_events.filter(description_fr__contains="**").exists()
