"""A person's rights over their data: consents, a copy of their data, and erasure.

Erasure anonymises rather than deletes: the contact row stays so that counts (members of
an organization, participants of a working group, people met in interactions) remain true,
but nothing left in it, or in the login it had, says who the person was.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import CharField, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    ConsentRecord,
    Contact,
    DuesReminder,
    Interaction,
    Invitation,
    WorkingGroupMember,
)
from members.services.directory import directory_cache_invalidate

logger = logging.getLogger(__name__)

# The wording shown on /space/my-data/ next to each purpose. Change the version whenever
# that wording changes, so each record says which text the person agreed to.
CONSENT_TEXT_VERSION = "member-space-2026-01"
# Version 2 added survey_responses, event_registrations and newsletter_subscriptions;
# version 3 consents_in_force, the answers "My data" shows (consents is their history).
EXPORT_FORMAT = "cluster-portal-personal-data/3"
ANONYMISED_FIRST_NAME = "Contact anonymisé"


class ErasureError(Exception):
    """This person cannot be erased from the member register (a staff account)."""


@dataclass(frozen=True)
class ConsentAnswer:
    """The answer in force for one purpose, as every page and the export show it."""

    purpose: str
    state: str
    label: str
    granted: bool
    since: datetime | None
    # False when the person cannot change it themselves (an address that bounced).
    changeable: bool = True


def consent_answers(*, contact: Contact) -> dict[str, ConsentAnswer]:
    """The answer in force for every purpose. The newsletter's is the one of
    communications.services.newsletters.contact_newsletter_consent (the subscription of the
    address decides); the others are the latest ConsentRecord."""
    # Imported here: communications builds on members, not the other way round.
    from communications.services.newsletters import contact_newsletter_consent

    latest: dict[str, ConsentRecord | None] = dict.fromkeys(ConsentRecord.Purpose.values)
    # Newest first: the first record seen per purpose wins.
    for record in ConsentRecord.objects.filter(contact=contact).order_by("-recorded_at", "-pk"):
        if latest[record.purpose] is None:
            latest[record.purpose] = record
    answers = {}
    for purpose, record in latest.items():
        if record is None:
            state, label = "not_asked", _("Not asked yet")
        elif record.granted:
            state, label = "granted", _("Yes")
        else:
            state, label = "refused", _("No")
        answers[purpose] = ConsentAnswer(
            purpose=purpose,
            state=state,
            label=label,
            granted=bool(record and record.granted),
            since=record.recorded_at if record else None,
        )
    newsletter = contact_newsletter_consent(contact=contact)
    answers[ConsentRecord.Purpose.NEWSLETTER] = ConsentAnswer(
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        state=newsletter.state,
        label=newsletter.label,
        granted=newsletter.granted,
        since=newsletter.since,
        changeable=newsletter.state != newsletter.State.BOUNCED,
    )
    return answers


@transaction.atomic
def consent_change(
    *, contact: Contact, purpose: str, granted: bool, source: str, text_version: str
) -> ConsentRecord | None:
    """Record the person's new answer for `purpose`. Repeating the answer in force records
    nothing (a double-clicked button is not a second decision) and returns None."""
    # Lock the contact: two tabs toggling at once must not interleave their records.
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    current = (
        ConsentRecord.objects.filter(contact=contact, purpose=purpose)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if current is not None and current.granted == granted:
        return None
    if purpose == ConsentRecord.Purpose.DIRECTORY:
        # Directory profiles name the people who agree to it; anonymous ones are cached.
        transaction.on_commit(directory_cache_invalidate)
    return ConsentRecord.objects.create(
        contact=contact,
        purpose=purpose,
        granted=granted,
        source=source,
        text_version=text_version,
    )


def consent_choose(*, contact: Contact, purpose: str, granted: bool) -> None:
    """The person's own answer from "My data". The newsletter answer also subscribes or
    unsubscribes their address, which is what newsletters are sent by (and records the
    consent itself)."""
    if purpose == ConsentRecord.Purpose.NEWSLETTER:
        # Imported here: communications builds on members, not the other way round.
        from communications.services.newsletters import subscription_member_set

        subscription_member_set(
            contact=contact, subscribed=granted, consent_text_version=CONSENT_TEXT_VERSION
        )
        return
    consent_change(
        contact=contact,
        purpose=purpose,
        granted=granted,
        source=ConsentRecord.Source.MEMBER_SPACE,
        text_version=CONSENT_TEXT_VERSION,
    )


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _addresses(contact: Contact) -> set[str]:
    """The person's addresses, lower-case: the contact's and their login's."""
    user = contact.user
    return {address.lower() for address in (contact.email, user and user.email) if address}


