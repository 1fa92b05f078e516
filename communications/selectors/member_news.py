"""Reads of member news: the company's submissions, the moderation list and its export, the
public lists with the company (and whether its directory profile exists), the profile's
panel and the home page's featured items."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communications.models import NewsArticle
from core.search import search_filter
from core.translation import in_language
from members.selectors.directory import directory_queryset

HOME_FEATURED = 3
PROFILE_NEWS = 5


def with_company(articles: QuerySet[NewsArticle]) -> QuerySet[NewsArticle]:
    """Articles with their company and `company_listed`: whether its directory profile is
    public (a link to it), in the same query."""
    listed = directory_queryset().filter(pk=OuterRef("organization_id"))
    return articles.select_related("organization").annotate(company_listed=Exists(listed))


def news_public_list() -> QuerySet[NewsArticle]:
    return with_company(NewsArticle.objects.public()).order_by("-published_at", "-pk")


def news_featured(*, limit: int = HOME_FEATURED) -> list[NewsArticle]:
    """The home page's featured items, the latest first, each with `summary_text` in the
    page's language: one query."""
    articles = list(with_company(NewsArticle.objects.featured()).order_by("-published_at")[:limit])
    for article in articles:
        article.summary_text = in_language(article.summary_fr, article.summary_en)
    return articles


def organization_news_published(*, organization, limit: int = PROFILE_NEWS) -> list[NewsArticle]:
    return list(
        NewsArticle.objects.public()
        .filter(organization=organization)
        .order_by("-published_at", "-pk")[:limit]
    )


def member_news_of_organizations(*, organization_ids) -> QuerySet[NewsArticle]:
    """The member space's list: every submission of the organizations, newest first."""
    return (
        NewsArticle.objects.filter(organization_id__in=organization_ids)
        .select_related("organization")
        .order_by("-submitted_at", "-pk")
    )


def member_news_pending_count() -> int:
    return NewsArticle.objects.filter(moderation=NewsArticle.Moderation.PENDING).count()


def member_news_staff_list(
    *, query: str = "", status: str = "", kind: str = ""
) -> QuerySet[NewsArticle]:
    """The moderation list: pending first (the oldest first), then the others, newest
    first; with companies and submitters."""
    articles = NewsArticle.objects.filter(organization__isnull=False).select_related(
        "organization", "submitted_by"
    )
    if query:
        articles = articles.filter(
            search_filter(query, ["title_fr", "title_en", "organization__name"])
        )
    if status:
        articles = articles.filter(moderation=status)
    if kind:
        articles = articles.filter(kind=kind)
    if status == NewsArticle.Moderation.PENDING:
        return articles.order_by("submitted_at", "pk")
    return articles.order_by("-submitted_at", "-pk")


def member_news_export_rows(*, articles: QuerySet[NewsArticle]) -> tuple[list[str], Iterator]:
    header = [
        _("Submitted on"),
        _("Company"),
        _("Kind of news"),
        _("Title"),
        _("Status"),
        _("Submitted by"),
        _("Published on"),
        _("Note to the company"),
    ]
    rows = (
        [
            timezone.localtime(article.submitted_at) if article.submitted_at else "",
            article.organization.name,
            article.get_kind_display(),
            article.title_fr,
            article.get_moderation_display(),
            (
                f"{article.submitted_by.first_name} {article.submitted_by.last_name}"
                if article.submitted_by
                else ""
            ),
            timezone.localtime(article.published_at) if article.is_published else "",
            article.moderation_note,
        ]
        for article in articles.iterator(chunk_size=500)
    )
    return header, rows
