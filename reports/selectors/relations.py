"""The relations figures of a report (staff edition only): the animators' interactions with
organizations, and how organizations moved between perception segments.

Definitions (see reports.selectors.snapshot for the JSON they fill):

- A period's end day is min(period.end, today): an unfinished period is read up to today.
  Assessment moments are placed on the local day they fall on (TIME_ZONE).
- interactions: for each period, the interactions whose happened_on falls in it, counted by
  kind (kinds with none are left out), most frequent first.
- movement, over the current period: an organization's segment at the start is the segment
  of its latest perception assessment made before the period's first day ("no_opinion" when
  there is none); at the end, that of its latest assessment made on or before the end day
  (its segment at the start when there is none). Organizations are counted per (from, to)
  pair where the two differ, the largest moves first.

Two queries whatever the number of rows: see relations_section.
"""

from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Interaction, Organization, PerceptionAssessment, Segment
from reports.periods import Periods, local_midnight


def relations_section(*, periods: Periods, today: date | None = None) -> dict:
    """The "relations" part of a report's snapshot in two queries: the interactions of the
    three periods by kind (1), the organizations' moves between segments (1)."""
    today = today or timezone.localdate()
    days = {name: (period.start, min(period.end, today)) for name, period in periods.items()}
    return {"interactions": _interactions(days), "movement": _movement(*days["current"])}


def _interactions(days: dict[str, tuple[date, date]]) -> dict[str, list[dict]]:
    """One row per kind, with its count in each period."""
    during = {
        name: Q(happened_on__gte=first, happened_on__lte=last)
        for name, (first, last) in days.items()
    }
    any_period = Q()
    for condition in during.values():
        any_period |= condition
    rows = (
        Interaction.objects.filter(any_period)
        .values("kind")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in during.items()})
        .order_by()
    )
    counts = {name: [] for name in days}
    for row in rows:
        for name in days:
            if row[name]:
                counts[name].append({"key": row["kind"], "count": row[name]})
    for entries in counts.values():
        entries.sort(key=lambda entry: (-entry["count"], entry["key"]))
    return counts


def _assessed_before(moment: datetime):
    return PerceptionAssessment.objects.filter(organization=OuterRef("pk"), assessed_at__lt=moment)


def _movement(first: date, last: date) -> list[dict]:
    """Organizations per change of segment, in one query: each organization's segment on
    both days is read by a subquery, then the pairs are grouped."""

    def latest_segment(moment: datetime) -> Subquery:
        latest = _assessed_before(moment).order_by("-assessed_at", "-pk").values("segment")
        return Subquery(latest[:1])

    start, end = local_midnight(first), local_midnight(last + timedelta(1))
    rows = (
        # Only organizations assessed by the end can have moved.
        Organization.objects.filter(Exists(_assessed_before(end)))
        .annotate(segment_from=Coalesce(latest_segment(start), Value(Segment.NO_OPINION)))
        .annotate(segment_to=Coalesce(latest_segment(end), F("segment_from")))
        .exclude(segment_from=F("segment_to"))
        .values("segment_from", "segment_to")
        .annotate(count=Count("pk"))
        .order_by("-count", "segment_from", "segment_to")
    )
    return [
        {"from": row["segment_from"], "to": row["segment_to"], "count": row["count"]}
        for row in rows
    ]
