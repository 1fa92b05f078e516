"""A person's consents: the answer in force for each purpose, and each new answer.

Members keeps the history of answers (ConsentRecord). A purpose may be owned by an app
above members, whose own data decides the answer: the newsletter's is the subscription of
the address (communications). Such an app registers itself as the purpose's owner from its
AppConfig.ready() (`consent_owner_register`), so members never imports it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import ConsentRecord, Contact
from members.services.directory import directory_cache_invalidate

# The wording shown on /space/my-data/ next to each purpose. Change the version whenever
# that wording changes, so each record says which text the person agreed to.
CONSENT_TEXT_VERSION = "member-space-2026-01"


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


@dataclass(frozen=True)
class ConsentOwner:
    """An app above members that decides the answer for one purpose.

    answer(contact) -> ConsentAnswer: the answer in force.
    choose(contact, granted, text_version): the person's own answer from "My data".
    join_request(contact, organization_name, text_version): the box ticked on the
    membership application form (the owner's double opt-in starts).
    """

    answer: Callable[..., ConsentAnswer]
    choose: Callable[..., None]
    join_request: Callable[..., None]


_OWNERS: dict[str, ConsentOwner] = {}


def consent_owner_register(purpose: str, owner: ConsentOwner) -> None:
    """Called from the owning app's ready(): `purpose` is one of ConsentRecord.Purpose."""
    if purpose not in ConsentRecord.Purpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    _OWNERS[purpose] = owner


def consent_owner(purpose: str) -> ConsentOwner | None:
    return _OWNERS.get(purpose)


def consent_answers(*, contact: Contact) -> dict[str, ConsentAnswer]:
    """The answer in force for every purpose: the owner's for an owned purpose (the
    newsletter: the subscription of the address decides), the latest ConsentRecord for the
    others."""
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
    for purpose, owner in _OWNERS.items():
        answers[purpose] = owner.answer(contact=contact)
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
        directory_cache_invalidate()
    return ConsentRecord.objects.create(
        contact=contact,
        purpose=purpose,
        granted=granted,
        source=source,
        text_version=text_version,
    )


def consent_choose(*, contact: Contact, purpose: str, granted: bool) -> None:
    """The person's own answer from "My data". An owned purpose is the owner's to record:
    the newsletter answer subscribes or unsubscribes the address, which is what newsletters
    are sent by (and records the consent itself)."""
    owner = _OWNERS.get(purpose)
    if owner is not None:
        owner.choose(contact=contact, granted=granted, text_version=CONSENT_TEXT_VERSION)
        return
    consent_change(
        contact=contact,
        purpose=purpose,
        granted=granted,
        source=ConsentRecord.Source.MEMBER_SPACE,
        text_version=CONSENT_TEXT_VERSION,
    )
