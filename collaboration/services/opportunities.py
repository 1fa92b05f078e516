"""Writes of the opportunities board: members post for their organization and the items wait
for moderation; animators approve or reject them (the poster gets an email) and publish
funding opportunities at once."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from collaboration.models import Opportunity
from collaboration.services.slugs import row_save_with_free_slug
from core.email import email_send_once, page_address
from core.outbox import task_enqueue
from core.pagecache import topics_changed
from core.search import search_normalise
from members.models import Contact, Organization

# The fields a form may set (the forms are built on these); status, moderation and
# authorship are the services'.
MEMBER_FIELDS = (
    "kind",
    "title",
    "description",
    "location",
    "region",
    "apply_url",
    "apply_email",
    "starts_on",
    "expires_on",
)
STAFF_FIELDS = (*MEMBER_FIELDS, "funder", "scope")
SLUG_FALLBACK = "offre"


class OpportunityNotPendingError(Exception):
    """The item was moderated (or withdrawn) in the meantime: nothing to decide."""


class OpportunityChangedError(Exception):
    """The item was edited after the moderator opened it: what they read is not what would
    be published."""


def search_document_of(opportunity: Opportunity) -> str:
    """The item's own searchable text, lower-cased and accent-free. The organization's name
    is not copied in: the board searches it where it lives, so a rename is found at once."""
    parts = [opportunity.title, opportunity.description, opportunity.funder, opportunity.location]
    return " ".join(search_normalise(part) for part in parts if part)


def _save(opportunity: Opportunity) -> Opportunity:
    """Save with its search text; a new item under the first free slug of its title."""
    opportunity.search_document = search_document_of(opportunity)
    if opportunity.pk is None:
        return row_save_with_free_slug(opportunity, opportunity.title, fallback=SLUG_FALLBACK)
    opportunity.save()
    return opportunity


def _published(opportunity: Opportunity, at) -> None:
    opportunity.status = Opportunity.Status.PUBLISHED
    opportunity.published_at = at
    if opportunity.first_published_at is None:
        opportunity.first_published_at = at


def _fields_set(opportunity: Opportunity, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            value = data[name]
            # Text columns hold "" for nothing; the optional date holds None.
            if value is None and name != "starts_on":
                value = ""
            setattr(opportunity, name, value)


@transaction.atomic
def opportunity_post(
    *, organization: Organization, contact: Contact | None, user, data: dict
) -> Opportunity:
    """A member's internship, work-study place, job or training, waiting for moderation."""
    opportunity = Opportunity(
        organization=organization,
        poster=contact,
        posted_by=user,
        status=Opportunity.Status.PENDING,
    )
    _fields_set(opportunity, data, MEMBER_FIELDS)
    if opportunity.kind not in Opportunity.MEMBER_KINDS:
        raise ValueError(f"Members do not post {opportunity.kind!r} items")
    return _save(opportunity)


@transaction.atomic
def opportunity_member_update(*, opportunity: Opportunity, data: dict) -> Opportunity:
    """A member's edit: whatever the status, the item goes back to moderation, since what
    an animator approved is no longer what is shown."""
    _fields_set(opportunity, data, MEMBER_FIELDS)
    if opportunity.kind not in Opportunity.MEMBER_KINDS:
        raise ValueError(f"Members do not post {opportunity.kind!r} items")
    # Lock the row: a moderator approving at this moment waits for the edit, then sees the
    # item changed since they opened it (opportunity_approve) and publishes nothing unread.
    Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
    opportunity.status = Opportunity.Status.PENDING
    opportunity.published_at = None
    return _save(opportunity)


@transaction.atomic
def opportunity_withdraw(*, opportunity: Opportunity) -> Opportunity:
    opportunity.status = Opportunity.Status.WITHDRAWN
    opportunity.save(update_fields=["status", "updated_at"])
    return opportunity


