"""The staff dashboard's figures of the current quarter so far, from the same section
selectors as the reports (see snapshot.py), kept a few minutes in the cache: the dashboard
is opened many times a day and the figures move slowly."""

from django.core.cache import cache
from django.utils import timezone

from reports.models import Report
from reports.periods import Period, Periods
from reports.selectors import collaboration, communication, events, membership, satisfaction

# Long enough to spare the database on every visit, short enough that an animator who just
# recorded attendance sees it within minutes.
CACHE_SECONDS = 5 * 60


def _figures(period: Period) -> dict:
    periods = Periods.around(period)
    return {
        "membership": membership.membership_section(periods=periods),
        "events": events.events_section(periods=periods),
        "communication": communication.communication_section(periods=periods),
        "satisfaction": satisfaction.satisfaction_section(periods=periods),
        "collaboration": collaboration.collaboration_section(periods=periods),
    }


def dashboard_figures(*, today=None) -> dict:
    """The quarter so far: {"period", "figures" (the sections, as in a snapshot),
    "current_report", "last_report"} (the reports of this quarter and the last one, or None)."""
    today = today or timezone.localdate()
    quarter = Period.containing("quarter", today)
    so_far = Period("quarter", quarter.start, today)
    key = f"reports:dashboard:{today.isoformat()}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(so_far)
        cache.set(key, figures, CACHE_SECONDS)
    last = quarter.previous()
    reports = {
        report.period_start: report
        for report in Report.objects.filter(
            kind=Report.Kind.QUARTER, period_start__in=[quarter.start, last.start]
        )
    }
    return {
        "period": quarter,
        "last_period": last,
        "figures": figures,
        "current_report": reports.get(quarter.start),
        "last_report": reports.get(last.start),
    }
