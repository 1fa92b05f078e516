from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from api.main import api
from core.views import healthz, robots_txt, set_language
from portal.views.sitemaps import sitemap_index, sitemap_section

# Database outages answer 503 with Retry-After rather than 500 (core.views.server_error).
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The open API is the same in every language: its paths carry no language prefix.
    path("api/v1/", api.urls),
    # Search engines: the sitemap's index and sections, in no language (each lists both).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
    # The network directory feed partner clusters poll: one address whatever the language.
    path("", include("network.feed_urls")),
]

# Every page people read lives under /fr/ or /en/; an unprefixed path such as /faq/ or
# /space/ redirects to the visitor's language, so the public URL contract holds.
urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("", include("members.urls")),
    path("", include("events.urls")),
    path("", include("communications.urls")),
    path("", include("surveys.urls")),
    path("", include("collaboration.urls")),
    path("", include("network.urls")),
    path("", include("community.urls")),
    path("", include("reports.urls")),
    path("", include("webhooks.urls")),
    # The pages that manage the open API's tokens (the API itself is above, unprefixed).
    path("", include("api.urls")),
    path("", include("portal.urls")),
    path("accounts/", include("allauth.urls")),
)

if settings.DEBUG:
    # Public uploads (logos) in the quick start. Private documents are not under MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
