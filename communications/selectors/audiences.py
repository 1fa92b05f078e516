"""Who a newsletter goes to.

A newsletter's `audience` is a JSON object; each key adds people, and the parts are combined
with OR, then deduplicated by lower-cased address:

    {"subscribers": true,          # confirmed subscribers
     "members": true,              # contacts of member organizations
     "groups": [3, 7],             # accepted members of these working groups
     "positions": ["executive"],   # contacts by Affiliation.position
     "segments": ["acquired"],     # contacts of organizations in these perception segments
     "kinds": ["startup"],         # contacts of organizations of these kinds
     "regions": ["76"]}            # contacts of organizations in these regions

Whatever the audience, an address whose Subscriber row says unsubscribed or bounced is never
included, nor a contact who withdrew their newsletter consent, nor an anonymised contact.
Two queries whatever the size: the confirmed subscribers, and the matching contacts
(one for the count).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower

from communications.models import Subscriber
from members.models import Affiliation, ConsentRecord, Contact, Organization, WorkingGroupMember

AUDIENCE_LIST_KEYS = ("groups", "positions", "segments", "kinds", "regions")
AUDIENCE_KEYS = ("subscribers", "members", *AUDIENCE_LIST_KEYS)
_SUPPRESSED = (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    subscriber_id: int | None = None
    contact_id: int | None = None


def _contact_filter(audience: dict) -> Q | None:
    """One condition on Contact for all the contact-based parts, or None if there are none."""
    organization_filter = Q()
    any_organization_part = False
    if audience.get("members"):
        organization_filter |= Q(organization__lifecycle=Organization.Lifecycle.MEMBER)
        any_organization_part = True
    for key, lookup in (
        ("positions", "position__in"),
        ("segments", "organization__segment__in"),
        ("kinds", "organization__kind__in"),
        ("regions", "organization__region__in"),
    ):
        if audience.get(key):
            organization_filter |= Q(**{lookup: list(audience[key])})
            any_organization_part = True
    condition = Q()
    if any_organization_part:
        condition |= Exists(Affiliation.objects.filter(organization_filter, contact=OuterRef("pk")))
    if audience.get("groups"):
        condition |= Exists(
            WorkingGroupMember.objects.filter(
                contact=OuterRef("pk"),
                group_id__in=[int(pk) for pk in audience["groups"]],
                status=WorkingGroupMember.Status.ACCEPTED,
            )
        )
    return condition if condition else None


def _contacts(audience: dict):
    contacts = _contact_queryset(audience)
    if contacts is None:
        return []
    return contacts.order_by("pk").values_list(
        "pk", "email", "first_name", "last_name", "preferred_language"
    )


def _contact_queryset(audience: dict):
    condition = _contact_filter(audience)
    if condition is None:
        return None
    suppressed = Subscriber.objects.annotate(email_lower=Lower("email")).filter(
        email_lower=Lower(OuterRef("email")), status__in=_SUPPRESSED
    )
    latest_consent = (
        ConsentRecord.objects.filter(
            contact=OuterRef("pk"), purpose=ConsentRecord.Purpose.NEWSLETTER
        )
        .order_by("-recorded_at", "-pk")
        .values("granted")[:1]
    )
    return (
        Contact.objects.filter(condition, anonymised_at__isnull=True)
        .exclude(email="")
        .annotate(consent=Subquery(latest_consent))
        # No record at all: a member contact imported or invited by staff, reached as part of
        # the membership until they say no. Applicants on /join/ always have a record.
        .filter(Q(consent__isnull=True) | Q(consent=True))
        .exclude(Exists(suppressed))
    )


def audience_recipients(*, audience: dict) -> list[Recipient]:
    """The people the audience reaches, each address once, in a stable order."""
    recipients: dict[str, Recipient] = {}
    if audience.get("subscribers"):
        for pk, email, first_name, last_name, language, contact_id in (
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .order_by("pk")
            .values_list("pk", "email", "first_name", "last_name", "language", "contact_id")
        ):
            key = email.lower()
            recipients.setdefault(
                key,
                Recipient(
                    email=key,
                    name=f"{first_name} {last_name}".strip(),
                    language=language,
                    subscriber_id=pk,
                    contact_id=contact_id,
                ),
            )
    for pk, email, first_name, last_name, language in _contacts(audience):
        key = email.lower()
        # A subscriber's own row wins: it holds the language chosen on the preferences page.
        recipients.setdefault(
            key,
            Recipient(
                email=key,
                name=f"{first_name} {last_name}".strip(),
                language=language,
                contact_id=pk,
            ),
        )
    return list(recipients.values())


def audience_count(*, audience: dict) -> int:
    """How many addresses audience_recipients would give, counted by the database in one
    query: the staff page shows it on every load, for audiences of thousands."""
    parts = []
    if audience.get("subscribers"):
        parts.append(
            Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
            .annotate(email_lower=Lower("email"))
            .values_list("email_lower")
        )
    contacts = _contact_queryset(audience)
    if contacts is not None:
        parts.append(contacts.annotate(email_lower=Lower("email")).values_list("email_lower"))
    if not parts:
        return 0
    # UNION (not UNION ALL) leaves each address once, as the recipient list does.
    return parts[0].union(*parts[1:]).count()


def audience_is_empty(audience: dict) -> bool:
    return not any(audience.get(key) for key in AUDIENCE_KEYS)
