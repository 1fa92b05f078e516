"""The events figures of a report (see reports.selectors.snapshot for the schema).

The events of a period are the cluster's own events (not imported from a partner cluster's
calendar, not organized by a partner cluster), published and not cancelled, whose start's
local date (Europe/Paris) falls in the period. While a period runs, it ends today: an
event planned later in the quarter is not held yet.

- held: their number; by_kind: their number per Event.Kind, kinds with none left out.
- registrations: their confirmed registrations; waitlisted: those on the waitlist.
- present / no_shows: registrations marked present / no-show among the confirmed and
  waitlisted ones, as the check-in page counts them.
- attendance_rate: 100 × present / (present + no_shows), one decimal; null when nobody's
  attendance was recorded.
- top: the 5 events of the current period with the most people present, then the most
  registrations, then the earliest.
- satisfaction: each event of the current period that has surveys, by date: the responses
  to its surveys, the NPS of the answers to their NPS questions (the formula of the survey
  results, surveys.selectors.nps_breakdown) and the average of the answers to their 1-5
  rating questions (one decimal); null when nobody answered such a question.
- debates: the thematic-debate rounds closed in the current period with a chosen topic,
  with the votes that topic got.
- monthly: each month of the current period, its events held and people present.

Four queries whatever the number of rows: see `events_section`.
"""

import operator
from collections import Counter
from datetime import date, datetime, timedelta
from functools import reduce

from django.db.models import Count, Q
from django.utils import timezone

from events.models import DebateRound, Event, Registration
from events.selectors import ACTIVE_STATUSES
from reports.periods import Period, Periods, local_midnight
from surveys.models import Answer, Question, Survey
from surveys.selectors import nps_breakdown

TOP_COUNT = 5

# The attendance of each event, counted in the event's own query (one join).
# "confirmed" are the "registrations" of the snapshot (a name the model's relation takes).
ATTENDANCE = {
    "confirmed": Count(
        "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
    ),
    "present": Count(
        "registrations",
        filter=Q(
            registrations__attendance=Registration.Attendance.PRESENT,
            registrations__status__in=ACTIVE_STATUSES,
        ),
    ),
    "no_shows": Count(
        "registrations",
        filter=Q(
            registrations__attendance=Registration.Attendance.NO_SHOW,
            registrations__status__in=ACTIVE_STATUSES,
        ),
    ),
    "waitlisted": Count(
        "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
    ),
}


def end_day(period: Period) -> date:
    """The last day whose facts count for `period`: its end, or today while it runs."""
    return min(period.end, timezone.localdate())


def day_range(period: Period) -> tuple[datetime, datetime]:
    """The local midnight starting the period and the one after its end day: an instant in
    [start, stop) has its local date in the period. Bounds rather than a `__date` lookup,
    so that indexes on the timestamps serve."""
    return local_midnight(period.start), local_midnight(end_day(period) + timedelta(days=1))


def _starts_in(period: Period) -> Q:
    start, stop = day_range(period)
    return Q(starts_at__gte=start, starts_at__lt=stop)


def own_events():
    """The cluster's own events that took or take place: published, not cancelled, neither
    imported from nor organized by a partner cluster."""
    return Event.objects.filter(
        partner_calendar__isnull=True, is_published=True, cancelled_at__isnull=True
    ).exclude(organizer=Event.Organizer.PARTNER_CLUSTER)


def held_events(period: Period):
    """The events of `period` (see the module docstring); working groups' meetings too."""
    return own_events().filter(_starts_in(period))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _attendance_rate(present: int, no_shows: int) -> float | None:
    recorded = present + no_shows
    return round(100 * present / recorded, 1) if recorded else None


def _figures(events: list[dict]) -> dict:
    kinds = Counter(event["kind"] for event in events)
    sums = {key: sum(event[key] for event in events) for key in ATTENDANCE}
    return {
        "held": len(events),
        "by_kind": [
            {"key": kind, "count": kinds[kind]} for kind in Event.Kind.values if kinds[kind]
        ],
        "registrations": sums["confirmed"],
        "present": sums["present"],
        "no_shows": sums["no_shows"],
        "waitlisted": sums["waitlisted"],
        "attendance_rate": _attendance_rate(sums["present"], sums["no_shows"]),
    }


