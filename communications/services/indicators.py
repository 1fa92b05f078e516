"""The daily snapshot of the indicators the portal measures itself."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from communications.models import Indicator, Measurement
from communications.selectors.indicators import metric_values

Metric = Indicator.Metric


@transaction.atomic
def measurements_snapshot(*, today: date | None = None) -> int:
    """Record today's value of every indicator the portal measures: one measurement per
    indicator and day, updated when run again the same day. Returns how many were written;
    an indicator without a value (nothing to measure yet) gets none."""
    today = today or timezone.localdate()
    indicators = list(Indicator.objects.exclude(metric=Metric.MANUAL))
    values = metric_values(metrics=[indicator.metric for indicator in indicators], today=today)
    written = 0
    for indicator in indicators:
        value = values.get(indicator.metric)
        if value is None:
            continue
        Measurement.objects.update_or_create(
            indicator=indicator,
            measured_on=today,
            defaults={"value": value, "is_automatic": True, "note": ""},
        )
        written += 1
    return written
