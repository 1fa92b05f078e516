"""The animators' CRM: the filtered organization list and its bulk actions, staff's edit
of an organization, the perception segment, the interaction log and its follow-ups, the
contacts list, and the rows of their spreadsheet exports."""

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.search import search_filter
from members.models import (
    Affiliation,
    Contact,
    Interaction,
    Membership,
    Organization,
    PerceptionAssessment,
    Segment,
    Tag,
)
from members.services.directory import organization_search_refresh

logger = logging.getLogger(__name__)

# Values of the membership filter besides the Membership.Status of the current period.
MEMBERSHIP_CURRENT = "current"
MEMBERSHIP_NONE = "none"
# Value of the animator filter for organizations nobody is in charge of.
ANIMATOR_NONE = "none"
FOLLOW_UPS_SHOWN = 10

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


def staff_users() -> QuerySet:
    """Who may be put in charge of an organization: active animators."""
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .order_by("first_name", "last_name", "email")
    )


@dataclass(frozen=True)
class OrganizationFilters:
    query: str = ""
    kind: str = ""
    lifecycle: str = ""
    sector: str = ""
    competence: str = ""
    region: str = ""
    membership: str = ""
    dues_unpaid: bool = False
    segment: str = ""
    animator: str = ""
    tag: str = ""


def _memberships_of_current_period(today: date) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organization=OuterRef("pk"), period_start__lte=today, period_end__gte=today
    )


