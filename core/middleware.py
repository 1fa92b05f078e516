"""Request guards that hold for every URL, so no view has to remember them."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError

# C0 control characters and DEL, except tab, line feed and carriage return, which text areas
# legitimately send. PostgreSQL refuses NUL in text outright, and none of the others has a
# place in a URL, a search or a form field.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The path and query string may not carry even those three.
CONTROL_CHARACTERS_IN_URL = re.compile(r"[\x00-\x1f\x7f]")


def _has_control_character(values, pattern) -> bool:
    return any(pattern.search(value) for value in values)


class RefuseControlCharactersMiddleware:
    """Answer 400 to a request whose URL, query parameters or form fields carry control
    characters, and to a form body that cannot be parsed, before any view or database
    sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._refused(request):
            return HttpResponseBadRequest(
                "Bad request: control characters are not accepted.\n",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _refused(self, request: HttpRequest) -> bool:
        if CONTROL_CHARACTERS_IN_URL.search(request.path):
            return True
        query = request.GET
        if _has_control_character(query.keys(), CONTROL_CHARACTERS_IN_URL):
            return True
        if _has_control_character(
            (v for values in query.lists() for v in values[1]), CONTROL_CHARACTERS
        ):
            return True
        if request.method != "POST":
            return False
        try:
            form = request.POST
        except (MultiPartParserError, UnicodeDecodeError):
            return True
        return _has_control_character(form.keys(), CONTROL_CHARACTERS) or _has_control_character(
            (v for values in form.lists() for v in values[1]), CONTROL_CHARACTERS
        )
