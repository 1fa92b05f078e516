"""Rendering PDF documents (certificates, invoices, badges...) from templates with WeasyPrint."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def _local_file(url: str) -> Path | None:
    """The file on disk behind a URL of the site's static files or public media, or None."""
    path = unquote(urlsplit(url).path)
    if not url.startswith(settings.SITE_URL + "/"):
        return None
    try:
        if path.startswith(settings.STATIC_URL):
            return _static_file(path.removeprefix(settings.STATIC_URL))
        if path.startswith(settings.MEDIA_URL):
            return Path(safe_join(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL)))
    except SuspiciousFileOperation:
        # "../" out of the folder.
        return None
    return None


def _static_file(name: str) -> Path | None:
    """The file behind a static name, hashed or not. With the manifest storage (production)
    `{% static %}` gives "img/logo.1a2b3c.svg", which only exists in STATIC_ROOT once
    collectstatic ran; the finders know the source names only."""
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        if collected.is_file():
            return collected
    # A hashed name whose collected copy is missing: its source, through the manifest.
    hashed_files = getattr(staticfiles_storage, "hashed_files", {})
    original = next((key for key, value in hashed_files.items() if value == name), None)
    found = finders.find(original) if original else None
    return Path(found) if found else None


class _LocalFetcher(URLFetcher):
    """Reads the site's own static files and public media from disk and refuses anything
    else: a URL that came from a user (a website, a logo address) must not make the server
    call the network, or read its files, while it renders."""

    def __init__(self):
        super().__init__(allowed_protocols=("file", "data"))

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            local = _local_file(url)
            if local is None:
                raise ValueError(f"Not fetched while rendering a PDF: {url}")
            url = local.as_uri()
        return super().fetch(url, headers)


def pdf_render(*, template: str, context: dict, request=None, variant: str | None = None) -> bytes:
    """Render `template` with `context` and return the PDF's bytes.

    Relative URLs resolve against the static files ("img/logo.svg"), and so do the
    "/static/..." and "/media/..." paths `{% static %}` and file fields give.
    `variant` is a PDF variant WeasyPrint knows ("pdf/ua-1": tagged for accessibility,
    which needs a <title>, a `lang` on <html> and a text alternative for every image).
    """
    html = render_to_string(template, context, request=request)
    document = HTML(
        string=html,
        base_url=settings.SITE_URL + settings.STATIC_URL,
        url_fetcher=_LocalFetcher(),
    )
    return document.write_pdf(pdf_variant=variant)
