"""Reads of news, the press room and its downloads, and the media coverage log."""

from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communications.models import (
    DownloadRequest,
    MediaCoverage,
    NewsArticle,
    PressAsset,
    PressRelease,
)
from core.search import search_filter

# Public reads.


def news_published() -> QuerySet[NewsArticle]:
    return NewsArticle.objects.public()


def press_releases_published() -> QuerySet[PressRelease]:
    return PressRelease.objects.filter(is_published=True, published_on__lte=timezone.localdate())


def press_assets_published() -> QuerySet[PressAsset]:
    return PressAsset.objects.filter(is_published=True)


# Staff reads.


def news_staff_list(*, query: str = "", status: str = "") -> QuerySet[NewsArticle]:
    """Staff's articles and the member news they published; submissions not (or no longer)
    published live in the moderation list."""
    articles = NewsArticle.objects.filter(
        Q(organization__isnull=True) | Q(moderation=NewsArticle.Moderation.PUBLISHED)
    ).select_related("organization")
    if query:
        articles = articles.filter(search_filter(query, ["title_fr", "title_en"]))
    if status == "published":
        articles = articles.filter(is_published=True)
    elif status == "draft":
        articles = articles.filter(is_published=False)
    return articles


def coverage_staff_list(*, query: str = "", year: int | None = None) -> QuerySet[MediaCoverage]:
    coverage = MediaCoverage.objects.all()
    if query:
        coverage = coverage.filter(search_filter(query, ["outlet", "title"]))
    if year:
        coverage = coverage.filter(published_on__year=year)
    return coverage


def coverage_export_rows(*, coverage: QuerySet[MediaCoverage]) -> tuple[list[str], Iterator]:
    header = [_("Date"), _("Outlet"), _("Title"), _("Link"), _("Audience"), _("Notes")]
    rows = (
        [item.published_on, item.outlet, item.title, item.url, item.audience, item.notes]
        for item in coverage.iterator()
    )
    return header, rows


def download_requests_staff_list() -> QuerySet[DownloadRequest]:
    return DownloadRequest.objects.select_related("subscriber", "asset")


def download_requests_export_rows(
    *, requests: QuerySet[DownloadRequest]
) -> tuple[list[str], Iterator]:
    header = [
        _("Date"),
        _("Document"),
        _("First name"),
        _("Last name"),
        _("Email"),
        _("Organization"),
        _("Newsletter status"),
    ]
    rows = (
        [
            timezone.localtime(item.created_at),
            item.asset.title,
            item.subscriber.first_name,
            item.subscriber.last_name,
            item.subscriber.email,
            item.subscriber.organization_name,
            item.subscriber.get_status_display(),
        ]
        for item in requests.iterator(chunk_size=500)
    )
    return header, rows
