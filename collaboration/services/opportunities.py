"""Writes of the opportunities board: members post for their organization and the items wait
for moderation; animators approve or reject them (the poster gets an email) and publish
funding opportunities at once."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from collaboration.models import Opportunity
from core.email import email_send_once
from core.outbox import task_enqueue
from core.pagecache import topics_changed
from members.models import Contact, Organization

# The fields a form may set; status, moderation and authorship are the services'.
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


class OpportunityNotPendingError(Exception):
    """The item was moderated (or withdrawn) in the meantime: nothing to decide."""


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "offre"
    taken = set(
        Opportunity.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


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
    opportunity.slug = _unique_slug(opportunity.title)
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_member_update(*, opportunity: Opportunity, data: dict) -> Opportunity:
    """A member's edit: whatever the status, the item goes back to moderation, since what
    an animator approved is no longer what is shown."""
    _fields_set(opportunity, data, MEMBER_FIELDS)
    if opportunity.kind not in Opportunity.MEMBER_KINDS:
        raise ValueError(f"Members do not post {opportunity.kind!r} items")
    opportunity.status = Opportunity.Status.PENDING
    opportunity.published_at = None
    opportunity.save()
    return opportunity


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
        opportunity.slug = _unique_slug(opportunity.title)
        opportunity.posted_by = user
        opportunity.status = Opportunity.Status.PUBLISHED
        opportunity.published_at = timezone.now()
        opportunity.moderated_by = user
        opportunity.moderated_at = opportunity.published_at
    opportunity.save()
    return opportunity


def _pending_locked(opportunity: Opportunity) -> Opportunity:
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status != Opportunity.Status.PENDING:
        raise OpportunityNotPendingError
    return locked


@transaction.atomic
def opportunity_approve(*, opportunity: Opportunity, moderator) -> Opportunity:
    """Publish a pending item; its poster is told."""
    from collaboration.tasks import opportunity_decision_send

    opportunity = _pending_locked(opportunity)
    now = timezone.now()
    opportunity.status = Opportunity.Status.PUBLISHED
    opportunity.published_at = now
    opportunity.moderated_by = moderator
    opportunity.moderated_at = now
    opportunity.moderation_note = ""
    opportunity.save()
    task_enqueue(opportunity_decision_send, opportunity.pk)
    return opportunity


@transaction.atomic
def opportunity_reject(*, opportunity: Opportunity, moderator, note: str) -> Opportunity:
    """Decline a pending item with a note the poster reads (email and member space)."""
    from collaboration.tasks import opportunity_decision_send

    opportunity = _pending_locked(opportunity)
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
    with translation.override(contact.preferred_language):
        if approved:
            path = reverse("collaboration:opportunity_detail", kwargs={"slug": opportunity.slug})
        else:
            path = reverse("collaboration:space_opportunity_edit", kwargs={"pk": opportunity.pk})
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
            "url": settings.SITE_URL + path,
            "contact_email": settings.CONTACT_EMAIL,
        },
    )


def opportunities_board_refresh() -> None:
    """Make the stored board pages stale: items that expired yesterday leave them (the
    queries filter by date; the stored pages only change with their topic)."""
    topics_changed("opportunities")
