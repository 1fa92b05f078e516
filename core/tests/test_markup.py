"""Markdown written by staff, sanitised."""

import pytest

from core.markup import markdown_render


@pytest.mark.parametrize(
    "src",
    [
        "/media/news/photo.webp",
        "https://portal.example/media/logo.png",
        "/media/logos/alpha-num%C3%A9rique.webp",
        "/media/news/photo.webp?v=2",
        "/media/news/..photo.webp",
    ],
)
def test_images_of_the_site_are_kept(settings, src):
    settings.SITE_URL = "https://portal.example"

    html = markdown_render(f"![Logo]({src})")

    assert f'<img alt="Logo" src="{src}">' in html


@pytest.mark.parametrize(
    "src",
    [
        "https://tracker.example/pixel.gif",
        "http://portal.example.evil.test/x.png",
        "https://portal.example.evil.test/x.png",
        "/static/x.png",
        "data:image/png;base64,AAAA",
        # Paths that start with /media/ and leave it once normalised.
        "/media/../admin/",
        "/media/../../etc/passwd",
        "/media/./../accounts/logout/",
        "/media/%2e%2e/admin/",
        "/media/%2E%2E/admin/",
        "/media/.%2e/admin/",
        "/media/%252e%252e/admin/",
        "/media/%25252e%25252e/admin/",
        "/media/..%2fadmin/x.png",
        "/media/..%5cadmin/x.png",
        "/media/..\\admin\\x.png",
        "/media\\..\\admin/x.png",
        "/\\evil.test/media/x.png",
        "//evil.test/media/x.png",
        "/media/x%00.png",
        "/media/%0a/x.png",
        "https://portal.example/media/../accounts/logout/",
        "https://portal.example/media/%2e%2e/staff/",
        "https://portal.example/accounts/logout/",
        "https://portal.example@evil.test/media/x.png",
        "/media",
        "/mediafoo/x.png",
    ],
)
def test_images_from_elsewhere_are_dropped_whole(settings, src):
    settings.SITE_URL = "https://portal.example"

    html = markdown_render(f'Text ![Pixel]({src}) <img alt="raw" src="{src}">')

    assert "<img" not in html
    assert "Text" in html


def test_links_and_formatting_are_kept_and_scripts_removed():
    html = markdown_render("**bold** [site](https://example.org) <script>alert(1)</script>")

    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html
