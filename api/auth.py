"""Who calls the API: a token, checked for the scope the operation needs.

Each router is given `TokenAuth("<resource>")` once; the access (read or write) comes
from the HTTP method. A missing or refused token answers 401, a token without the scope
403, a token over its rate 429: each as problem details (api.problems)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from ninja.security import HttpBearer

from api import permissions
from api.problems import Problem
from api.scopes import RESOURCES, access_for_method
from api.services.tokens import TokenRefused, token_authenticate, token_touch
from core.ratelimit import rate_limit_hit


class TokenAuth(HttpBearer):
    def __init__(self, resource: str):
        if resource not in RESOURCES:
            raise ValueError(f"Unknown API resource {resource!r}")
        self.resource = resource
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str):
        try:
            api_token = token_authenticate(token.strip())
        except TokenRefused as error:
            raise Problem(
                "token-refused",
                str(error),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from error
        request.api_token = api_token
        access = access_for_method(request.method)
        if not permissions.token_holder_entitled(api_token):
            raise Problem(
                "token-refused",
                gettext("The person who made this API token no longer has access."),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if not api_token.allows(self.resource, access):
            raise Problem(
                "insufficient-scope",
                gettext("This token has no %(scope)s scope.")
                % {"scope": f"{self.resource}:{access}"},
                headers={
                    "WWW-Authenticate": (
                        f'Bearer error="insufficient_scope", scope="{self.resource}:{access}"'
                    )
                },
            )
        limit = settings.API_RATE_LIMIT_PER_MINUTE
        if not rate_limit_hit(key=f"api:rate:{api_token.pk}", limit=limit, window_seconds=60):
            raise Problem(
                "rate-limited",
                ngettext(
                    "More than %(limit)s request in a minute with this token.",
                    "More than %(limit)s requests in a minute with this token.",
                    limit,
                )
                % {"limit": limit},
                headers={"Retry-After": "60"},
            )
        request.api_resource = self.resource
        token_touch(api_token)
        return api_token
