"""`make bench` loads every page: each URL without arguments of the public site, the
back-office (/staff/) and the member space (/space/) is in tests/bench/pages.py, or excluded
there with a reason."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.bench.pages import ANONYMOUS, EXCLUDED, MEMBER, PAGES, STAFF

LANGUAGE_PREFIX = "fr/"


def _routes(patterns, prefix: str = "", namespace: str = ""):
    """(route, URL name) of every pattern, nested includes walked."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def _pages_without_arguments() -> dict[str, str]:
    """URL name → persona who reads it, for the project's pages under /fr/ that take no
    argument (allauth's account pages are the library's, not ours)."""
    pages = {}
    for route, name in _routes(get_resolver().url_patterns):
        if not route.startswith(LANGUAGE_PREFIX) or "<" in route:
            continue
        path = route.removeprefix(LANGUAGE_PREFIX)
        if path.startswith("accounts/"):
            continue
        if path.startswith("staff/"):
            pages[name] = STAFF
        elif path.startswith("space/"):
            pages[name] = MEMBER
        else:
            pages[name] = ANONYMOUS
    return pages


def test_every_page_without_arguments_is_benched_or_excluded_with_a_reason():
    benched = {page.url_name for page in PAGES}
    missing = sorted(set(_pages_without_arguments()) - benched - set(EXCLUDED))
    assert not missing, (
        f"Add these pages to tests/bench/pages.py, or to EXCLUDED with a reason: {missing}"
    )


def test_exclusions_name_real_pages_that_are_not_benched():
    pages = _pages_without_arguments()
    benched = {page.url_name for page in PAGES}
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert sorted(name for name in EXCLUDED if name not in pages) == []
    assert sorted(name for name in EXCLUDED if name in benched) == []


def test_each_page_is_loaded_as_the_persona_who_reads_it():
    """Back-office pages as staff, space pages as the member admin, the rest signed out:
    a public page loaded with a staff cookie would measure another page."""
    personas = {}
    for route, name in _routes(get_resolver().url_patterns):
        path = route.removeprefix(LANGUAGE_PREFIX)
        if path.startswith("staff/"):
            personas[name] = STAFF
        elif path.startswith("space/"):
            personas[name] = MEMBER
        else:
            personas[name] = ANONYMOUS
    wrong = [
        (page.name, page.persona, personas.get(page.url_name))
        for page in PAGES
        if personas.get(page.url_name) != page.persona
    ]
    assert wrong == []


def test_each_page_is_given_the_arguments_its_url_takes():
    """A page whose URL takes an argument picks its object once the data is seeded; one
    without would only fail in the middle of a bench run, minutes in."""
    routes = {name: route for route, name in _routes(get_resolver().url_patterns)}
    wrong = [
        page.name for page in PAGES if ("<" in routes[page.url_name]) != (page.kwargs is not None)
    ]
    assert wrong == []
