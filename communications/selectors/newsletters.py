"""Reads of the newsletters: the archive, the staff list, a newsletter's automatic blocks
and its sending progress."""

from datetime import timedelta

from django.db.models import Count, DateTimeField, Min, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from collaboration.selectors.calls import newsletter_open_calls
from communications.models import Delivery, NewsArticle, Newsletter
from events.models import Event
from members.models import Organization

NEWS_BLOCK_DAYS = 30
NEW_MEMBERS_BLOCK_DAYS = 90
BLOCK_SIZE = 5
# Every member company's news since the last issue, within reason.
MEMBER_NEWS_BLOCK_SIZE = 10


def newsletters_sent() -> QuerySet[Newsletter]:
    """The public archive, newest first, with only what its list shows."""
    return (
        Newsletter.objects.filter(status=Newsletter.Status.SENT)
        .order_by("-sent_at", "-pk")
        .only("subject_fr", "subject_en", "slug", "sent_at")
    )


def newsletters_staff_list(*, status: str = "") -> QuerySet[Newsletter]:
    """The staff list, newest first, each with its counts of messages sent and failed."""
    newsletters = Newsletter.objects.order_by("-created_at", "-pk")
    if status in Newsletter.Status.values:
        newsletters = newsletters.filter(status=status)
    return newsletters.annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )


def newsletter_blocks(*, newsletter: Newsletter) -> dict:
    """The automatic blocks, as they stood when the newsletter was (or will be) sent."""
    at = newsletter.sending_started_at or timezone.now()
    blocks = {"news": [], "member_news": [], "events": [], "calls": [], "new_members": []}
    if newsletter.include_news:
        # Staff's articles; members' have a block of their own.
        blocks["news"] = list(
            NewsArticle.objects.filter(
                organization__isnull=True,
                is_published=True,
                published_at__lte=at,
                published_at__gt=at - timedelta(days=NEWS_BLOCK_DAYS),
            ).order_by("-published_at")[:BLOCK_SIZE]
        )
    if newsletter.include_member_news:
        blocks["member_news"] = newsletter_member_news(newsletter=newsletter, at=at)
    if newsletter.include_events:
        blocks["events"] = list(
            Event.objects.published()
            .filter(audience=Event.Audience.PUBLIC, cancelled_at__isnull=True, starts_at__gt=at)
            .order_by("starts_at")[:BLOCK_SIZE]
        )
    if newsletter.include_calls:
        # The calls for projects published and taking projects then.
        blocks["calls"] = newsletter_open_calls(limit=BLOCK_SIZE, now=at)
    if newsletter.include_new_members:
        since = (at - timedelta(days=NEW_MEMBERS_BLOCK_DAYS)).date()
        blocks["new_members"] = list(
            Organization.objects.members()
            .annotate(joined_on=Min("memberships__period_start"))
            .filter(joined_on__gt=since, joined_on__lte=at.date())
            .order_by("-joined_on", "name")[:BLOCK_SIZE]
        )
    return blocks


def newsletter_member_news(*, newsletter: Newsletter, at) -> list[NewsArticle]:
    """Member companies' news published since the previous newsletter went out (within the
    last NEWS_BLOCK_DAYS when there was none), as of `at`, with their companies."""
    # One query: the previous newsletter's start is a subquery.
    previous = (
        Newsletter.objects.filter(sending_started_at__lt=at)
        .exclude(pk=newsletter.pk)
        .order_by("-sending_started_at")
        .values("sending_started_at")[:1]
    )
    since = Coalesce(
        Subquery(previous, output_field=DateTimeField()),
        Value(at - timedelta(days=NEWS_BLOCK_DAYS), output_field=DateTimeField()),
    )
    return list(
        NewsArticle.objects.filter(
            organization__isnull=False,
            is_published=True,
            published_at__lte=at,
            published_at__gt=since,
        )
        .select_related("organization")
        .order_by("-published_at")[:MEMBER_NEWS_BLOCK_SIZE]
    )


def newsletter_progress(*, newsletter: Newsletter) -> dict:
    """Counts per delivery status and tracking figures, in one query."""
    figures = Delivery.objects.filter(newsletter=newsletter).aggregate(
        total=Count("pk"),
        queued=Count("pk", filter=Q(status=Delivery.Status.QUEUED)),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        clicks=Sum("click_count"),
    )
    figures["clicks"] = figures["clicks"] or 0
    sent = figures["sent"]
    figures["open_rate"] = round(100 * figures["opened"] / sent, 1) if sent else None
    figures["click_rate"] = round(100 * figures["clicked"] / sent, 1) if sent else None
    figures["done"] = figures["total"] - figures["queued"]
    figures["percent"] = round(100 * figures["done"] / figures["total"]) if figures["total"] else 0
    return figures
