"""The figures of a member organization's annual statement: what its people attended, the
working groups they took part in, the surveys they answered and its dues, for one calendar
year. Frozen as JSON in MemberStatement.figures when the statement is built.

Counts only: the statement names events, groups and surveys, never a person, so it holds
no personal data. Schema 1:

{
  "schema": 1,
  "year": 2025,
  "events": [{"date": iso, "title_fr", "title_en", "kind",      # confirmed registrations of
              "registered": int, "present": int}],             # the organization, by date
  "totals": {"registrations": int, "present": int, "no_shows": int, "events": int},
  "previous": {"year": 2024, "registrations": int, "present": int, "no_shows": int,
               "events": int},                                  # the same totals a year before
  "groups": [{"slug", "name_fr", "name_en",
              "people": int,                                    # its people accepted in it
              "meetings": int}],                                # the group's events that year
  "surveys": [{"title_fr", "title_en", "date": iso,             # first answer of the year
               "responses": int}],                              # answers from its people
  "dues": [{"period_start": iso, "period_end": iso, "category_fr", "category_en",
            "amount": float|null, "invoiced_on": iso|null, "paid_on": iso|null,
            "status": str}],                                    # Membership.Status
  "is_empty": bool                                              # no event, group or survey
}

Events count when they started in the year (Paris time) and were not cancelled;
registrations when confirmed. A group counts when one of the organization's contacts was
accepted in it before the year ended. Anonymous surveys keep no organization, so they never
show. Memberships count when their period overlaps the year, unless they never went
further than an application (applied or rejected).
"""

from datetime import date, datetime

from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.translation import in_language
from events.models import Event, Registration
from members.models import Membership, WorkingGroupMember
from surveys.models import Response

SCHEMA = 1
# Statuses of a membership that never was one: left out of the dues.
NOT_MEMBERSHIPS = (Membership.Status.APPLIED, Membership.Status.REJECTED)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of `year` and of the next, in the cluster's time zone."""
    zone = timezone.get_default_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _totals(rows: list[dict]) -> dict:
    return {
        "registrations": sum(row["registered"] for row in rows),
        "present": sum(row["present"] for row in rows),
        "no_shows": sum(row["no_shows"] for row in rows),
        "events": len(rows),
    }


def _attendance(organization_ids: list[int], year: int):
    """Confirmed registrations of the organizations, per organization and event of `year`."""
    start, end = _year_bounds(year)
    return (
        Registration.objects.filter(
            organization_id__in=organization_ids,
            status=Registration.Status.CONFIRMED,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            event__cancelled_at__isnull=True,
        )
        .values(
            "organization_id",
            "event_id",
            "event__starts_at",
            "event__title_fr",
            "event__title_en",
            "event__kind",
        )
        .annotate(
            registered=Count("pk"),
            present=Count("pk", filter=Q(attendance=Registration.Attendance.PRESENT)),
            no_shows=Count("pk", filter=Q(attendance=Registration.Attendance.NO_SHOW)),
        )
        # Replaces the model's ordering, whose names would split the groups.
        .order_by("organization_id", "event__starts_at", "event_id")
    )


def _groups(organization_ids: list[int], year: int):
    """Per organization and working group: its contacts accepted in the group before the
    year ended, and the group's meetings that year (a subquery, so one query in all)."""
    start, end = _year_bounds(year)
    meetings = (
        Event.objects.filter(
            working_group_id=OuterRef("group_id"),
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at__isnull=True,
        )
        .order_by()
        .values("working_group_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        WorkingGroupMember.objects.filter(
            status=WorkingGroupMember.Status.ACCEPTED,
            contact__affiliations__organization_id__in=organization_ids,
        )
        # Rows older than the decision dates have none: their request date stands in.
        .alias(joined_at=Coalesce("decided_at", "requested_at"))
        .filter(joined_at__lt=end)
        .values(
            "group_id",
            "group__slug",
            "group__name_fr",
            "group__name_en",
            organization_id=F("contact__affiliations__organization_id"),
        )
        .annotate(
            people=Count("contact_id", distinct=True),
            meetings=Coalesce(Subquery(meetings, output_field=IntegerField()), Value(0)),
        )
        .order_by("organization_id", "group__name_fr", "group_id")
    )


def _surveys(organization_ids: list[int], year: int):
    return (
        Response.objects.filter(
            organization_id__in=organization_ids,
            submitted_on__gte=date(year, 1, 1),
            submitted_on__lte=date(year, 12, 31),
            survey__is_anonymous=False,
        )
        .values("organization_id", "survey_id", "survey__title_fr", "survey__title_en")
        .annotate(first_on=Min("submitted_on"), responses=Count("pk"))
        .order_by("organization_id", "first_on", "survey_id")
    )


