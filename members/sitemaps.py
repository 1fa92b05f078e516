"""The register's public pages in the sitemap: the directory, its profiles, the partners
and the join page (core.sitemaps)."""

from core.sitemaps import SlugSitemap, StaticPagesSitemap
from members.selectors.directory import directory_queryset


class MembersPagesSitemap(StaticPagesSitemap):
    url_names = ("members:directory", "members:partners", "members:join")


class ProfilesSitemap(SlugSitemap):
    """Every organization listed in the directory: members that consented to it."""

    url_name = "members:directory_profile"
    lastmod_field = "updated_at"

    def queryset(self):
        # In the order of the directory's own index (name, id).
        return directory_queryset().order_by("name", "id")
