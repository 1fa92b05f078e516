import pytest
from django.test import RequestFactory

from core.http import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/fr/staff/organizations/?page=2", "/fr/staff/organizations/?page=2"),
        ("0", "/fallback/"),  # a bare word: redirect() would take it for a view name
        ("staff_dashboard", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("https://evil.example/", "/fallback/"),
        ("/\\evil.example", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_keeps_only_paths_on_this_site(target, expected):
    request = RequestFactory().post("/fr/x/", {"next": target})
    assert safe_next(request, "/fallback/") == expected
