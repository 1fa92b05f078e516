"""The communication figures of a report: newsletters and their readers, subscribers, news,
the press room and media coverage, for the period and the two it is compared with.

Definitions (see reports.selectors.snapshot for the JSON they fill):

- A period's end day is min(period.end, today): an unfinished period is read up to today.
  Moments (sent_at, published_at…) are placed on the local day they fall on (TIME_ZONE).
- newsletters: newsletters SENT whose sent_at falls in the period; recipients: the sum of
  their recipient_count.
- open_rate and click_rate: deliveries opened (opened_at set) and clicked (clicked_at set)
  over the deliveries SENT, counting only the period's newsletters that had tracking enabled;
  one decimal, null when none of them was tracked (an untracked newsletter says nothing).
- Subscribers on day d: those confirmed on or before d, neither unsubscribed nor bounced on
  or before d. subscribers_start is read on the day before the period, subscribers_end on its
  end day, subscriber_growth = end − start.
- news: published news articles whose published_at falls in the period; press_releases:
  published press releases whose published_on does; media: media coverage published in the
  period, media_audience the sum of their audience (unknown audiences count as 0);
  downloads: download requests made in the period.

Seven queries whatever the number of rows: see communication_section.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from communications.models import (
    Delivery,
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    Newsletter,
    PressRelease,
    Subscriber,
)
from reports.periods import Periods, local_midnight

# The keys of each period's figures, in the schema's order.
KEYS = (
    "newsletters",
    "recipients",
    "open_rate",
    "click_rate",
    "subscribers_start",
    "subscribers_end",
    "subscriber_growth",
    "news",
    "press_releases",
    "media",
    "media_audience",
    "downloads",
)

Days = dict[str, tuple[date, date]]


def communication_section(*, periods: Periods, today: date | None = None) -> dict:
    """The "communication" part of a report's snapshot, for the three periods at once in
    seven queries: newsletters (1), their tracked deliveries (1), subscribers (1), news (1),
    press releases (1), media coverage (1) and download requests (1)."""
    today = today or timezone.localdate()
    days = {name: (period.start, min(period.end, today)) for name, period in periods.items()}
    figures = {name: {} for name in days}
    for part in (_newsletters, _readers, _subscribers, _publications):
        for name, values in part(days).items():
            figures[name].update(values)
    return {name: {key: values[key] for key in KEYS} for name, values in figures.items()}


def _during(field: str, first: date, last: date) -> Q:
    """`field`, a moment, falls on a local day from `first` to `last`."""
    return Q(
        **{
            f"{field}__gte": local_midnight(first),
            f"{field}__lt": local_midnight(last + timedelta(1)),
        }
    )


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    rate = Decimal(part * 100) / Decimal(whole)
    return float(rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _newsletters(days: Days) -> dict[str, dict]:
    aggregates = {}
    for name, (first, last) in days.items():
        sent = _during("sent_at", first, last)
        aggregates[f"{name}_newsletters"] = Count("pk", filter=sent)
        aggregates[f"{name}_recipients"] = Coalesce(Sum("recipient_count", filter=sent), 0)
    figures = Newsletter.objects.filter(status=Newsletter.Status.SENT).aggregate(**aggregates)
    return {
        name: {
            "newsletters": figures[f"{name}_newsletters"],
            "recipients": figures[f"{name}_recipients"],
        }
        for name in days
    }


def _readers(days: Days) -> dict[str, dict]:
    """Open and click rates over the deliveries of the tracked newsletters of each period."""
    aggregates = {}
    for name, (first, last) in days.items():
        sent = _during("newsletter__sent_at", first, last)
        aggregates[f"{name}_sent"] = Count("pk", filter=sent)
        aggregates[f"{name}_opened"] = Count("pk", filter=sent & Q(opened_at__isnull=False))
        aggregates[f"{name}_clicked"] = Count("pk", filter=sent & Q(clicked_at__isnull=False))
    figures = Delivery.objects.filter(
        status=Delivery.Status.SENT,
        newsletter__status=Newsletter.Status.SENT,
        newsletter__tracking_enabled=True,
    ).aggregate(**aggregates)
    return {
        name: {
            "open_rate": _percent(figures[f"{name}_opened"], figures[f"{name}_sent"]),
            "click_rate": _percent(figures[f"{name}_clicked"], figures[f"{name}_sent"]),
        }
        for name in days
    }


def _subscribed_on(day: date) -> Q:
    day_after = local_midnight(day + timedelta(1))
    return (
        Q(confirmed_at__lt=day_after)
        & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=day_after))
        & (Q(bounced_at__isnull=True) | Q(bounced_at__gte=day_after))
    )


def _subscribers(days: Days) -> dict[str, dict]:
    aggregates = {}
    for name, (first, last) in days.items():
        aggregates[f"{name}_start"] = Count("pk", filter=_subscribed_on(first - timedelta(1)))
        aggregates[f"{name}_end"] = Count("pk", filter=_subscribed_on(last))
    figures = Subscriber.objects.filter(confirmed_at__isnull=False).aggregate(**aggregates)
    return {
        name: {
            "subscribers_start": figures[f"{name}_start"],
            "subscribers_end": figures[f"{name}_end"],
            "subscriber_growth": figures[f"{name}_end"] - figures[f"{name}_start"],
        }
        for name in days
    }


def _publications(days: Days) -> dict[str, dict]:
    """News, press releases, media coverage and download requests: one query for each."""
    news = NewsArticle.objects.filter(is_published=True).aggregate(
        **{
            name: Count("pk", filter=_during("published_at", first, last))
            for name, (first, last) in days.items()
        }
    )
    releases = PressRelease.objects.filter(is_published=True).aggregate(
        **{
            name: Count("pk", filter=Q(published_on__gte=first, published_on__lte=last))
            for name, (first, last) in days.items()
        }
    )
    media_aggregates = {}
    for name, (first, last) in days.items():
        published = Q(published_on__gte=first, published_on__lte=last)
        media_aggregates[f"{name}_count"] = Count("pk", filter=published)
        media_aggregates[f"{name}_audience"] = Coalesce(Sum("audience", filter=published), 0)
    media = MediaCoverage.objects.aggregate(**media_aggregates)
    downloads = DownloadRequest.objects.aggregate(
        **{
            name: Count("pk", filter=_during("created_at", first, last))
            for name, (first, last) in days.items()
        }
    )
    return {
        name: {
            "news": news[name],
            "press_releases": releases[name],
            "media": media[f"{name}_count"],
            "media_audience": media[f"{name}_audience"],
            "downloads": downloads[name],
        }
        for name in days
    }
