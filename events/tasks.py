"""Celery tasks of the events app: each loads its objects by primary key and calls a service."""

from celery import shared_task

from events.models import Event, PartnerCalendar, Registration
from events.services import registrations


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def registration_email_send(registration_id: int, occasion: str) -> bool:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    return registrations.registration_email_send(registration=registration, occasion=occasion)


@shared_task
def registration_reminders_queue() -> int:
    """Beat task: queue the reminders of tomorrow's events (returns how many), and forget
    the guest requests nobody confirmed."""
    registrations.registration_pending_purge()
    return registrations.registration_reminders_queue()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def event_change_notices_send(event_id: int, sequence: int) -> int:
    from events.services import events

    event = Event.objects.get(pk=event_id)
    return events.event_change_notices_send(event=event, sequence=sequence)


@shared_task(soft_time_limit=600)
def partner_calendars_import() -> int:
    """Beat task: import every active partner cluster's feed; returns how many worked."""
    from events.services import feeds

    return feeds.partner_calendars_import()


@shared_task(soft_time_limit=120)
def partner_calendar_import(partner_id: int) -> bool:
    from events.services import feeds

    return feeds.partner_calendar_import(partner=PartnerCalendar.objects.get(pk=partner_id))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def guest_registration_animators_notify(registration_id: int) -> int:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    return registrations.guest_registration_animators_notify(registration=registration)
