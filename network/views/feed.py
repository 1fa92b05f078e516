"""The network directory feed partner clusters poll (README, "Network directory feed")."""

import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.pagecache import public_page
from network.selectors.feed import directory_document


@require_safe
@public_page("register")
def directory_json(request: HttpRequest) -> HttpResponse:
    """Stored like a public page: built once per change of the register (listings feed the
    topic), with a strong ETag answered by 304 and a public Cache-Control."""
    body = json.dumps(directory_document(), ensure_ascii=False, indent=1, sort_keys=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
