"""Storage limitation: personal data past its retention period is deleted or anonymised.

Each rule reads its period, in days, from a setting (see settings.py and the README), finds
the rows past it, and deletes or anonymises them. `retention_apply` runs every rule; the
daily beat task calls it, and staff see what the next run will do on the retention page.
A second run finds nothing left to do: every rule only selects rows it has not dealt with.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from communications.models import Delivery, DownloadRequest, Subscriber
from core.models import SentEmail
from events.models import Registration
from members.models import (
    Affiliation,
    Contact,
    Interaction,
    MembershipApplication,
    Organization,
)
from portal.services.personal_data import contact_erase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionRule:
    key: str
    label: Promise
    action: Promise
    setting: str
    # The rows past the period, for a cutoff (now minus the period), and what is done to them.
    due: Callable[[datetime], QuerySet]
    apply: Callable[[QuerySet], int]

    def days(self) -> int:
        return getattr(settings, self.setting)

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days())


def _prospect_contacts_due(cutoff: datetime) -> QuerySet:
    """Contacts of prospects only (or of no organization), without a login, whom nothing has
    involved since the cutoff: no staff interaction with them or their organizations, no
    event registration, no application."""
    contact = OuterRef("pk")
    since = timezone.localdate(cutoff)
    return Contact.objects.filter(
        anonymised_at__isnull=True, user__isnull=True, created_at__lt=cutoff
    ).exclude(
        Exists(
            Affiliation.objects.filter(contact=contact).exclude(
                organization__lifecycle=Organization.Lifecycle.PROSPECT
            )
        )
        | Exists(Interaction.objects.filter(contacts=contact, happened_on__gte=since))
        | Exists(
            Interaction.objects.filter(
                organization__affiliations__contact=contact, happened_on__gte=since
            )
        )
        | Exists(Registration.objects.filter(contact=contact, created_at__gte=cutoff))
        | Exists(MembershipApplication.objects.filter(contact=contact, submitted_at__gte=cutoff))
    )


def _contacts_erase(contacts: QuerySet) -> int:

    erased = 0
    for contact in contacts.only("pk").iterator():
        contact_erase(contact=contact, erased_by=None)
        erased += 1
    return erased


def _leads_due(cutoff: datetime) -> QuerySet:

    recent = DownloadRequest.objects.filter(subscriber=OuterRef("pk"), created_at__gte=cutoff)
    return Subscriber.objects.filter(status=Subscriber.Status.LEAD, created_at__lt=cutoff).exclude(
        Exists(recent)
    )


def _pending_signups_due(cutoff: datetime) -> QuerySet:

    # A confirmation sent again (a second sign-up) restarts the wait.
    return Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ).filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=cutoff))


def _rejected_applications_due(cutoff: datetime) -> QuerySet:

    # The applicant's contact is then a prospect's, anonymised by the prospects' rule.
    return MembershipApplication.objects.filter(
        status=MembershipApplication.Status.REJECTED, reviewed_at__lt=cutoff
    )


def _sent_emails_due(cutoff: datetime) -> QuerySet:

    # The occasions these keys stand for (a reminder, a confirmation) are long past: nothing
    # will claim them again, so the rows are not needed to keep each email unique.
    return SentEmail.objects.filter(created_at__lt=cutoff)


def _tracking_due(cutoff: datetime) -> QuerySet:

    return Delivery.objects.filter(sent_at__lt=cutoff).filter(
        Q(opened_at__isnull=False) | Q(clicked_at__isnull=False) | Q(click_count__gt=0)
    )


def _delete(rows: QuerySet) -> int:
    # Only the rows of the model itself: what cascades (download requests) is not counted.
    return rows.delete()[1].get(rows.model._meta.label, 0)


def _tracking_erase(deliveries: QuerySet) -> int:
    return deliveries.update(opened_at=None, clicked_at=None, click_count=0)


RULES = [
    RetentionRule(
        key="prospects",
        label=_("Contacts of prospects with no interaction"),
        action=_("Anonymise"),
        setting="RETENTION_PROSPECT_DAYS",
        due=_prospect_contacts_due,
        apply=_contacts_erase,
    ),
    RetentionRule(
        key="leads",
        label=_("Leads (addresses left for a download) with no new request"),
        action=_("Delete"),
        setting="RETENTION_PROSPECT_DAYS",
        due=_leads_due,
        apply=_delete,
    ),
    RetentionRule(
        key="pending_signups",
        label=_("Newsletter sign-ups never confirmed"),
        action=_("Delete"),
        setting="RETENTION_PENDING_SIGNUP_DAYS",
        due=_pending_signups_due,
        apply=_delete,
    ),
    RetentionRule(
        key="rejected_applications",
        label=_("Rejected membership applications"),
        action=_("Delete"),
        setting="RETENTION_REJECTED_APPLICATION_DAYS",
        due=_rejected_applications_due,
        apply=_delete,
    ),
    RetentionRule(
        key="sent_emails",
        label=_("Sent-email log entries"),
        action=_("Delete"),
        setting="RETENTION_SENT_EMAIL_DAYS",
        due=_sent_emails_due,
        apply=_delete,
    ),
    RetentionRule(
        key="tracking",
        label=_("Newsletter opens and clicks"),
        action=_("Erase opens and clicks"),
        setting="RETENTION_TRACKING_DAYS",
        due=_tracking_due,
        apply=_tracking_erase,
    ),
]


def retention_preview(*, now: datetime | None = None) -> list[tuple[RetentionRule, int]]:
    """Each rule with the number of rows the next run would delete or anonymise."""
    now = now or timezone.now()
    return [(rule, rule.due(rule.cutoff(now)).count()) for rule in RULES]


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Run every rule; return the rows dealt with per rule."""
    now = now or timezone.now()
    done = {}
    for rule in RULES:
        # Each deletion or update is one statement; each person is erased in a transaction
        # of their own, so a failure leaves the rest done and tomorrow's run finishes it.
        done[rule.key] = rule.apply(rule.due(rule.cutoff(now)))
    logger.info("retention applied: %s", done)
    return done
