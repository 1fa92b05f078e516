"""A person's rights over their data across every app: a copy of it, and its erasure.

The copy and the erasure follow the declarations of core.personal_data: every model that
holds something about a person says there how it is exported and erased (each app in its
`privacy.py`), so neither can forget a model. Erasure anonymises rather than deletes where
rows are counted; free text written by staff cannot be cleaned automatically and is listed
for their review instead.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.personal_data import Nothing, Person, declarations, iso
from members.models import Contact
from members.services.consents import consent_answers
from members.services.directory import directory_cache_invalidate

logger = logging.getLogger(__name__)

# Version 2 added survey_responses, event_registrations and newsletter_subscriptions;
# version 3 has one key per declared model (core.personal_data), in their order, after
# consents_in_force: the answers "My data" shows (the "consents" key is their history).
EXPORT_FORMAT = "cluster-portal-personal-data/3"


class ErasureError(Exception):
    """This person cannot be erased from the member register (a staff account)."""


def person_of(contact: Contact) -> Person:
    """The person behind `contact`, as the declarations see them."""
    user = contact.user
    addresses = frozenset(
        address.lower() for address in (contact.email, user and user.email) if address
    )
    names = set()
    if contact.anonymised_at is None:
        for first, last in ((contact.first_name, contact.last_name),) + (
            ((user.first_name, user.last_name),) if user is not None else ()
        ):
            if first.strip() and last.strip():
                names |= {f"{first.strip()} {last.strip()}", f"{last.strip()} {first.strip()}"}
    return Person(contact=contact, user=user, addresses=addresses, names=tuple(sorted(names)))


def personal_data_export(*, contact: Contact) -> dict:
    """Everything the portal holds about the person, as plain JSON-ready data: one key per
    declared model that is exported, lists ordered oldest first, after the consents in force."""
    person = person_of(contact)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": iso(timezone.now()),
        "consents_in_force": [
            {
                "purpose": answer.purpose,
                "state": answer.state,
                "granted": answer.granted,
                "since": iso(answer.since),
            }
            for answer in consent_answers(contact=contact).values()
        ],
    }
    for declaration in declarations():
        if not isinstance(declaration.export, Nothing):
            data[declaration.key] = declaration.export(person)
    return data


@dataclass(frozen=True)
class Mention:
    """A row of free text written by staff that names the person."""

    kind: str
    title: str
    text: str
    url: str


# Enough to act on; more would mean the name is a common word, to search by hand.
MENTIONS_PER_MODEL = 50


def free_text_mentions(*, contact: Contact) -> list[Mention]:
    """Rows whose staff-written text names the person or gives their address: erasure
    cannot rewrite them, staff must. Empty once the person is erased (no name left)."""
    person = person_of(contact)
    if not person.names and not person.addresses:
        return []
    mentions = []
    for declaration in declarations():
        if not declaration.free_text:
            continue
        condition = person.mentioned_in(declaration.free_text[0])
        for field_name in declaration.free_text[1:]:
            condition |= person.mentioned_in(field_name)
        rows = (
            declaration.model.objects.filter(condition)
            .select_related(*declaration.review_related)
            .order_by("-pk")
        )
        for row in rows[:MENTIONS_PER_MODEL]:
            text = " ".join(str(getattr(row, name)) for name in declaration.free_text)
            mentions.append(
                Mention(
                    kind=declaration.label,
                    title=str(row),
                    text=text,
                    url=declaration.review_url(row),
                )
            )
    return mentions


@transaction.atomic
def contact_erase(*, contact: Contact, erased_by) -> Contact:
    """Anonymise the person and close their login for good, model by model as each
    declaration says (see the `privacy.py` of each app for what stays and why)."""
    contact = (
        Contact.objects.select_for_update(of=("self",)).select_related("user").get(pk=contact.pk)
    )
    user = contact.user
    if user is not None and (user.is_staff or user.is_superuser):
        raise ErasureError("staff accounts are closed from the Django admin")
    person = person_of(contact)
    for declaration in declarations():
        if not isinstance(declaration.erase, Nothing):
            declaration.erase(person)
    # The person may be named on a cached directory profile.
    directory_cache_invalidate()
    logger.info("contact %s erased by user %s", contact.pk, getattr(erased_by, "pk", None))
    return contact
