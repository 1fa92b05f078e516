"""core.pdf: images of the site's own static files reach the PDF, in production too, and
nothing else is fetched while rendering."""

import json
import logging
import re
import socket
import zlib

import pytest
from django.conf import settings
from django.templatetags.static import static

from core.pdf import _LocalFetcher, pdf_render

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
)


@pytest.fixture
def manifest_static(settings, tmp_path):
    """Production-like static files: a manifest storage over a collected STATIC_ROOT, whose
    hashed names the finders do not know."""
    root = tmp_path / "static_root"
    (root / "img").mkdir(parents=True)
    (root / "img" / "logo.1a2b3c4d5e6f.svg").write_bytes(LOGO)
    paths = {
        "img/logo.svg": "img/logo.1a2b3c4d5e6f.svg",
        # Collected copy missing: the source file, found through the manifest.
        "img/favicon.svg": "img/favicon.0123456789ab.svg",
    }
    (root / "staticfiles.json").write_text(
        json.dumps({"paths": paths, "version": "1.1", "hash": "0"})
    )
    settings.STATIC_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "logo_test.html").write_text(
        '{% load static %}<html><body><img src="{% static \'img/logo.svg\' %}" alt="">'
        "<p>Certificate</p></body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [str(templates), *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return root


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the network was called")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_the_fetcher_reads_a_hashed_static_name_from_static_root(manifest_static):
    url = static("img/logo.svg")
    assert url == "/static/img/logo.1a2b3c4d5e6f.svg"
    fetched = _LocalFetcher().fetch(settings.SITE_URL + url)
    try:
        assert fetched.read() == LOGO
    finally:
        fetched.close()


def test_the_fetcher_falls_back_on_the_source_of_a_hashed_name(manifest_static):
    fetched = _LocalFetcher().fetch(settings.SITE_URL + static("img/favicon.svg"))
    try:
        assert fetched.read() == (settings.BASE_DIR / "static" / "img" / "favicon.svg").read_bytes()
    finally:
        fetched.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://example.com/logo.png",
        "/static/../../etc/passwd",
    ],
)
def test_the_fetcher_refuses_anything_but_the_sites_own_files(url, no_network):
    with pytest.raises(ValueError):
        _LocalFetcher().fetch(url if "://" in url else settings.SITE_URL + url)


def test_pdf_render_returns_a_pdf_with_the_logo(manifest_static, no_network, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        content = pdf_render(template="logo_test.html", context={})
    assert content.startswith(b"%PDF")
    assert not [record for record in caplog.records if "logo" in record.getMessage()]


def test_pdf_render_makes_a_tagged_pdf_when_asked_for_a_variant(manifest_static, no_network):
    plain = pdf_render(template="logo_test.html", context={})
    tagged = pdf_render(template="logo_test.html", context={}, variant="pdf/ua-1")

    # PDF/UA-1 is PDF 1.7 with a structure tree; the plain rendering has none.
    assert tagged.startswith(b"%PDF-1.7")
    assert b"StructTreeRoot" in _inflated(tagged)
    assert b"StructTreeRoot" not in _inflated(plain)


def _inflated(pdf: bytes) -> bytes:
    """The PDF's objects, its compressed streams inflated."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    return b"\n".join(parts)
