"""Errors as RFC 9457 problem details (`application/problem+json`).

Every error the API answers has this shape, whoever raised it: a validation error of
django-ninja, a refused token, a missing object, an unknown path or method (turned into a
problem by api.middleware), or a crash. `type` points to the list of problem types at
/api/v1/problems, where each is described."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CONTENT_TYPE = "application/problem+json"

# slug → (status, title). The titles are part of the contract: stable, in English, as
# RFC 9457 asks (`detail` says what happened this time, in the reader's language).
PROBLEM_TYPES = {
    "bad-request": (400, "Bad request"),
    "invalid-cursor": (400, "Invalid cursor"),
    "malformed-body": (400, "Malformed request body"),
    "unauthenticated": (401, "Authentication required"),
    "token-refused": (401, "Token refused"),
    "insufficient-scope": (403, "Insufficient scope"),
    "forbidden": (403, "Forbidden"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "not-acceptable": (406, "Not acceptable"),
    "conflict": (409, "Conflict"),
    "precondition-failed": (412, "Precondition failed"),
    "payload-too-large": (413, "Payload too large"),
    "unsupported-media-type": (415, "Unsupported media type"),
    "validation-error": (422, "Validation error"),
    "rate-limited": (429, "Too many requests"),
    "server-error": (500, "Server error"),
    "unavailable": (503, "Service unavailable"),
}

DESCRIPTIONS = {
    "bad-request": _("The request could not be understood."),
    "invalid-cursor": _("The `cursor` parameter is not one this API gave: start again without it."),
    "malformed-body": _("The body is not valid JSON."),
    "unauthenticated": _("Send a token as `Authorization: Bearer <token>`."),
    "token-refused": _("The token is unknown, expired or revoked: `detail` says which."),
    "insufficient-scope": _("The token has no scope for this resource and access."),
    "forbidden": _("This token may not do this."),
    "not-found": _("No such resource, or not one this token may see."),
    "method-not-allowed": _("This path does not take this HTTP method."),
    "not-acceptable": _("The API answers JSON only."),
    "conflict": _("The request conflicts with the resource's current state."),
    "precondition-failed": _("The resource changed since the ETag sent in If-Match."),
    "payload-too-large": _("The body is too large."),
    "unsupported-media-type": _("Send the body as application/json."),
    "validation-error": _(
        "A field is missing, unknown, of the wrong type or out of range: `errors` lists "
        "each, with its location."
    ),
    "rate-limited": _("Too many requests for this token: wait for `Retry-After` seconds."),
    "server-error": _("Something failed on our side; it was logged."),
    "unavailable": _("The service is briefly unavailable: try again later."),
}

_BY_STATUS = {}
for _slug, (_status, _title) in PROBLEM_TYPES.items():
    _BY_STATUS.setdefault(_status, _slug)


def type_uri(slug: str) -> str:
    return f"{settings.SITE_URL}/api/v1/problems#{slug}"


def slug_for_status(status: int) -> str:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return "server-error" if status >= 500 else "bad-request"


def problem_body(request: HttpRequest, slug: str, detail: str = "", **extra) -> dict:
    status, title = PROBLEM_TYPES[slug]
    body = {"type": type_uri(slug), "title": title, "status": status}
    if detail:
        body["detail"] = str(detail)
    body["instance"] = request.path
    body.update(extra)
    return body


def problem_response(
    request: HttpRequest, slug: str, detail: str = "", *, headers=None, **extra
) -> HttpResponse:
    body = problem_body(request, slug, detail, **extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=body["status"],
        content_type=CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response.is_problem = True
    return response


def problem_catalogue() -> list[dict]:
    return [
        {
            "type": type_uri(slug),
            "slug": slug,
            "status": status,
            "title": title,
            "description": gettext(str(DESCRIPTIONS[slug])),
        }
        for slug, (status, title) in PROBLEM_TYPES.items()
    ]


class Problem(Exception):
    """Raise from an endpoint or a helper to answer a problem."""

    def __init__(self, slug: str, detail: str = "", *, headers=None, **extra):
        super().__init__(detail or slug)
        self.slug, self.detail, self.headers, self.extra = slug, detail, headers or {}, extra
