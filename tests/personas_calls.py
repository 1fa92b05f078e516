"""The persona matrix of the collaboration calls pages (tests/test_urls_personas.py):
name → (HTTP method, key of `url_kwargs`, expected status per persona)."""

from tests.url_expectations import LOGIN, MEMBERS_ONLY, PUBLIC, STAFF_ONLY  # noqa: F401

EXPECTED = {}


def url_kwargs(personas) -> dict:
    """The URL keyword arguments of the pages above, by key; a callable is called when the
    test needs it, so each builds only the rows its own URL reads."""
    return {}