def _memberships(organization_ids: list[int], year: int):
    return (
        Membership.objects.filter(
            organization_id__in=organization_ids,
            period_start__lte=date(year, 12, 31),
            period_end__gte=date(year, 1, 1),
        )
        .exclude(status__in=NOT_MEMBERSHIPS)
        .select_related("category")
        .order_by("organization_id", "period_start", "pk")
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def statements_figures(*, organizations: list, year: int) -> dict[int, dict]:
    """The statement figures of each organization for `year`, by organization id, in five
    queries whatever the number of organizations, events and registrations."""
    ids = [organization.pk for organization in organizations]
    if not ids:
        return {}
    figures = {
        pk: {
            "schema": SCHEMA,
            "year": year,
            "events": [],
            "groups": [],
            "surveys": [],
            "dues": [],
        }
        for pk in ids
    }
    by_organization: dict[int, list[dict]] = {pk: [] for pk in ids}
    for row in _attendance(ids, year):
        by_organization[row["organization_id"]].append(row)
    for pk, rows in by_organization.items():
        figures[pk]["events"] = [
            {
                "date": timezone.localtime(row["event__starts_at"]).date().isoformat(),
                "title_fr": row["event__title_fr"],
                "title_en": row["event__title_en"],
                "kind": row["event__kind"],
                "registered": row["registered"],
                "present": row["present"],
            }
            for row in rows
        ]
        figures[pk]["totals"] = _totals(rows)

    previous = {pk: [] for pk in ids}
    for row in _attendance(ids, year - 1):
        previous[row["organization_id"]].append(row)
    for pk, rows in previous.items():
        figures[pk]["previous"] = {"year": year - 1, **_totals(rows)}

    for row in _groups(ids, year):
        figures[row["organization_id"]]["groups"].append(
            {
                "slug": row["group__slug"],
                "name_fr": row["group__name_fr"],
                "name_en": row["group__name_en"],
                "people": row["people"],
                "meetings": row["meetings"],
            }
        )

    for row in _surveys(ids, year):
        figures[row["organization_id"]]["surveys"].append(
            {
                "title_fr": row["survey__title_fr"],
                "title_en": row["survey__title_en"],
                "date": row["first_on"].isoformat(),
                "responses": row["responses"],
            }
        )

    for membership in _memberships(ids, year):
        category = membership.category
        figures[membership.organization_id]["dues"].append(
            {
                "period_start": membership.period_start.isoformat(),
                "period_end": membership.period_end.isoformat(),
                "category_fr": category.name_fr if category else "",
                "category_en": category.name_en if category else "",
                "amount": (
                    float(membership.dues_amount) if membership.dues_amount is not None else None
                ),
                "invoiced_on": _iso(membership.invoiced_on),
                "paid_on": _iso(membership.paid_on),
                "status": membership.status,
            }
        )

    for data in figures.values():
        data["is_empty"] = not (data["events"] or data["groups"] or data["surveys"])
    return figures


def statement_figures(*, organization, year: int) -> dict:
    """The statement figures of one organization for `year` (see the module docstring)."""
    return statements_figures(organizations=[organization], year=year)[organization.pk]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def statement_display(*, figures: dict) -> dict:
    """The frozen figures as pages and PDFs show them, in the active language: names
    chosen with `in_language`, labels of kinds and statuses, dates as dates."""
    kinds = dict(Event.Kind.choices)
    statuses = dict(Membership.Status.choices)
    return {
        "year": figures["year"],
        "is_empty": figures["is_empty"],
        "totals": figures["totals"],
        "previous": figures["previous"],
        "events": [
            {
                "date": _day(event["date"]),
                "title": in_language(event["title_fr"], event["title_en"]),
                "kind": kinds.get(event["kind"], event["kind"]),
                "registered": event["registered"],
                "present": event["present"],
            }
            for event in figures["events"]
        ],
        "groups": [
            {
                "name": in_language(group["name_fr"], group["name_en"]),
                "people": group["people"],
                "meetings": group["meetings"],
            }
            for group in figures["groups"]
        ],
        "surveys": [
            {
                "title": in_language(survey["title_fr"], survey["title_en"]),
                "date": _day(survey["date"]),
                "responses": survey["responses"],
            }
            for survey in figures["surveys"]
        ],
        "dues": [
            {
                "period_start": _day(dues["period_start"]),
                "period_end": _day(dues["period_end"]),
                "category": in_language(dues["category_fr"], dues["category_en"]),
                "amount": dues["amount"],
                "invoiced_on": _day(dues["invoiced_on"]),
                "paid_on": _day(dues["paid_on"]),
                "status": dues["status"],
                "status_label": statuses.get(dues["status"], dues["status"]),
            }
            for dues in figures["dues"]
        ],
    }
