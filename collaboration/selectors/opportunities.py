"""Reads of the opportunities board: the public board and its feeds, the member space's
list, the moderation queue, the staff list with its export, and the count the dashboard
reads (the reports' figures are reports.selectors.collaboration's)."""

import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Opportunity
from core.search import search_filter

# What a feed holds: the newest items, as feed readers poll often.
FEED_ITEMS = 50


def _search_matches(opportunities: QuerySet[Opportunity], query: str):
    """Each word of the query in the item's stored text or in its organization's name, as
    it is now (accents and case ignored on both sides)."""
    return opportunities.filter(search_filter(query, ["search_document", "organization__name"]))


def opportunity_board(
    *, query: str = "", kind: str = "", region: str = "", today: datetime.date | None = None
) -> QuerySet[Opportunity]:
    """The public board: published and not expired, newest first."""
    opportunities = Opportunity.objects.on_board(today).select_related("organization")
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if region:
        opportunities = opportunities.filter(region=region)
    return _search_matches(opportunities, query).order_by("-published_at", "-pk")


def opportunity_feed_items(*, kind: str = "") -> list[Opportunity]:
    return list(opportunity_board(kind=kind)[:FEED_ITEMS])


def opportunity_public(*, slug: str) -> Opportunity | None:
    """The item of a public page, whatever its status (the view decides who may see it)."""
    return Opportunity.objects.select_related("organization").filter(slug=slug).first()


def opportunities_of_organizations(*, organization_ids: Iterable[int]) -> QuerySet[Opportunity]:
    """A member's list: every post of their organizations, the newest first."""
    return (
        Opportunity.objects.filter(organization_id__in=list(organization_ids))
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )


def opportunity_moderation_queue() -> QuerySet[Opportunity]:
    """What waits for an animator, the oldest first: the poster has waited longest."""
    return (
        Opportunity.objects.filter(status=Opportunity.Status.PENDING)
        .select_related("organization", "poster")
        .order_by("created_at", "pk")
    )


def opportunities_pending_count() -> int:
    """For the staff dashboard: items waiting for moderation."""
    return Opportunity.objects.filter(status=Opportunity.Status.PENDING).count()


def opportunities_staff_list(
    *, query: str = "", kind: str = "", status: str = ""
) -> QuerySet[Opportunity]:
    opportunities = Opportunity.objects.select_related("organization").order_by(
        "-created_at", "-pk"
    )
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if status:
        opportunities = opportunities.filter(status=status)
    if query:
        opportunities = opportunities.filter(
            search_filter(query, ["title", "funder", "location", "organization__name"])
        )
    return opportunities


def opportunities_export_rows(
    *, opportunities: QuerySet[Opportunity]
) -> tuple[list[str], Iterator[list]]:
    header = [
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Organization"),
        _("Funder"),
        _("Scope"),
        _("Place"),
        _("Region"),
        _("Link to apply"),
        _("Email to apply"),
        _("Starts on"),
        _("Expires on"),
        _("Posted on"),
        _("Published on"),
        _("Note to the poster"),
    ]
    rows = (
        [
            item.title,
            item.get_kind_display(),
            item.get_status_display(),
            item.organization.name if item.organization else "",
            item.funder,
            item.get_scope_display() if item.scope else "",
            item.location,
            item.get_region_display() if item.region else "",
            item.apply_url,
            item.apply_email,
            item.starts_on,
            item.expires_on,
            timezone.localtime(item.created_at).date(),
            timezone.localtime(item.published_at).date() if item.published_at else None,
            item.moderation_note,
        ]
        for item in opportunities.iterator(chunk_size=500)
    )
    return header, rows