def _with_current_membership(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate the status and payment date of the membership covering today, if any."""
    current = _memberships_of_current_period(timezone.localdate()).order_by("-period_start", "-pk")
    return organizations.annotate(
        current_membership_status=Subquery(current.values("status")[:1]),
        current_membership_paid_on=Subquery(current.values("paid_on")[:1]),
    )


def _search(organizations: QuerySet[Organization], query: str) -> QuerySet[Organization]:
    query = query.strip()
    if not query:
        return organizations
    # Name and city as the register's own search does; a SIREN is typed with or without
    # its spaces ("123 456 789"), so digits alone are matched against it.
    condition = Q(pk__in=Organization.objects.search(query).values("pk"))
    digits = re.sub(r"\s", "", query)
    if digits.isdigit():
        condition |= Q(siren__startswith=digits)
    return organizations.filter(condition)


def organizations_filter(
    *, organizations: QuerySet[Organization], filters: OrganizationFilters
) -> QuerySet[Organization]:
    today = timezone.localdate()
    organizations = _search(organizations, filters.query)
    for field in ("kind", "lifecycle", "region", "segment"):
        if value := getattr(filters, field):
            organizations = organizations.filter(**{field: value})
    # Slugs are unique, so each of these joins keeps one row per organization.
    if filters.sector:
        organizations = organizations.filter(sectors__slug=filters.sector)
    if filters.competence:
        organizations = organizations.filter(competences__slug=filters.competence)
    if filters.tag:
        organizations = organizations.filter(tags__slug=filters.tag)
    if filters.animator == ANIMATOR_NONE:
        organizations = organizations.filter(animator__isnull=True)
    elif filters.animator:
        organizations = organizations.filter(animator_id=filters.animator)
    if filters.membership == MEMBERSHIP_CURRENT:
        organizations = organizations.filter(
            Exists(Membership.objects.current(today).filter(organization=OuterRef("pk")))
        )
    elif filters.membership == MEMBERSHIP_NONE:
        organizations = organizations.exclude(
            Exists(Membership.objects.current(today).filter(organization=OuterRef("pk")))
        )
    elif filters.membership:
        organizations = organizations.filter(
            Exists(_memberships_of_current_period(today).filter(status=filters.membership))
        )
    if filters.dues_unpaid:
        organizations = organizations.filter(
            Exists(Membership.objects.unpaid().filter(organization=OuterRef("pk")))
        )
    return organizations


def organization_staff_list(*, filters: OrganizationFilters) -> QuerySet[Organization]:
    """The back-office list: filtered, with what its rows and exports show fetched in a
    constant number of queries (the page, then its sectors and its tags)."""
    contact_count = (
        Affiliation.objects.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(total=Count("pk"))
        .values("total")
    )
    organizations = organizations_filter(organizations=Organization.objects.all(), filters=filters)
    return (
        _with_current_membership(organizations)
        .annotate(contact_count=Subquery(contact_count, output_field=IntegerField()))
        .select_related("animator")
        .prefetch_related("sectors", "tags")
        .order_by("name", "pk")
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def organization_export_rows(
    *, organizations: QuerySet[Organization]
) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the organization export; `organizations` comes from
    `organization_staff_list`, which fetched everything the rows need."""
    header = [
        _("Name"),
        _("Kind"),
        _("Lifecycle"),
        _("SIREN"),
        _("City"),
        _("Postal code"),
        _("Region"),
        _("Website"),
        _("Perception segment"),
        _("Animator in charge"),
        _("Sectors"),
        _("Tags"),
        _("Current membership status"),
        _("Dues paid"),
    ]
    statuses = dict(Membership.Status.choices)

    def rows():
        for organization in organizations:
            status = organization.current_membership_status
            yield [
                organization.name,
                organization.get_kind_display(),
                organization.get_lifecycle_display(),
                organization.siren,
                organization.city,
                organization.postal_code,
                organization.get_region_display() if organization.region else "",
                organization.website,
                organization.get_segment_display(),
                str(organization.animator) if organization.animator else "",
                ", ".join(sector.name for sector in organization.sectors.all()),
                ", ".join(tag.name for tag in organization.tags.all()),
                str(statuses.get(status, "")) if status else "",
                _yes_no(organization.current_membership_paid_on is not None) if status else "",
            ]

    return header, rows()


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
    lifecycle_before = organization.lifecycle
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
        logger.info(
            "organization %s lifecycle %s -> %s by user %s",
            organization.pk,
            lifecycle_before,
            organization.lifecycle,
            getattr(updated_by, "pk", None),
        )
    return organization


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


def follow_ups_open(*, user=None) -> QuerySet[Interaction]:
    """Follow-ups not done yet, the oldest date first, so the overdue ones lead; only the
    user's own (written by them or about an organization in their charge) when given."""
    follow_ups = Interaction.objects.filter(follow_up_done=False, follow_up_on__isnull=False)
    if user is not None:
        follow_ups = follow_ups.filter(Q(author=user) | Q(organization__animator=user))
    return follow_ups.select_related("organization", "author").order_by("follow_up_on", "pk")


def follow_ups_due(*, user, limit: int = FOLLOW_UPS_SHOWN) -> tuple[list[Interaction], int]:
    """Follow-ups due today or earlier and not done, by date (the overdue ones first), each
    marked `is_mine` when the user wrote it or is in charge of the organization. Returns
    (shown, total)."""
    due = Interaction.objects.filter(follow_up_done=False, follow_up_on__lte=timezone.localdate())
    shown = list(
        due.annotate(
            is_mine=Case(
                When(Q(author=user) | Q(organization__animator=user), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("organization", "author")
        .order_by("follow_up_on", "pk")[:limit]
    )
    return shown, due.count()


def segment_counts() -> list[tuple[str, str, int]]:
    """(segment, label, number of organizations) for every segment, in one query."""
    counts = dict(Organization.objects.order_by().values_list("segment").annotate(Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in Segment.choices]


def contact_staff_list(*, query: str = "", lifecycle: str = "", position: str = "") -> QuerySet:
    """Contacts for the back-office, with their organizations in one more query."""
    contacts = Contact.objects.filter(anonymised_at__isnull=True)
    query = query.strip()
    if query:
        # "Marie Dupont" finds her whichever order the two names are typed in.
        contacts = contacts.filter(search_filter(query, ["first_name", "last_name", "email"]))
    affiliation_filter = Q()
    if lifecycle:
        affiliation_filter &= Q(organization__lifecycle=lifecycle)
    if position:
        affiliation_filter &= Q(position=position)
    if lifecycle or position:
        # Both conditions must hold for the same affiliation, hence one subquery.
        contacts = contacts.filter(
            Exists(Affiliation.objects.filter(affiliation_filter, contact=OuterRef("pk")))
        )
    affiliations = Affiliation.objects.select_related("organization").order_by("organization__name")
    return contacts.prefetch_related(Prefetch("affiliations", queryset=affiliations)).order_by(
        "last_name", "first_name", "pk"
    )


def contact_export_rows(*, contacts: QuerySet[Contact]) -> tuple[list[str], Iterator[list]]:
    header = [
        _("First name"),
        _("Last name"),
        _("Email"),
        _("Job title"),
        _("Phone"),
        _("Organizations"),
        _("Has a login"),
    ]

    def rows():
        for contact in contacts:
            yield [
                contact.first_name,
                contact.last_name,
                contact.email,
                contact.job_title,
                contact.phone,
                "; ".join(
                    f"{affiliation.organization.name} ({affiliation.get_position_display()})"
                    for affiliation in contact.affiliations.all()
                ),
                _yes_no(contact.user_id is not None),
            ]

    return header, rows()
