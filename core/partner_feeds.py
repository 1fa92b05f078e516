"""What every import of a partner cluster's feed shares (calendars in events, directories in
network): one partner's failure never stops the others, and staff read why in words that
cannot carry what the partner's server sent."""

import logging
from collections.abc import Callable

from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def partner_feed_import_guarded(
    run: Callable, *, known_errors: type[Exception], on_error: Callable[[str], None], label: str
):
    """What `run()` returns, or None when it failed, after `on_error(message)` recorded a
    message staff may read. `known_errors` carry such a message already (a fetch or a
    format error); anything else is logged with its details and shown by its kind only. A
    task out of time records it and lets Celery stop the task."""
    try:
        return run()
    except known_errors as error:
        on_error(str(error))
    except SoftTimeLimitExceeded:
        on_error(gettext("The import took too long and was stopped."))
        raise
    except Exception as error:
        logger.exception("Import of %s failed", label)
        on_error(
            gettext("The feed could not be read (%(error)s).") % {"error": type(error).__name__}
        )
    return None


def partner_feed_record(partner, *, status: str, error: str, count: int | None = None) -> None:
    """Record the outcome of a fetch of `partner` (a core.models.PartnerFeed): when, how it
    went, the message staff read, and how many items the feed held when it was read."""
    partner.last_fetched_at = timezone.now()
    partner.last_status = status
    partner.last_error = error
    fields = ["last_fetched_at", "last_status", "last_error"]
    if count is not None:
        setattr(partner, partner.count_field, count)
        fields.append(partner.count_field)
    partner.save(update_fields=fields)
