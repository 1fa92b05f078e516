"""The API's one instance: its OpenAPI document, its documentation page, its error
handlers and its routers (one module per resource in api/endpoints/)."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from api.endpoints import (
    collaboration,
    contacts,
    directory,
    events,
    memberships,
    organizations,
    partners,
    public_events,
    subscribers,
    surveys,
    webhooks,
)
from api.openapi import problems_declare
from api.problems import Problem, problem_catalogue, problem_response, slug_for_status
from core.middleware import CONTROL_CHARACTERS

logger = logging.getLogger(__name__)

DESCRIPTION = """
The cluster's register, calendar, newsletter subscribers, survey results and webhooks, for
the cluster's other tools.

**Public resources** (the member directory, partners, public events, calls and
opportunities) need no token. **The others** need a token, sent as
`Authorization: Bearer <token>`. Staff make tokens in the back-office (API tokens), each
with scopes: `<resource>:read` or `<resource>:write` (which includes reading). A member
organization's admin can make a read-only token for its own organization's data from the
member space.

**Pages** are cursor-paginated: follow `next` until it is null; `limit` is at most 100.
**Caching**: every read has an `ETag`; send it back as `If-None-Match` to get
`304 Not Modified` when nothing changed.
**Errors** are RFC 9457 problem details (`application/problem+json`); the types are listed at
[/api/v1/problems](/api/v1/problems).
**Rate**: each token may make a limited number of requests a minute; over it, 429 with
`Retry-After`.
"""


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


class ControlCharacterInBody(ValueError):
    """A string of the body holds a control character (core.middleware's rule for forms)."""


def _holds_control_character(value) -> bool:
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(
            _holds_control_character(k) or _holds_control_character(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_holds_control_character(item) for item in value)
    return False


class JsonParser(Parser):
    """Bodies are JSON, said so by their Content-Type: another type is refused (415) even
    when its body happens to read as JSON. A string holding a control character is refused
    (400) as in a form: PostgreSQL cannot store NUL, and the others have no place in a field."""

    def parse_body(self, request: HttpRequest):
        if not _is_json(request.content_type or ""):
            raise ValueError(f"unsupported media type {request.content_type!r}")
        data = super().parse_body(request)
        if _holds_control_character(data):
            raise ControlCharacterInBody("control character in the body")
        return data


class ClusterApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return problems_declare(document)


api = ClusterApi(
    title="Cluster portal API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    parser=JsonParser(),
)


def _validation_errors(errors) -> list[dict]:
    """Pydantic's errors without what cannot be shown (the input echoed, exceptions)."""
    shown = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        shown.append(
            {
                "location": location,
                "pointer": "/" + "/".join(location),
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return shown


@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem):
    return problem_response(request, exc.slug, exc.detail, headers=exc.headers, **exc.extra)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    return problem_response(
        request,
        "validation-error",
        "The request has invalid values.",
        errors=_validation_errors(exc.errors),
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return problem_response(
        request,
        "unauthenticated",
        "This resource needs a token: Authorization: Bearer <token>.",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    if exc.status_code == 400 and "parse request body" in str(exc):
        if isinstance(exc.__cause__, ControlCharacterInBody):
            return problem_response(
                request, "bad-request", "Control characters are not accepted in the body."
            )
        if not _is_json(request.content_type or ""):
            return problem_response(
                request, "unsupported-media-type", "Send the body as application/json."
            )
        return problem_response(request, "malformed-body", "The body is not valid JSON.")
    slug = slug_for_status(exc.status_code)
    response = problem_response(request, slug, str(exc))
    response.status_code = exc.status_code
    return response


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig):
    return problem_response(request, "payload-too-large", "The body is too large.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return problem_response(request, "not-found")


@api.exception_handler(Exception)
def _crash(request: HttpRequest, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem_response(request, "server-error")


class ProblemType(Schema):
    type: str
    slug: str
    status: int
    title: str
    description: str


@api.get("/problems", response=list[ProblemType], auth=None, tags=["About the API"])
def problem_types(request: HttpRequest):
    """The kinds of error this API answers, as RFC 9457 problem types."""
    return problem_catalogue()


api.add_router("/", directory.router)
api.add_router("/", events.router)
api.add_router("/", webhooks.router)

# Resources read and written with a token.
api.add_router("/", organizations.router)
api.add_router("/", contacts.router)
api.add_router("/", memberships.router)
api.add_router("/", subscribers.router)
api.add_router("/", surveys.router)

# Public resources beside the directory: partners, the public calendar, calls and the
# opportunities board (no token, stored like their pages).
api.add_router("/", partners.router)
api.add_router("/", public_events.router)
api.add_router("/", collaboration.router)