@transaction.atomic
def opportunity_staff_save(*, opportunity: Opportunity, data: dict, user) -> Opportunity:
    """Staff create (funding opportunities, published at once) or edit any item; an edit by
    staff keeps the item's status: they are the moderators."""
    _fields_set(opportunity, data, STAFF_FIELDS)
    if opportunity.pk is None:
        opportunity.posted_by = user
        _published(opportunity, timezone.now())
        opportunity.moderated_by = user
        opportunity.moderated_at = opportunity.published_at
    return _save(opportunity)


def _pending_locked(opportunity: Opportunity, seen_version: str | None) -> Opportunity:
    """The item, locked, if it still waits for moderation and is still the version the
    moderator read (`seen_version`, from opportunity_version; None when nobody read it)."""
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status != Opportunity.Status.PENDING:
        raise OpportunityNotPendingError
    if seen_version is not None and seen_version != opportunity_version(locked):
        raise OpportunityChangedError
    return locked


def opportunity_version(opportunity: Opportunity) -> str:
    """What identifies the text a moderator reads: it changes with every save."""
    return opportunity.updated_at.isoformat()


@transaction.atomic
def opportunity_approve(
    *, opportunity: Opportunity, moderator, seen_version: str | None = None
) -> Opportunity:
    """Publish a pending item, if it is still what the moderator read; its poster is told."""
    from collaboration.tasks import opportunity_decision_send

    opportunity = _pending_locked(opportunity, seen_version)
    now = timezone.now()
    _published(opportunity, now)
    opportunity.moderated_by = moderator
    opportunity.moderated_at = now
    opportunity.moderation_note = ""
    opportunity.save()
    task_enqueue(opportunity_decision_send, opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_reject(
    *, opportunity: Opportunity, moderator, note: str, seen_version: str | None = None
) -> Opportunity:
    """Decline a pending item with a note the poster reads (email and member space), if it
    is still what the moderator read."""
    from collaboration.tasks import opportunity_decision_send

    opportunity = _pending_locked(opportunity, seen_version)
    opportunity.status = Opportunity.Status.REJECTED
    opportunity.moderated_by = moderator
    opportunity.moderated_at = timezone.now()
    opportunity.moderation_note = note.strip()
    opportunity.save()
    task_enqueue(opportunity_decision_send, opportunity.pk)
    return opportunity


def opportunity_decision_send(*, opportunity: Opportunity) -> bool:
    """Email the poster the moderation's outcome, in their language. One email per
    decision: an item edited after a decision and moderated again gets a new one."""
    if opportunity.status not in (Opportunity.Status.PUBLISHED, Opportunity.Status.REJECTED):
        return False
    contact = opportunity.poster
    if contact is None or not contact.email or opportunity.moderated_at is None:
        return False
    approved = opportunity.status == Opportunity.Status.PUBLISHED
    if approved:
        url = page_address(
            "collaboration:opportunity_detail",
            language=contact.preferred_language,
            slug=opportunity.slug,
        )
    else:
        url = page_address(
            "collaboration:space_opportunity_edit",
            language=contact.preferred_language,
            pk=opportunity.pk,
        )
    return email_send_once(
        key=f"opportunity:{opportunity.pk}:{opportunity.status}:"
        f"{opportunity.moderated_at.isoformat()}",
        template=(
            "collaboration/emails/opportunity_approved"
            if approved
            else "collaboration/emails/opportunity_rejected"
        ),
        to=contact.email,
        language=contact.preferred_language,
        context={
            "first_name": contact.first_name,
            "title": opportunity.title,
            "note": opportunity.moderation_note,
            "expires_on": opportunity.expires_on,
            "url": url,
            "contact_email": settings.CONTACT_EMAIL,
        },
    )


def opportunities_board_refresh() -> None:
    """Make the stored board pages stale: items that expired yesterday leave them (the
    queries filter by date; the stored pages only change with their topic)."""
    topics_changed("opportunities")
