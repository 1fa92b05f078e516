"""Collaboration's public pages in the sitemap (core.sitemaps): the published calls for
projects and the opportunities on the board."""

from collaboration.models import Call, Opportunity
from core.sitemaps import SlugSitemap, StaticPagesSitemap


class CollaborationPagesSitemap(StaticPagesSitemap):
    url_names = (
        "collaboration:call_list",
        "collaboration:call_stories",
        "collaboration:opportunity_board",
    )


class CallsSitemap(SlugSitemap):
    url_name = "collaboration:call_detail"
    lastmod_field = "updated_at"

    def queryset(self):
        return Call.objects.published().order_by("-pk")


class OpportunitiesSitemap(SlugSitemap):
    """What the board shows; an item leaves the sitemap with the board."""

    url_name = "collaboration:opportunity_detail"
    lastmod_field = "updated_at"

    def queryset(self):
        return Opportunity.objects.on_board().order_by("-published_at", "-pk")
