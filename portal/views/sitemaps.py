"""/sitemap.xml, the index of the sitemap's sections, and each section's pages
(django.contrib.sitemaps over portal.sitemaps.SITEMAPS), stored like the public pages they
list: rendered once, kept until one of those pages' topics changes, sent with
`Cache-Control: public`.

The index names its sections from the site's public address (SITE_URL), as the sections
name their pages: Django's own index view takes the host the crawler asked, which a stored
copy would then hand to everyone."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from core.linked_data import absolute_url
from core.pagecache import public_page
from portal.sitemaps import SITEMAP_TOPICS, SITEMAPS


@public_page(*SITEMAP_TOPICS)
@sitemap_views.x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        # A section longer than one page lists its further pages too.
        entries.extend(
            sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    return response.render()


@public_page(*SITEMAP_TOPICS)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    # An unknown section or page answers 404.
    response = sitemap_views.sitemap(request, SITEMAPS, section=section)
    return response.render()
