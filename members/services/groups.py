"""Working groups (thematic commissions): creating them, asking to join, deciding on
requests, naming leads, sharing documents. What their pages read is in
members.selectors.groups."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.uploads import DOCUMENT_EXTENSIONS
from members.models import Contact, WorkingGroup, WorkingGroupDocument, WorkingGroupMember

logger = logging.getLogger(__name__)

# Documents members may share: office formats, images and plain text, nothing executable.
GROUP_DOCUMENT_EXTENSIONS = DOCUMENT_EXTENSIONS
GROUP_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


# Paths under /staff/groups/ a group's slug must not take.
RESERVED_GROUP_SLUGS = {"new"}


class GroupError(Exception):
    """A request the state of the group or the membership does not allow."""


class GroupNotActiveError(GroupError):
    """The group is paused or closed: it takes no new members."""


def _unique_group_slug(name: str, *, exclude_pk: int | None) -> str:
    base = slugify(name)[:150] or "groupe"
    taken = set(
        WorkingGroup.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_GROUP_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def group_save(*, group: WorkingGroup | None, data: dict) -> WorkingGroup:
    """Create (`group=None`) or update a working group from the staff form's data; an
    empty slug is made from the French name."""
    group = group or WorkingGroup()
    for field in ("name_fr", "name_en", "description_fr", "description_en", "status"):
        setattr(group, field, data[field])
    group.slug = data.get("slug") or _unique_group_slug(data["name_fr"], exclude_pk=group.pk)
    group.save()
    return group


@transaction.atomic
def group_join_request(*, group: WorkingGroup, contact: Contact) -> WorkingGroupMember:
    """Ask for `contact` to join `group`. Asking again changes nothing, whatever the answer
    was: a declined person talks to the leads rather than asking over and over."""
    if group.status != WorkingGroup.Status.ACTIVE:
        raise GroupNotActiveError("the group does not take new members")
    membership, _created = WorkingGroupMember.objects.get_or_create(group=group, contact=contact)
    return membership


@transaction.atomic
def group_request_decide(
    *, membership: WorkingGroupMember, accept: bool, decided_by
) -> WorkingGroupMember:
    """Accept or decline a pending request to join. A paused or closed group takes nobody
    in, whatever was asked before it stopped; declining stays possible."""
    membership = (
        WorkingGroupMember.objects.select_for_update(of=("self",))
        .select_related("group")
        .get(pk=membership.pk)
    )
    if membership.status != WorkingGroupMember.Status.REQUESTED:
        raise GroupError("this request was already decided")
    if accept and membership.group.status != WorkingGroup.Status.ACTIVE:
        raise GroupNotActiveError("the group does not take new members")
    membership.status = (
        WorkingGroupMember.Status.ACCEPTED if accept else WorkingGroupMember.Status.DECLINED
    )
    membership.decided_at = timezone.now()
    membership.decided_by = decided_by
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    return membership


@transaction.atomic
def group_member_role_set(
    *, membership: WorkingGroupMember, role: str, set_by
) -> WorkingGroupMember:
    """Make an accepted member a lead, or a lead a plain member again."""
    membership = WorkingGroupMember.objects.select_for_update().get(pk=membership.pk)
    if membership.status != WorkingGroupMember.Status.ACCEPTED:
        raise GroupError("only accepted members have a role")
    membership.role = role
    membership.save(update_fields=["role"])
    logger.info(
        "working group %s: member %s is now %s (by %s)",
        membership.group_id,
        membership.pk,
        role,
        getattr(set_by, "pk", None),
    )
    return membership


@transaction.atomic
def group_document_add(
    *, group: WorkingGroup, title: str, file: UploadedFile, uploaded_by
) -> WorkingGroupDocument:
    """Store a document of the group. The form checked its size and extension. A paused or
    closed group keeps its documents readable but takes no new ones."""
    if group.status != WorkingGroup.Status.ACTIVE:
        raise GroupError("the group takes no new documents")
    document = WorkingGroupDocument(group=group, title=title, uploaded_by=uploaded_by)
    # One folder per group keeps the private area tidy; the storage makes the name unique.
    document.file.save(f"{group.pk}/{file.name}", file, save=False)
    document.save()
    return document
