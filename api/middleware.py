"""What every answer under /api/ gets, whatever the endpoint remembers:

- errors as problem details: Django's own 404 (an unknown path), 405 (a method the path
  does not take) and 500 are rewritten into `application/problem+json`;
- a strong ETag on each successful read, and `304 Not Modified` to `If-None-Match`;
- answers read with a token are private to it (`Cache-Control: private`);
- an audit entry for every write made with a token (api.models.ApiAuditEntry), in the
  write's own transaction: a write whose entry cannot be recorded is undone and answers 503,
  so nothing is changed through the API without its line in the log.
"""

import hashlib
import json
import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from api.models import ApiAuditEntry
from api.problems import CONTENT_TYPE, problem_response, slug_for_status
from api.services.tokens import TokenRefused, token_authenticate

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# The documentation page is HTML for people.
HTML_PATHS = ("/api/v1/docs",)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.path.startswith(HTML_PATHS):
            return self.get_response(request)
        if request.method in SAFE_METHODS or not self._carries_bearer(request):
            response = self._answer(request)
        else:
            try:
                with transaction.atomic():
                    response = self._answer(request)
                    # A write refused before any endpoint checked the token (a method the
                    # path does not take, an unknown path) is still a write attempt by it.
                    audited = getattr(request, "api_token", None) or self._bearer_token(request)
                    if audited is not None:
                        self._audit(request, audited, response)
            except _AuditNotRecorded:
                logger.exception(
                    "API audit entry not recorded for %s %s: the write was undone",
                    request.method,
                    request.path,
                )
                response = problem_response(
                    request, "unavailable", "The change could not be recorded: try again."
                )
                response.status_code = 503
        token = getattr(request, "api_token", None)
        if token is not None:
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Authorization",))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = self._conditional(request, response)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            CONTENT_TYPE
        ):
            response = self._as_problem(request, response)
        return response

    def _carries_bearer(self, request: HttpRequest) -> bool:
        return request.headers.get("Authorization", "").lower().startswith("bearer ")

    def _as_problem(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        slug = slug_for_status(response.status_code)
        headers = {}
        if response.has_header("Allow"):
            headers["Allow"] = response["Allow"]
        if response.has_header("Retry-After"):
            headers["Retry-After"] = response["Retry-After"]
        detail = ""
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                detail = json.loads(response.content).get("detail", "")
            except (ValueError, AttributeError):
                detail = ""
        problem = problem_response(
            request, slug, detail if isinstance(detail, str) else "", headers=headers
        )
        problem.status_code = response.status_code
        return problem

    def _conditional(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        return (
            get_conditional_response(request, etag=response["ETag"], response=response) or response
        )

    def _bearer_token(self, request: HttpRequest):
        """The valid token the request carries, if any (a refused one stays unattributed)."""
        scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        try:
            return token_authenticate(secret.strip())
        except TokenRefused:
            return None

    def _audit(self, request: HttpRequest, token, response: HttpResponse) -> None:
        try:
            ApiAuditEntry.objects.create(
                token=token,
                actor_id=token.created_by_id,
                method=request.method,
                path=request.path[:500],
                resource=getattr(request, "api_resource", ""),
                object_id=str(getattr(request, "api_audit_object", ""))[:100],
                change=str(getattr(request, "api_audit_summary", ""))[:500],
                status=response.status_code,
            )
        except Exception as error:
            raise _AuditNotRecorded from error


class _AuditNotRecorded(Exception):
    """Raised inside the write's transaction, so that the write is rolled back with it."""
