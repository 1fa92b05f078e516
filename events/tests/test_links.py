"""A registration's personal links (core.links): the person's own link (confirm a guest
request, cancel) and the check-in link of the QR code, issued by each email."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from core.models import PersonalLink
from core.tests.database import assert_nowhere_in_database
from events import selectors, tasks
from events.models import Event, Registration
from events.models.registrations import LINKS_OUTLIVE_EVENT
from events.services import events as event_services
from events.services import registrations as services
from events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _tokens(message) -> tuple[str, str]:
    """(the person's token, the check-in token) of a registration email."""
    token = re.search(r"/registration/([\w-]+)/cancel/", message.body).group(1)
    checkin = re.search(r"/check-in/([\w-]+)/", message.body).group(1)
    return token, checkin


def test_the_confirmation_email_links_are_stored_only_as_hashes():
    registration = RegistrationFactory()
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    token, checkin = _tokens(mail.outbox[0])
    assert selectors.registration_for_link(token=token) == registration
    assert selectors.registration_for_checkin_link(token=checkin) == registration
    # Neither opens the other's page: cancelling is not for whoever reads the QR code.
    assert selectors.registration_for_link(token=checkin) is None
    assert selectors.registration_for_checkin_link(token=token) is None
    assert_nowhere_in_database(token)
    assert_nowhere_in_database(checkin)


def test_the_links_work_until_ninety_days_after_the_event():
    registration = RegistrationFactory()
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    expected = registration.event.ends_at + LINKS_OUTLIVE_EVENT
    for link in PersonalLink.objects.all():
        assert link.expires_at == expected


def test_each_email_carries_new_links_and_earlier_ones_keep_working():
    registration = RegistrationFactory()
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    Registration.objects.filter(pk=registration.pk).update(
        confirmed_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    tasks.registration_email_send(registration.pk, services.CONFIRMED)
    first, second = _tokens(mail.outbox[0]), _tokens(mail.outbox[1])
    assert first != second
    for token, checkin in (first, second):
        assert selectors.registration_for_link(token=token) == registration
        assert selectors.registration_for_checkin_link(token=checkin) == registration


def test_an_email_already_sent_issues_no_link_when_its_task_runs_again():
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    registration = RegistrationFactory(
        event=EventFactory(starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=2))
    )
    for _run in range(3):
        tasks.registration_email_send(registration.pk, services.REMINDER)
    assert len(mail.outbox) == 1
    assert PersonalLink.objects.count() == 2  # one link to cancel, one to check in


def test_a_new_guest_request_after_cancelling_retires_the_old_link(
    django_capture_on_commit_callbacks,
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
    old = re.search(r"/registration/([\w-]+)/confirm/", mail.outbox[0].body).group(1)
    services.registration_cancel(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_guest_request(**request)
    new = re.search(r"/registration/([\w-]+)/confirm/", mail.outbox[-1].body).group(1)
    assert selectors.registration_for_link(token=old) is None
    assert selectors.registration_for_link(token=new) == registration


def test_an_event_moved_later_keeps_its_links_working_after_its_new_date():
    registration = RegistrationFactory()
    token = services.registration_link_issue(registration=registration)
    checkin = services.checkin_link_issue(registration=registration)
    event = registration.event
    later = event.starts_at + datetime.timedelta(days=200)
    event_services.event_move(
        event=event, starts_at=later, ends_at=later + datetime.timedelta(hours=2)
    )
    expected = later + datetime.timedelta(hours=2) + LINKS_OUTLIVE_EVENT
    assert list(PersonalLink.objects.values_list("expires_at", flat=True)) == [expected] * 2
    assert selectors.registration_for_link(token=token) == registration
    assert selectors.registration_for_checkin_link(token=checkin) == registration


def test_the_check_in_page_keeps_its_token_through_a_live_marking(client_for):
    registration = RegistrationFactory()
    checkin = services.checkin_link_issue(registration=registration)
    with translation.override("en"):
        page = reverse("events:checkin_token", args=[checkin])
        mark = reverse("events:checkin_mark", args=[registration.event.slug, registration.pk])
    client = client_for("staff")
    assert f'name="token" value="{checkin}"' in client.get(page).content.decode()
    html = client.post(
        mark,
        {"attendance": "present", "from": "token", "token": checkin},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert f'name="token" value="{checkin}"' in html
    # A token that is not this registration's is not carried on, nor redirected to.
    other = services.checkin_link_issue(registration=RegistrationFactory())
    response = client.post(mark, {"attendance": "present", "from": "token", "token": other})
    assert response.status_code == 302 and other not in response["Location"]
