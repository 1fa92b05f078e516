"""The `data` of each event type: ids, slugs and the fields a receiver needs to act without
calling back (README, "Webhooks"). Dates are ISO 8601, amounts strings of euros."""

from decimal import Decimal

from core.domain_events import EVENT_TYPES


def _euros(value) -> str | None:
    return str(Decimal(value).quantize(Decimal("0.01"))) if value is not None else None


def _iso(value):
    return value.isoformat() if value is not None else None


def _organization(organization) -> dict:
    return {
        "id": organization.pk,
        "slug": organization.slug,
        "name": organization.name,
        "siren": organization.siren,
        "postal_code": organization.postal_code,
        "city": organization.city,
        "lifecycle": organization.lifecycle,
    }


def _membership(membership) -> dict:
    category = membership.category
    return {
        "id": membership.pk,
        "status": membership.status,
        "period_start": _iso(membership.period_start),
        "period_end": _iso(membership.period_end),
        "category": category.slug if category else None,
        "dues_amount": _euros(membership.dues_amount),
        "invoice_number": membership.invoice_number,
        "invoiced_on": _iso(membership.invoiced_on),
        "paid_on": _iso(membership.paid_on),
        "payment_method": membership.payment_method,
    }


def _registration(registration) -> dict:
    event = registration.event
    return {
        "registration": {
            "id": registration.pk,
            "status": registration.status,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "organization_name": registration.organization_name,
            "organization": registration.organization.slug
            if registration.organization_id
            else None,
            "confirmed_at": _iso(registration.confirmed_at),
            "cancelled_at": _iso(registration.cancelled_at),
        },
        "event": {
            "id": event.pk,
            "slug": event.slug,
            "title": event.title_fr,
            "title_en": event.title_en,
            "starts_at": _iso(event.starts_at),
            "ends_at": _iso(event.ends_at),
        },
    }


def _application(application) -> dict:
    contact = application.contact
    return {
        "application": {
            "id": application.pk,
            "submitted_at": _iso(application.submitted_at),
            "category": application.category.slug if application.category_id else None,
        },
        "organization": _organization(application.organization),
        "contact": {
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "email": contact.email,
        },
    }


def _subscriber(subscriber) -> dict:
    return {
        "subscriber": {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "last_name": subscriber.last_name,
            "language": subscriber.language,
            "source": subscriber.source,
            "confirmed_at": _iso(subscriber.confirmed_at),
        }
    }


def _survey_answer(response) -> dict:
    survey = response.survey
    data = {"survey": {"id": survey.pk, "slug": survey.slug, "title": survey.title_fr}}
    if survey.is_anonymous:
        # Nothing that could tie the answer to a person or order it among the others.
        data["response"] = {"submitted_on": _iso(response.submitted_on)}
    else:
        data["response"] = {
            "id": response.pk,
            "submitted_at": _iso(response.submitted_at),
            "contact": response.contact_id,
            "organization": response.organization.slug if response.organization_id else None,
        }
    return data


BUILDERS = {
    "organization.became_member": lambda organization: {
        "organization": _organization(organization)
    },
    "membership.renewed": lambda membership: {
        "membership": _membership(membership),
        "organization": _organization(membership.organization),
    },
    "dues.paid": lambda membership: {
        "membership": _membership(membership),
        "organization": _organization(membership.organization),
    },
    "application.received": _application,
    "registration.confirmed": _registration,
    "registration.cancelled": _registration,
    "subscriber.confirmed": _subscriber,
    "survey.answered": _survey_answer,
}
assert BUILDERS.keys() == EVENT_TYPES.keys()

# Sent by staff from an endpoint's page to check it receives and verifies.
PING = "ping"


def event_data(event_type: str, instance) -> dict:
    return BUILDERS[event_type](instance)
