"""The satisfaction figures of a report (see reports.selectors.snapshot for the schema).

The annual satisfaction surveys (Survey.is_annual) count once sent (sent_at) on or before
the period's end day (today while it runs):
- latest: the most recently sent; trend: the latest 6, oldest first. Each with its
  response count and its NPS over the answers to its NPS questions (the formula of the
  survey results, surveys.selectors.nps_breakdown), null when nobody gave one.
- segments: the latest survey's invitations by the perception segment of the invited
  contact's organizations (through their affiliations), all five segments in their order:
  invited (its invitations), answered (those with answered_at), rate = 100 × answered /
  invited (one decimal, null with no invitation). A contact of two organizations in
  different segments counts in both; a contact without any organization in none.
"""

from django.db.models import Count, Q

from members.models import Segment
from reports.periods import Periods
from reports.selectors.events import day_range, local_day
from surveys.models import Answer, Invitation, Question, Survey
from surveys.selectors import nps_breakdown

TREND_LENGTH = 6


def _segments(latest) -> list[dict]:
    counts = {
        row["contact__affiliations__organization__segment"]: row
        for row in Invitation.objects.filter(survey__in=latest)
        .order_by()
        .values("contact__affiliations__organization__segment")
        .annotate(
            # Distinct: a contact of two organizations of one segment is one invitation.
            invited=Count("pk", distinct=True),
            answered=Count("pk", distinct=True, filter=Q(answered_at__isnull=False)),
        )
    }
    segments = []
    for segment in Segment.values:
        row = counts.get(segment, {"invited": 0, "answered": 0})
        invited, answered = row["invited"], row["answered"]
        segments.append(
            {
                "key": segment,
                "invited": invited,
                "answered": answered,
                "rate": round(100 * answered / invited, 1) if invited else None,
            }
        )
    return segments


def satisfaction_section(*, periods: Periods) -> dict:
    """The "satisfaction" part of the snapshot, in three queries: the latest annual surveys
    with their response counts, their NPS answers counted by value, and the latest one's
    invitations by segment."""
    _start, stop = day_range(periods.current)
    annual = Survey.objects.filter(is_annual=True, sent_at__lt=stop).order_by("-sent_at", "-pk")
    surveys = list(
        annual.annotate(responses_count=Count("responses")).values(
            "pk", "title_fr", "title_en", "sent_at", "responses_count"
        )[:TREND_LENGTH]
    )
    nps_counts: dict[int, dict[int, int]] = {}
    for row in (
        Answer.objects.filter(
            question__survey__in=annual.values("pk")[:TREND_LENGTH],
            question__kind=Question.Kind.NPS,
            value_int__isnull=False,
        )
        .order_by()
        .values("question__survey", "value_int")
        .annotate(n=Count("pk"))
    ):
        nps_counts.setdefault(row["question__survey"], {})[row["value_int"]] = row["n"]
    trend = []
    for survey in reversed(surveys):
        nps = nps_breakdown(nps_counts.get(survey["pk"], {}))
        trend.append(
            {
                "title_fr": survey["title_fr"],
                "title_en": survey["title_en"],
                "date": local_day(survey["sent_at"]).isoformat(),
                "nps": nps["score"] if nps else None,
                "responses": survey["responses_count"],
            }
        )
    return {
        "latest": trend[-1] if trend else None,
        "trend": trend,
        "segments": _segments(annual.values("pk")[:1]),
    }
