"""Communications' public pages in the sitemap (core.sitemaps): the FAQ, news, the press
room, the newsletter's page and archive, and each article, release and sent issue."""

from communications.models import Newsletter
from communications.selectors.content import news_published, press_releases_published
from core.sitemaps import SlugSitemap, StaticPagesSitemap


class CommunicationsPagesSitemap(StaticPagesSitemap):
    url_names = (
        "communications:faq",
        "communications:news_list",
        "communications:press_room",
        "communications:newsletter",
        "communications:newsletter_archive",
    )


class NewsSitemap(SlugSitemap):
    url_name = "communications:news_detail"

    def queryset(self):
        return news_published().order_by("-published_at", "-pk")


class PressReleasesSitemap(SlugSitemap):
    url_name = "communications:press_release"

    def queryset(self):
        return press_releases_published().order_by("-published_on", "-pk")


class NewslettersSitemap(SlugSitemap):
    """The web version of every issue sent."""

    url_name = "communications:newsletter_web"
    lastmod_field = "updated_at"

    def queryset(self):
        return Newsletter.objects.filter(status=Newsletter.Status.SENT).order_by("-sent_at", "-pk")