def _top(events: list[dict]) -> list[dict]:
    best = sorted(events, key=lambda e: (-e["present"], -e["confirmed"], e["starts_at"]))
    return [
        {
            "title_fr": event["title_fr"],
            "title_en": event["title_en"],
            "date": local_day(event["starts_at"]).isoformat(),
            "kind": event["kind"],
            "registrations": event["confirmed"],
            "present": event["present"],
        }
        for event in best[:TOP_COUNT]
    ]


def _monthly(period: Period, events: list[dict]) -> list[dict]:
    months = {month: {"events": 0, "present": 0} for month in period.months()}
    for event in events:
        month = local_day(event["starts_at"]).replace(day=1)
        months[month]["events"] += 1
        months[month]["present"] += event["present"]
    return [{"month": month.strftime("%Y-%m"), **counts} for month, counts in months.items()]


def _satisfaction(period: Period, events: list[dict]) -> list[dict]:
    """Two queries: the events' surveys with their responses, and the NPS and rating
    answers counted by event, question kind and value."""
    ids = held_events(period).values("pk")
    responses = dict(
        Survey.objects.filter(event__in=ids)
        .order_by()
        .values("event")
        .annotate(n=Count("responses"))
        .values_list("event", "n")
    )
    counts: dict[tuple[int, str], dict[int, int]] = {}
    for row in (
        Answer.objects.filter(
            question__survey__event__in=ids,
            question__kind__in=(Question.Kind.NPS, Question.Kind.RATING),
            value_int__isnull=False,
        )
        .order_by()
        .values("question__survey__event", "question__kind", "value_int")
        .annotate(n=Count("pk"))
    ):
        key = (row["question__survey__event"], row["question__kind"])
        counts.setdefault(key, {})[row["value_int"]] = row["n"]
    rows = []
    for event in events:
        if event["pk"] not in responses:
            continue
        nps = nps_breakdown(counts.get((event["pk"], Question.Kind.NPS), {}))
        ratings = counts.get((event["pk"], Question.Kind.RATING), {})
        rated = sum(ratings.values())
        rows.append(
            {
                "title_fr": event["title_fr"],
                "title_en": event["title_en"],
                "date": local_day(event["starts_at"]).isoformat(),
                "responses": responses[event["pk"]],
                "nps": nps["score"] if nps else None,
                "rating": (
                    round(sum(value * n for value, n in ratings.items()) / rated, 1)
                    if rated
                    else None
                ),
            }
        )
    return rows


def _debates(period: Period) -> list[dict]:
    start, stop = day_range(period)
    rounds = (
        DebateRound.objects.filter(
            status=DebateRound.Status.CLOSED,
            closed_at__gte=start,
            closed_at__lt=stop,
            winning_topic__isnull=False,
        )
        .annotate(topic_votes=Count("winning_topic__votes"))
        .order_by("closed_at", "pk")
        .values("title_fr", "title_en", "winning_topic__title", "topic_votes", "closed_at")
    )
    return [
        {
            "title_fr": row["title_fr"],
            "title_en": row["title_en"],
            "topic": row["winning_topic__title"],
            "votes": row["topic_votes"],
            "closed_on": local_day(row["closed_at"]).isoformat(),
        }
        for row in rounds
    ]


def events_section(*, periods: Periods) -> dict:
    """The "events" part of the snapshot, in four queries: the events of the three periods
    with their attendance, their surveys' responses, their surveys' NPS and rating answers,
    and the debate rounds closed."""
    # One query for the three periods; a year's "previous" and "year_before" are the same.
    wanted = reduce(operator.or_, (_starts_in(period) for _name, period in periods.items()))
    events = list(
        own_events()
        .filter(wanted)
        .annotate(**ATTENDANCE)
        .order_by("starts_at", "pk")
        .values("pk", "title_fr", "title_en", "kind", "starts_at", *ATTENDANCE)
    )
    by_period = {}
    for name, period in periods.items():
        start, stop = day_range(period)
        by_period[name] = [event for event in events if start <= event["starts_at"] < stop]
    current = by_period["current"]
    return {
        **{name: _figures(rows) for name, rows in by_period.items()},
        "top": _top(current),
        "satisfaction": _satisfaction(periods.current, current),
        "debates": _debates(periods.current),
        "monthly": _monthly(periods.current, current),
    }