def _by_address(field: str, addresses: set[str]) -> Q:
    """Rows whose `field` is one of the addresses (none when there is no address)."""
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(**{f"{field}__iexact": address})
    return condition


def _erased_address(prefix: str) -> Concat:
    """A per-row `.invalid` address, for columns that must stay unique (per event, per
    newsletter) once the person's address is gone."""
    return Concat(
        Value(f"erased-{prefix}-"),
        Cast("pk", CharField()),
        Value("@invalid"),
        output_field=CharField(),
    )


def _survey_responses_export(contact: Contact) -> list[dict]:
    # Imported here, as below: surveys, events and communications build on members.
    from surveys.models import Answer, Response

    responses = (
        Response.objects.filter(contact=contact)
        .select_related("survey")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "question__pk"
                ),
            )
        )
        .order_by("submitted_on", "pk")
    )
    return [
        {
            "survey": response.survey.title,
            "submitted_at": _iso(response.submitted_at or response.submitted_on),
            "answers": [
                {"question": answer.question.text, "value": answer.display_value()}
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def _event_registrations_export(contact: Contact, addresses: set[str]) -> list[dict]:
    from events.models import Registration

    registrations = (
        Registration.objects.filter(Q(contact=contact) | _by_address("email", addresses))
        .select_related("event")
        .order_by("created_at", "pk")
    )
    return [
        {
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "starts_at": _iso(registration.event.starts_at),
            "email": registration.email,
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "status": registration.status,
            "attendance": registration.attendance,
            "registered_at": _iso(registration.created_at),
        }
        for registration in registrations
    ]


def _newsletter_subscriptions_export(contact: Contact, addresses: set[str]) -> list[dict]:
    from communications.models import Subscriber

    subscribers = Subscriber.objects.filter(
        Q(contact=contact) | _by_address("email", addresses)
    ).order_by("created_at", "pk")
    return [
        {
            "email": subscriber.email,
            "status": subscriber.status,
            "language": subscriber.language,
            "source": subscriber.source,
            "consent_text_version": subscriber.consent_text_version,
            "created_at": _iso(subscriber.created_at),
            "confirmed_at": _iso(subscriber.confirmed_at),
            "unsubscribed_at": _iso(subscriber.unsubscribed_at),
            "bounced_at": _iso(subscriber.bounced_at),
        }
        for subscriber in subscribers
    ]


def personal_data_export(*, contact: Contact) -> dict:
    """Everything the portal holds about the person, as plain JSON-ready data.

    The keys are stable (see EXPORT_FORMAT); lists are ordered oldest first. Interactions
    give only what concerns the person: date, kind, organization and summary, not the
    other people involved or the staff author. Survey responses are those of surveys that
    name who answered (anonymous ones cannot be traced back to the person); event
    registrations and newsletter subscriptions are those of the contact or of their
    addresses (a registration or a sign-up made as a guest).
    """
    user = contact.user
    addresses = _addresses(contact)
    affiliations = contact.affiliations.select_related("organization").order_by("pk")
    memberships = (
        WorkingGroupMember.objects.filter(contact=contact)
        .select_related("group")
        .order_by("requested_at", "pk")
    )
    interactions = (
        Interaction.objects.filter(contacts=contact)
        .select_related("organization")
        .order_by("happened_on", "pk")
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(timezone.now()),
        "account": None
        if user is None
        else {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "contact": {
            "id": contact.pk,
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "email": contact.email,
            "phone": contact.phone,
            "job_title": contact.job_title,
            "preferred_language": contact.preferred_language,
            "created_at": _iso(contact.created_at),
        },
        "affiliations": [
            {
                "organization": affiliation.organization.name,
                "organization_slug": affiliation.organization.slug,
                "position": affiliation.position,
                "portal_role": affiliation.access,
            }
            for affiliation in affiliations
        ],
        "consents_in_force": [
            {
                "purpose": answer.purpose,
                "state": answer.state,
                "granted": answer.granted,
                "since": _iso(answer.since),
            }
            for answer in consent_answers(contact=contact).values()
        ],
        "consents": [
            {
                "purpose": record.purpose,
                "granted": record.granted,
                "recorded_at": _iso(record.recorded_at),
                "source": record.source,
                "text_version": record.text_version,
            }
            for record in contact.consents.order_by("recorded_at", "pk")
        ],
        "working_groups": [
            {
                "group": membership.group.name_fr,
                "group_slug": membership.group.slug,
                "role": membership.role,
                "status": membership.status,
                "requested_at": _iso(membership.requested_at),
                "decided_at": _iso(membership.decided_at),
            }
            for membership in memberships
        ],
        "interactions": [
            {
                "date": _iso(interaction.happened_on),
                "kind": interaction.kind,
                "organization": interaction.organization.name,
                "summary": interaction.summary,
            }
            for interaction in interactions
        ],
        "survey_responses": _survey_responses_export(contact),
        "event_registrations": _event_registrations_export(contact, addresses),
        "newsletter_subscriptions": _newsletter_subscriptions_export(contact, addresses),
    }


def _surveys_erase(contact: Contact, placeholder: str) -> None:
    from surveys.models import Answer, Invitation, Question, Response, ResponseDraft

    responses = Response.objects.filter(contact=contact)
    # Written answers may say who wrote them; ratings and choices only count.
    Answer.objects.filter(
        response__in=responses,
        question__kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT],
    ).update(value_text="")
    responses.update(contact=None)
    # Invitations stay (they are the response rate), without the address; an unfinished
    # draft is the person's own words.
    invitations = Invitation.objects.filter(contact=contact)
    ResponseDraft.objects.filter(invitation__in=invitations).delete()
    invitations.update(email=placeholder)


def _events_erase(contact: Contact, addresses: set[str]) -> None:
    from events.models import Registration

    # Status and attendance stay: the event's counts and the organization's history.
    Registration.objects.filter(Q(contact=contact) | _by_address("email", addresses)).update(
        email=_erased_address("registration"),
        first_name=ANONYMISED_FIRST_NAME,
        last_name=f"#{contact.pk}",
    )


def _newsletters_erase(contact: Contact, addresses: set[str]) -> None:
    from communications.models import Delivery, Subscriber

    # Deliveries stay (a newsletter's sent, opened and clicked counts), without the address.
    Delivery.objects.filter(Q(contact=contact) | _by_address("email", addresses)).update(
        email=_erased_address("delivery"), name=""
    )
    # No address is kept suppressed: the person is gone, not merely unsubscribed.
    Subscriber.objects.filter(Q(contact=contact) | _by_address("email", addresses)).delete()


@transaction.atomic
def contact_erase(*, contact: Contact, erased_by) -> Contact:
    """Anonymise the person and close their login for good.

    Kept, without anything identifying: the contact row (so affiliations, working-group
    memberships and interactions keep their counts) and its consent records, which are
    the proof of what was agreed or withdrawn and when; they say nothing once the contact
    is anonymous. Pending invitations and dues reminders sent to the person's address lose
    the address and the name.

    In the other apps: survey responses lose the link to the person and the written
    answers (ratings and choices stay in the results), survey invitations their address;
    event registrations keep their status and attendance under an anonymised name and
    address; the newsletter subscription is deleted and the newsletters sent keep their
    delivery rows without the address.
    """
    contact = (
        Contact.objects.select_for_update(of=("self",)).select_related("user").get(pk=contact.pk)
    )
    user = contact.user
    if user is not None and (user.is_staff or user.is_superuser):
        raise ErasureError("staff accounts are closed from the Django admin")
    addresses = _addresses(contact)
    placeholder = f"erased-contact-{contact.pk}@invalid"
    for address in addresses:
        Invitation.objects.filter(email__iexact=address).update(
            email=placeholder,
            first_name=ANONYMISED_FIRST_NAME,
            last_name=f"#{contact.pk}",
            revoked_at=timezone.now(),
        )
        DuesReminder.objects.filter(sent_to__iexact=address).update(sent_to=placeholder)
    _surveys_erase(contact, placeholder)
    _events_erase(contact, addresses)
    _newsletters_erase(contact, addresses)

    contact.first_name = ANONYMISED_FIRST_NAME
    contact.last_name = f"#{contact.pk}"
    contact.email = ""
    contact.phone = ""
    contact.job_title = ""
    contact.anonymised_at = timezone.now()
    contact.save(
        update_fields=["first_name", "last_name", "email", "phone", "job_title", "anonymised_at"]
    )
    # The person may be named on a cached directory profile.
    transaction.on_commit(directory_cache_invalidate)

    if user is not None:
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        # `.invalid` is reserved (RFC 2606): the address is unique and can never receive mail.
        user.email = f"erased-user-{user.pk}@invalid"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    logger.info("contact %s erased by user %s", contact.pk, getattr(erased_by, "pk", None))
    return contact
