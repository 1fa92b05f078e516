"""The calendar's public pages in the sitemap (core.sitemaps): the list and the pages of the
events an anonymous visitor may open."""

from django.contrib.auth.models import AnonymousUser

from core.sitemaps import SlugSitemap, StaticPagesSitemap
from events import permissions
from events.models import Event


class EventPagesSitemap(StaticPagesSitemap):
    url_names = ("events:event_list",)


class EventsSitemap(SlugSitemap):
    url_name = "events:event_detail"
    lastmod_field = "updated_at"

    def queryset(self):
        # What the event page shows a visitor: published, public, the cluster's own.
        return (
            Event.objects.published()
            .filter(permissions.event_visibility(AnonymousUser()))
            .order_by("starts_at", "pk")
        )
