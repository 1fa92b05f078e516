"""The sitemap's sections: each app's own (its `sitemaps.py`), gathered here, the one place
that may read them all. /sitemap.xml is their index (portal.views.sitemaps)."""

from collaboration.sitemaps import CallsSitemap, CollaborationPagesSitemap, OpportunitiesSitemap
from communications.sitemaps import (
    CommunicationsPagesSitemap,
    NewslettersSitemap,
    NewsSitemap,
    PressReleasesSitemap,
)
from community.sitemaps import CommunityPagesSitemap, EditionsSitemap, StoriesSitemap
from core.sitemaps import StaticPagesSitemap
from events.sitemaps import EventPagesSitemap, EventsSitemap
from members.sitemaps import MembersPagesSitemap, ProfilesSitemap
from reports.sitemaps import AnnualReportsSitemap


class PortalPagesSitemap(StaticPagesSitemap):
    url_names = ("portal:home", "portal:legal", "portal:privacy")


class PagesSitemap(StaticPagesSitemap):
    """Every page without arguments, of every app, in one section."""

    url_names = (
        *PortalPagesSitemap.url_names,
        *MembersPagesSitemap.url_names,
        *EventPagesSitemap.url_names,
        *CommunicationsPagesSitemap.url_names,
        *CollaborationPagesSitemap.url_names,
        *CommunityPagesSitemap.url_names,
    )


# section name (in /sitemap-<section>.xml) → sitemap
SITEMAPS = {
    "pages": PagesSitemap,
    "members": ProfilesSitemap,
    "events": EventsSitemap,
    "news": NewsSitemap,
    "press": PressReleasesSitemap,
    "newsletters": NewslettersSitemap,
    "calls": CallsSitemap,
    "opportunities": OpportunitiesSitemap,
    "awards": EditionsSitemap,
    "stories": StoriesSitemap,
    "annual-reports": AnnualReportsSitemap,
}
# The page-cache topics the sections' pages come from (core.pagecache).
SITEMAP_TOPICS = (
    "register",
    "events",
    "news",
    "press",
    "newsletters",
    "calls",
    "opportunities",
    "awards",
    "testimonials",
    "reports",
)
