"""The base of every app's sitemap (`<app>/sitemaps.py`), assembled in portal/sitemaps.py
and served at /sitemap.xml (an index) and /sitemap-<section>.xml.

Each page is listed once per language with its `hreflang` alternates and x-default, the
same addresses as the pages' own `<link rel="alternate">` (core's `page_addresses` tag),
from the site's public address (SITE_URL), whichever host the crawler asked.

Django pairs every item with every language in a list before cutting a page, which would
read all 100,000 organizations for each page of the directory's sitemap. Here the pairs are
made for the requested page only: a page of a section costs its count and one query.
"""

import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils.translation import get_language

_SLUG_PLACEHOLDER = "slug-placeholder"


class _LanguagePairs:
    """(item, language) for every item and language, read lazily by the paginator."""

    def __init__(self, items, languages: list[str]):
        self.items = items
        self.languages = languages

    def count(self) -> int:
        total = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return total * len(self.languages)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, cut: slice) -> list:
        per_item = len(self.languages)
        first = cut.start // per_item
        last = math.ceil(cut.stop / per_item)
        pairs = [(item, code) for item in self.items[first:last] for code in self.languages]
        offset = first * per_item
        return pairs[cut.start - offset : cut.stop - offset]


class PublicSitemap(Sitemap):
    """Pages every visitor may open, in each language."""

    i18n = True
    alternates = True
    x_default = True
    # Entries (an item in one language) per page of a section.
    limit = 5000

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def _items(self):
        return _LanguagePairs(self.items(), self._languages())


class StaticPagesSitemap(PublicSitemap):
    """Pages without arguments, named by their URL names."""

    url_names: tuple[str, ...] = ()

    def items(self) -> list[str]:
        return list(self.url_names)

    def location(self, item: str) -> str:
        return reverse(item)


class SlugSitemap(PublicSitemap):
    """The pages of a model's rows, at `url_name` with their slug. `lastmod_field` names
    the row's last change when it has one (only that and the slug are read)."""

    url_name = ""
    lastmod_field = ""

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def items(self) -> QuerySet:
        fields = ["slug", self.lastmod_field] if self.lastmod_field else ["slug"]
        return self.queryset().only(*fields)

    def location(self, item) -> str:
        # One reverse() per language and page rather than three per row: only the slug
        # changes (letters, digits, - and _, nothing to quote).
        builders = self.__dict__.setdefault("_builders", {})
        language = get_language()
        if language not in builders:
            builders[language] = reverse(self.url_name, args=[_SLUG_PLACEHOLDER]).partition(
                _SLUG_PLACEHOLDER
            )
        head, _placeholder, tail = builders[language]
        return f"{head}{item.slug}{tail}"

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    def get_latest_lastmod(self):
        # For the index: one aggregate, not every row.
        if not self.lastmod_field:
            return None
        return self.queryset().aggregate(latest=Max(self.lastmod_field))["latest"]
