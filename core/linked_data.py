"""What the public pages tell search engines and link previews about themselves: schema.org
data (JSON-LD), absolute addresses and short plain-text descriptions.

JSON-LD sits in a `<script type="application/ld+json">` block. The browser never runs it, so
the Content-Security-Policy's `script-src 'self'` does not apply, but the HTML parser still
ends the block at the first `</script>`: every `<`, `>` and `&` of the data is written as a
JSON escape, as Django's `json_script` does, so no text an organization writes about itself
can close the block or open another.
"""

import json
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from core.markup import markdown_text

SCHEMA_CONTEXT = "https://schema.org"
# What search engines show of a description; longer ones are cut at a word.
DESCRIPTION_LENGTH = 200

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute_url(url: str) -> str:
    """`url` (a path such as "/fr/members/x/" or a media URL) from the site's public address;
    an address that is already absolute is left as it is."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else f"/{url}")


def plain_description(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """Markdown as one line of plain words, cut at a word near `length` characters."""
    return Truncator(" ".join(markdown_text(str(text or "")).split())).chars(length)


def json_ld(data: dict[str, Any] | None) -> SafeString:
    """The `<script type="application/ld+json">` block of `data` (with the schema.org
    context), or nothing for None: the page has nothing to tell."""
    if not data:
        return mark_safe("")
    payload = json.dumps({"@context": SCHEMA_CONTEXT, **data}, ensure_ascii=False)
    # Escaped above: the block holds no <, > or & of its own.
    return mark_safe(  # noqa: S308
        '<script type="application/ld+json">' + payload.translate(_SCRIPT_ESCAPES) + "</script>"
    )


def cluster_organization() -> dict[str, str]:
    """The cluster itself, as organizer of its events and the network its members belong to."""
    return {"@type": "Organization", "name": settings.CLUSTER_NAME, "url": settings.SITE_URL + "/"}
