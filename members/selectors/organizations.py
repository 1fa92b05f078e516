"""What the animators' pages of organizations read: the filtered organization list and its
export, the follow-ups, the perception segments, the contacts list and its export."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
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
from django.utils.translation import gettext as _

from core.search import search_filter
from members.models import (
    Affiliation,
    Competence,
    Contact,
    Interaction,
    Membership,
    Organization,
    Sector,
    Segment,
    Tag,
)

# Values of the membership filter besides the Membership.Status of the current period.
MEMBERSHIP_CURRENT = "current"
MEMBERSHIP_NONE = "none"
# Value of the animator filter for organizations nobody is in charge of.
ANIMATOR_NONE = "none"
FOLLOW_UPS_SHOWN = 10


def staff_users() -> QuerySet:
    """Who may be put in charge of an organization: active animators."""
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .order_by("first_name", "last_name", "email")
    )


def organization_filter_choices() -> dict:
    """The choice lists of the filter and bulk forms, fetched once per page (4 queries)."""
    return {
        "sectors": list(Sector.objects.all()),
        "competences": list(Competence.objects.all()),
        "tags": list(Tag.objects.all()),
        "animators": list(staff_users()),
    }


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


def organization_affiliations(*, organization: Organization) -> QuerySet[Affiliation]:
    """The organization's people, by name, each with their contact."""
    return (
        Affiliation.objects.filter(organization=organization)
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name", "pk")
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
    # COUNT(*): read from the segment index alone, without the organizations' rows.
    counts = dict(Organization.objects.order_by().values_list("segment").annotate(n=Count("*")))
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
