"""Markdown written by staff, sanitised."""

import pytest

from core.markup import markdown_render


@pytest.mark.parametrize(
    "src",
    ["/media/news/photo.webp", "https://portal.example/media/logo.png"],
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
