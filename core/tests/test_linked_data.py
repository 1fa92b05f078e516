"""The JSON-LD block (core.linked_data), absolute addresses and robots.txt's sitemap line."""

import json
import re

import pytest

from core.linked_data import absolute_url, json_ld, plain_description

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def linked_data_of(html: str) -> list[dict]:
    """Every JSON-LD block of a page, parsed."""
    return [json.loads(block) for block in SCRIPT.findall(html)]


def test_json_ld_block_carries_the_schema_org_context():
    (data,) = linked_data_of(json_ld({"@type": "Thing", "name": "Café"}))
    assert data == {"@context": "https://schema.org", "@type": "Thing", "name": "Café"}


def test_text_that_closes_the_script_stays_inside_the_block():
    hostile = '</script><script>alert(1)</script><!-- & "'
    html = json_ld({"@type": "Thing", "description": hostile})
    assert html.count("</script>") == 1 and "<script>" not in html and "<!--" not in html
    (data,) = linked_data_of(html)
    assert data["description"] == hostile


def test_nothing_to_tell_renders_nothing():
    assert json_ld(None) == ""


def test_absolute_url_starts_from_the_site_address(settings):
    settings.SITE_URL = "https://portal.example.org"
    assert absolute_url("/fr/members/x/") == "https://portal.example.org/fr/members/x/"
    assert absolute_url("https://cdn.example.org/a.png") == "https://cdn.example.org/a.png"


def test_plain_description_drops_markdown_and_cuts_at_a_word():
    text = "**Bold** intro with a [link](https://example.org).\n\n- one\n- two " + "word " * 80
    description = plain_description(text)
    assert description.startswith("Bold intro with a link. one two word")
    assert "*" not in description and "](" not in description
    assert len(description) <= 200 and description.endswith("…")


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://portal.example.org/sitemap.xml" in body.splitlines()
    assert "Disallow: /fr/staff/" in body
