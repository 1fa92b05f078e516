"""The OpenAPI document tells the truth about errors: every operation lists the problem
details (`application/problem+json`) it can answer, from what the operation takes.

Declared here for every operation at once, rather than on each endpoint, so that a new
endpoint cannot answer a problem its documentation does not list:
- every operation: 404 (unknown path or object) and 405 (a method the path does not take);
- with parameters or a body: 400 (an unreadable cursor or body) and 422 (invalid values);
- with a token: 401 (missing or refused), 403 (no scope for it) and 429 (over its rate);
- with a body: 413 (too large) and 415 (not JSON);
- writes: 409 (the object's state does not allow it).
"""

from api.problems import PROBLEM_TYPES

PROBLEM_SCHEMA = {
    "title": "Problem",
    "type": "object",
    "description": "An error, as RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "The problem type's URI (/api/v1/problems)."},
        "title": {"type": "string", "description": "The problem type's title, in English."},
        "status": {"type": "integer", "description": "The HTTP status."},
        "detail": {"type": "string", "description": "What happened, in the reader's language."},
        "instance": {"type": "string", "description": "The path called."},
        "errors": {
            "type": "array",
            "description": "Validation errors, one per invalid value.",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "array", "items": {"type": "string"}},
                    "pointer": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}

_REFERENCE = {"$ref": "#/components/schemas/Problem"}
_TITLES = {}
for _slug, (_status, _title) in PROBLEM_TYPES.items():
    _TITLES.setdefault(_status, []).append(_title)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _statuses(method: str, operation: dict) -> set[int]:
    statuses = {404, 405}
    if method != "get":
        statuses.add(409)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses |= {400, 422}
    if operation.get("security"):
        statuses |= {401, 403, 429}
    if operation.get("requestBody"):
        statuses |= {413, 415}
    return statuses


def problems_declare(document: dict) -> dict:
    """Add the problem responses (and the Problem schema) to an OpenAPI document."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(_statuses(method, operation)):
                responses.setdefault(
                    str(status),
                    {
                        "description": " / ".join(_TITLES[status]),
                        "content": {"application/problem+json": {"schema": _REFERENCE}},
                    },
                )
    return document
