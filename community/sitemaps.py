"""Community's public pages in the sitemap (core.sitemaps): the awards' editions and the
success stories."""

from community.models import Edition, SuccessStory
from core.sitemaps import SlugSitemap, StaticPagesSitemap


class CommunityPagesSitemap(StaticPagesSitemap):
    url_names = ("community:award_list", "community:story_list")


class EditionsSitemap(SlugSitemap):
    url_name = "community:award_detail"
    lastmod_field = "updated_at"

    def queryset(self):
        return Edition.objects.published().order_by("-pk")


class StoriesSitemap(SlugSitemap):
    url_name = "community:story_detail"

    def queryset(self):
        return SuccessStory.objects.published().order_by("-published_at", "-pk")
