"""The membership figures of a report: members at the start and end of each period, who
joined and who left, dues, the members' breakdown and the last twelve months.

Definitions (see reports.selectors.snapshot for the JSON they fill):

- A membership counts when its status is ACTIVE, EXPIRED or APPROVED (approved, its dues not
  paid yet: the organization is a member all the same, as the register shows it). An
  organization is a member on day d when it has a counted membership with
  period_start <= d <= period_end.
- A period's end day is min(period.end, today): an unfinished period is read up to today.
- at_start: members on the day before the period starts; at_end: members on its end day.
  joined: members at the end who were not at the start; left: members at the start who are
  not at the end. retention_rate = 100 × (at_start − left) / at_start, one decimal, null
  when at_start is 0.
- Dues, for each period: expected = dues of the ACTIVE, EXPIRED or APPROVED memberships whose
  period_start falls in the period; invoiced = dues of those same statuses invoiced in the
  period; collected = dues of those same statuses paid in the period; late = dues of the
  memberships of those statuses, begun by the end day and not ended more than a year before
  it, invoiced at least 30 days before the end day and not paid by it (no payment, or paid
  after), late_count their number: judged on dates, so a period's column does not change
  when a membership later expires. late_payers lists the current
  period's late memberships (staff only): the organization, the amount, the invoice date,
  largest amounts first then by name, at most 50.
- breakdown: the members at the current period's end by kind, region, headcount band ("" when
  unknown), sector and label; sme_share = % of them with fewer than 250 people among those
  whose headcount band is known (null when none is).
- monthly: members at each of the twelve month-ends up to the current end day, the last point
  being the end day itself (its month is the end day's month).

Seven queries whatever the number of rows: see membership_section.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import HeadcountBand, Label, Membership, Organization, Sector
from members.selectors.memberships import LATE_AFTER
from reports.periods import Periods

Status = Membership.Status
# Memberships that make an organization a member on the days they cover.
COUNTED = (Status.ACTIVE, Status.EXPIRED, Status.APPROVED)
# Memberships whose dues are owed.
BILLED = (Status.ACTIVE, Status.EXPIRED, Status.APPROVED)
# Unpaid dues of a membership that ended more than this before a period's end are written
# off there rather than counted late again.
LATE_MEMORY = timedelta(days=365)
# Fewer than 250 people: the European definition of a small or medium-sized enterprise.
SME_BANDS = (HeadcountBand.SOLO, HeadcountBand.MICRO, HeadcountBand.SMALL, HeadcountBand.MEDIUM)
LATE_PAYERS_SHOWN = 50
MONTHS_SHOWN = 12


def membership_section(*, periods: Periods, today: date | None = None) -> dict:
    """The "membership" part of a report's snapshot, in seven queries: members at the start
    and end of the three periods (1), their dues (1), the late payers (1), the breakdown by
    kind, region and size (1), by sector (1) and by label (1), and the monthly curve (1)."""
    today = today or timezone.localdate()
    ends = {name: min(period.end, today) for name, period in periods.items()}
    counts = _member_counts(periods, ends)
    dues = _dues(periods, ends)
    current_end = ends["current"]
    return {
        **{name: {**counts[name], "dues": dues[name]} for name, _ in periods.items()},
        "breakdown": _breakdown(current_end),
        "late_payers": _late_payers(current_end),
        "monthly": _monthly(current_end),
    }


def _member_on(day: date) -> Exists:
    """Whether the organization of the outer query is a member on `day`."""
    return Exists(
        Membership.objects.filter(
            organization=OuterRef("pk"),
            status__in=COUNTED,
            period_start__lte=day,
            period_end__gte=day,
        )
    )


def _percent(part: int | Decimal, whole: int | Decimal) -> float | None:
    if not whole:
        return None
    rate = Decimal(part) * 100 / Decimal(whole)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _member_counts(periods: Periods, ends: dict[str, date]) -> dict[str, dict]:
    """Members at the start and end of each period, who joined and who left, in one query:
    the counted memberships are grouped by organization, each group telling how many of its
    memberships cover each of the six days, then the organizations are counted."""
    days = {}
    for name, period in periods.items():
        days[f"{name}_started"] = period.start - timedelta(days=1)
        days[f"{name}_ended"] = ends[name]
    per_organization = (
        Membership.objects.filter(status__in=COUNTED)
        .values("organization")
        .annotate(
            **{
                flag: Count("pk", filter=Q(period_start__lte=day, period_end__gte=day))
                for flag, day in days.items()
            }
        )
        .order_by()
    )
    aggregates = {}
    for name, _ in periods.items():
        at_start = Q(**{f"{name}_started__gt": 0})
        at_end = Q(**{f"{name}_ended__gt": 0})
        aggregates[f"{name}_at_start"] = Count("organization", filter=at_start)
        aggregates[f"{name}_at_end"] = Count("organization", filter=at_end)
        aggregates[f"{name}_joined"] = Count("organization", filter=at_end & ~at_start)
        aggregates[f"{name}_left"] = Count("organization", filter=at_start & ~at_end)
    figures = per_organization.aggregate(**aggregates)
    counts = {}
    for name, _ in periods.items():
        at_start = figures[f"{name}_at_start"]
        left = figures[f"{name}_left"]
        counts[name] = {
            "at_start": at_start,
            "at_end": figures[f"{name}_at_end"],
            "joined": figures[f"{name}_joined"],
            "left": left,
            "retention_rate": _percent(at_start - left, at_start),
        }
    return counts


def _late_q(end: date) -> Q:
    """Memberships running on `end` or before it whose dues were invoiced at least 30 days
    before `end` and not paid by it. Judged on dates: a period's late dues stay late in its
    column after the membership expires; an expired one ended long before is not chased."""
    return Q(
        status__in=BILLED,
        invoiced_on__lte=end - LATE_AFTER,
        period_start__lte=end,
        period_end__gte=end - LATE_MEMORY,
    ) & (Q(paid_on__isnull=True) | Q(paid_on__gt=end))


def _money(condition: Q):
    return Coalesce(
        Sum("dues_amount", filter=condition),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def _dues(periods: Periods, ends: dict[str, date]) -> dict[str, dict]:
    """Expected, invoiced, collected and late dues of the three periods, in one query."""
    aggregates = {}
    for name, period in periods.items():
        billed = Q(status__in=BILLED)
        aggregates[f"{name}_expected"] = _money(
            billed & Q(period_start__gte=period.start, period_start__lte=ends[name])
        )
        aggregates[f"{name}_invoiced"] = _money(
            billed & Q(invoiced_on__gte=period.start, invoiced_on__lte=ends[name])
        )
        aggregates[f"{name}_collected"] = _money(
            billed & Q(paid_on__gte=period.start, paid_on__lte=ends[name])
        )
        aggregates[f"{name}_late"] = _money(_late_q(ends[name]))
        aggregates[f"{name}_late_count"] = Count("pk", filter=_late_q(ends[name]))
    figures = Membership.objects.aggregate(**aggregates)
    return {
        name: {
            "expected": float(figures[f"{name}_expected"]),
            "invoiced": float(figures[f"{name}_invoiced"]),
            "collected": float(figures[f"{name}_collected"]),
            "late": float(figures[f"{name}_late"]),
            "late_count": figures[f"{name}_late_count"],
        }
        for name, _ in periods.items()
    }


def _late_payers(end: date) -> list[dict]:
    rows = (
        Membership.objects.filter(_late_q(end))
        .annotate(amount=Coalesce("dues_amount", Value(Decimal("0"))))
        .order_by(F("amount").desc(), "organization__name", "pk")
        .values_list("organization__name", "amount", "invoiced_on")[:LATE_PAYERS_SHOWN]
    )
    return [
        {"organization": name, "amount": float(amount), "invoiced_on": invoiced_on.isoformat()}
        for name, amount, invoiced_on in rows
    ]


def _ranked(counter: Counter) -> list[dict]:
    """Most frequent first, then by key, so that equal counts keep a stable order."""
    return [
        {"key": key, "count": count}
        for key, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    ]


def _terms(model, members) -> list[dict]:
    """How many of `members` have each term of `model` (Sector or Label), in one query."""
    rows = (
        model.objects.filter(organization__in=members)
        .annotate(count=Count("organization"))
        .order_by("-count", "name_fr", "slug")
        .values("slug", "name_fr", "name_en", "count")
    )
    return [
        {
            "key": row["slug"],
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "count": row["count"],
        }
        for row in rows
    ]


def _breakdown(end: date) -> dict:
    """The members on `end` by kind, region and size (one query grouped by the three), by
    sector (one) and by label (one)."""
    members = Organization.objects.filter(_member_on(end))
    kinds, regions, sizes = Counter(), Counter(), Counter()
    rows = members.values("kind", "region", "headcount_band").annotate(count=Count("pk"))
    for row in rows.order_by():
        kinds[row["kind"]] += row["count"]
        regions[row["region"]] += row["count"]
        sizes[row["headcount_band"]] += row["count"]
    known = sum(count for band, count in sizes.items() if band)
    small = sum(sizes[band] for band in SME_BANDS)
    return {
        "kind": _ranked(kinds),
        "region": _ranked(regions),
        "size": _ranked(sizes),
        "sector": _terms(Sector, members),
        "label": _terms(Label, members),
        "sme_share": _percent(small, known),
    }


def _month_ends(end: date) -> list[date]:
    """The last days of the eleven months before the month of `end`, then `end` itself."""
    days = [end]
    first_of_month = end.replace(day=1)
    for _ in range(MONTHS_SHOWN - 1):
        last_day = first_of_month - timedelta(days=1)
        days.append(last_day)
        first_of_month = last_day.replace(day=1)
    return days[::-1]


def _monthly(end: date) -> list[dict]:
    """Members at each month-end, in one query: a distinct count of organizations per day."""
    days = _month_ends(end)
    figures = Membership.objects.filter(
        status__in=COUNTED, period_start__lte=days[-1], period_end__gte=days[0]
    ).aggregate(
        **{
            f"m{number}": Count(
                "organization", distinct=True, filter=Q(period_start__lte=day, period_end__gte=day)
            )
            for number, day in enumerate(days)
        }
    )
    return [
        {"month": day.strftime("%Y-%m"), "members": figures[f"m{number}"]}
        for number, day in enumerate(days)
    ]
