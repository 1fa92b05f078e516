"""The animators' work on organizations: their creation under a free slug (an application
to join makes one too), bulk tagging and assignment of the list, staff's edit of an
organization, the perception segment, and the interaction log with its follow-ups. What
the pages read (the filtered lists, follow-ups, exports) is in
members.selectors.organizations."""

import logging
import secrets
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core.domain_events import publish
from members.models import (
    Affiliation,
    Contact,
    Interaction,
    Organization,
    PerceptionAssessment,
    Segment,
    Tag,
)
from members.services.directory import organization_search_refresh

logger = logging.getLogger(__name__)

# The plain fields of staff's edit of an organization, copied as they are from the form.
STAFF_EDITED_FIELDS = (
    "name",
    "kind",
    "lifecycle",
    "siren",
    "siret",
    "naf_code",
    "headcount_band",
    "street",
    "postal_code",
    "city",
    "department",
    "region",
)

# Attempts at a free slug when organizations with the same name are made at once.
ORGANIZATION_SLUG_ATTEMPTS = 3


def organization_slug_unique(*, name: str) -> str:
    """A slug from the name that no organization uses yet: "acme", then "acme-2"…"""
    base = slugify(name)[:200] or "organization"
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def organization_create(*, name: str, **fields) -> Organization:
    """Create the organization under a free slug made from its name (an application to
    join, staff's new organization). Two made with the same name at once both find "acme"
    free; the second insert then fails on the unique slug, and is retried, in a savepoint,
    with the next free one."""
    for attempt in range(ORGANIZATION_SLUG_ATTEMPTS + 1):
        slug = organization_slug_unique(name=name)
        if attempt == ORGANIZATION_SLUG_ATTEMPTS:
            # Still losing the race: a random suffix, nobody else can pick the same.
            slug = f"{slug[:200]}-{secrets.token_hex(3)}"
        try:
            with transaction.atomic():
                return Organization.objects.create(name=name, slug=slug, **fields)
        except IntegrityError:
            if not Organization.objects.filter(slug=slug).exists():
                raise
    raise IntegrityError(f"no free slug for {name!r}")


@transaction.atomic
def organization_staff_update(
    *, organization: Organization, data: dict, updated_by
) -> Organization:
    """Save staff's edit of an organization: the STAFF_EDITED_FIELDS, `sectors`, `labels`
    and `tags` (iterables of terms) and `animator` (a staff user or None) of `data`.

    The slug stays as it is, whatever the new name: it is in bookmarks and links.
    """
    if data["animator"] is not None and not data["animator"].is_staff:
        raise ValueError("Only staff users can be in charge of an organization.")
    # What the database holds, locked: the instance may come from a page read before a
    # first click saved, and a second one must not announce the same new member again.
    lifecycle_before = (
        Organization.objects.select_for_update()
        .filter(pk=organization.pk)
        .values_list("lifecycle", flat=True)
        .first()
    )
    for field in STAFF_EDITED_FIELDS:
        setattr(organization, field, data[field])
    organization.animator = data["animator"]
    organization.save()
    organization.sectors.set(data["sectors"])
    organization.labels.set(data["labels"])
    organization.tags.set(data["tags"])
    # Name, city, sectors and labels are searched. The refresh also empties the cached
    # directory page, which shows them, and lists or unlists the organization when its
    # lifecycle moved to or from member.
    organization_search_refresh(organization=organization)
    if organization.lifecycle != lifecycle_before:
        if organization.lifecycle == Organization.Lifecycle.MEMBER:
            publish("organization.became_member", organization)
        logger.info(
            "organization %s lifecycle %s -> %s by user %s",
            organization.pk,
            lifecycle_before,
            organization.lifecycle,
            getattr(updated_by, "pk", None),
        )
    return organization


@transaction.atomic
def organization_staff_create(*, data: dict, created_by) -> Organization:
    """A new organization of the register, from the same `data` as staff's edit
    (organization_staff_update), under a free slug made from its name."""
    organization = organization_create(name=data["name"])
    logger.info(
        "organization %s created by user %s", organization.pk, getattr(created_by, "pk", None)
    )
    return organization_staff_update(organization=organization, data=data, updated_by=created_by)


@transaction.atomic
def tag_find_or_create(*, name: str) -> Tag:
    """The tag of that name (French or English, any case), created if there is none."""
    name = name.strip()
    existing = Tag.objects.filter(Q(name_fr__iexact=name) | Q(name_en__iexact=name)).first()
    if existing is not None:
        return existing
    base = slugify(name)[:120] or "tag"
    slug, number = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Tag.objects.create(name_fr=name, slug=slug)


@transaction.atomic
def organizations_tag(*, organizations: Iterable[Organization], tag: Tag) -> int:
    """Put `tag` on every organization; those that already have it are left alone.
    Returns how many organizations were given the tag."""
    through = Organization.tags.through
    links = [
        through(organization_id=organization.pk, tag_id=tag.pk) for organization in organizations
    ]
    already = set(
        through.objects.filter(
            tag=tag, organization_id__in=[link.organization_id for link in links]
        ).values_list("organization_id", flat=True)
    )
    new_links = [link for link in links if link.organization_id not in already]
    through.objects.bulk_create(new_links, ignore_conflicts=True)
    return len(new_links)


@transaction.atomic
def organizations_assign_animator(*, organizations: Iterable[Organization], animator) -> int:
    """Put `animator` (a staff user, or None for nobody) in charge of the organizations."""
    if animator is not None and not animator.is_staff:
        raise ValueError("Only staff users can be in charge of an organization.")
    return Organization.objects.filter(
        pk__in=[organization.pk for organization in organizations]
    ).update(animator=animator, updated_at=timezone.now())


@transaction.atomic
def perception_set(
    *,
    organization: Organization,
    credible: bool | None,
    interesting: bool | None,
    note: str,
    assessed_by,
) -> PerceptionAssessment:
    """Record staff's reading of the organization and move it to the matching segment;
    earlier assessments stay as its history."""
    segment = Segment.from_perception(credible=credible, interesting=interesting)
    assessment = PerceptionAssessment.objects.create(
        organization=organization,
        credible=credible,
        interesting=interesting,
        segment=segment,
        note=note.strip(),
        assessed_by=assessed_by,
    )
    Organization.objects.filter(pk=organization.pk).update(
        segment=segment, updated_at=timezone.now()
    )
    organization.segment = segment
    return assessment


@transaction.atomic
def interaction_create(
    *,
    organization: Organization,
    kind: str,
    happened_on: date,
    summary: str,
    author,
    contacts: Iterable[Contact] = (),
    follow_up_on: date | None = None,
) -> Interaction:
    contacts = list(contacts)
    allowed = set(
        Affiliation.objects.filter(organization=organization).values_list("contact_id", flat=True)
    )
    if any(contact.pk not in allowed for contact in contacts):
        raise ValueError("Contacts involved must belong to the organization.")
    interaction = Interaction.objects.create(
        organization=organization,
        kind=kind,
        happened_on=happened_on,
        summary=summary.strip(),
        author=author,
        follow_up_on=follow_up_on,
    )
    interaction.contacts.set(contacts)
    return interaction


@transaction.atomic
def interaction_follow_up_done(*, interaction: Interaction) -> Interaction:
    interaction.follow_up_done = True
    interaction.save(update_fields=["follow_up_done"])
    return interaction
