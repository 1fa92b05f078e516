"""/sitemap.xml, the index of the sitemap's sections, and each section's pages
(django.contrib.sitemaps over portal.sitemaps.SITEMAPS), stored like the public pages they
list: rendered once, kept until one of those pages' topics changes, sent with
`Cache-Control: public`."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse

from core.pagecache import public_page
from portal.sitemaps import SITEMAP_TOPICS, SITEMAPS


@public_page(*SITEMAP_TOPICS)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    return response.render()


@public_page(*SITEMAP_TOPICS)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    # An unknown section or page answers 404.
    response = sitemap_views.sitemap(request, SITEMAPS, section=section)
    return response.render()
