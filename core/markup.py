"""Markdown written by staff (news, newsletters), turned into HTML safe to show anywhere.

Staff accounts can be phished: the rendered HTML is sanitised with an allow-list (nh3), so
no script, event handler or `javascript:` link ever reaches a page or an email."""

import re

import markdown
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}


# An <img> left without its address once filtered: removed whole.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _image_source_allowed(src: str) -> bool:
    # The content security policy serves images from the site only (img-src 'self'):
    # a picture from elsewhere would show broken, and would tell its host who reads.
    return src.startswith("/media/") or src.startswith(settings.SITE_URL.rstrip("/") + "/")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _image_source_allowed(value):
        return None
    return value


def markdown_render(text: str) -> SafeString:
    """Markdown → sanitised HTML. Raw HTML in the source is cleaned like the rest."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    # nh3 has just removed everything not allow-listed.
    return mark_safe(_IMG_WITHOUT_SRC.sub("", cleaned))  # noqa: S308
