"""Markdown written by staff (news, newsletters), turned into HTML safe to show anywhere.

Staff accounts can be phished: the rendered HTML is sanitised with an allow-list (nh3), so
no script, event handler or `javascript:` link ever reaches a page or an email."""

import re
from urllib.parse import unquote, urlsplit

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
    """True for a picture of the site's own uploads, /media/, relative or under SITE_URL.

    The path is judged once decoded and normalised, as the browser and the server will
    read it: `/media/../admin/`, `/media/%2e%2e/...` or `/media/..\\...` leave /media/."""
    site = settings.SITE_URL.rstrip("/")
    if src.startswith(site + "/"):
        src = src[len(site) :]
    if not src.startswith("/") or src.startswith("//"):
        return False
    path = urlsplit(src).path
    # Decoded until stable: %252e%252e is %2e%2e once, then "..".
    for _round in range(3):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    else:
        return False
    # A backslash is a slash to browsers ("/\\evil.test/" is another host) and to some
    # servers; control characters have no place in a file name.
    if "\\" in path or any(ord(char) < 0x20 or char == "\x7f" for char in path):
        return False
    if any(segment in (".", "..") for segment in path.split("/")):
        return False
    return path.startswith("/media/")


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
