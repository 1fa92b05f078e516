"""Hostile input on every URL of the project: random text, NULs and other control
characters, huge numbers, malformed bodies, as an anonymous visitor and as an animator.
Whatever comes in, the answer is never a 500.

Each URL pattern is filled with values drawn from its converters' own regular expressions,
so the request reaches the view behind it (mostly as a 404 for an object that does not
exist, which is fine: the point is that nothing breaks on the way). FUZZ_EXAMPLES sets how
many requests each URL gets (default 4; more finds more, slower).
"""

import os
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_urls_personas import PROJECT_NAMESPACES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
ROOT_NAMES = {"healthz", "robots_txt", "set_language", "sitemap", "sitemap_section"}

# Values every URL meets first, in its path, its query and its form, before random ones.
PROBES = [
    "\x00",
    "a\x00b",
    "9" * 40,
    "%00",
    '\x01=HYPERLINK("http://x")',
]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            *PROBES,
            "-1",
            "0",
            "1e309",
            "NaN",
            "' OR 1=1 --",
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "é" * 300,
            "\ufeff",
            "2026-13-45",
        ]
    ),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)
form_data = st.dictionaries(
    st.sampled_from(
        ["q", "page", "email", "name", "date", "status", "kind", "language", "next", "id", "x"]
    ),
    hostile_text,
    max_size=5,
)
raw_bodies = st.tuples(
    st.sampled_from(
        [
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "application/x-www-form-urlencoded",
            "application/json",
            "text/plain",
        ]
    ),
    st.binary(max_size=200),
)


def _patterns(patterns=None, resolvers=(), namespace=None):
    """(name, enclosing resolvers, URLPattern) for every named project URL."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(
                entry.url_patterns, (*resolvers, entry), entry.namespace or namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            if namespace in PROJECT_NAMESPACES or (namespace is None and entry.name in ROOT_NAMES):
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), resolvers, entry


PATTERNS = {name: (resolvers, pattern) for name, resolvers, pattern in _patterns()}


def _path_strategy(resolvers, pattern):
    """Build the URL from each part's converters, drawing every argument from the
    converter's own regular expression (so the resolver accepts it)."""
    from django.urls.resolvers import LocalePrefixPattern, RoutePattern

    parts = []
    for part in [*resolvers, pattern]:
        route = part.pattern
        if isinstance(route, LocalePrefixPattern):
            parts.append(st.just("fr/"))
        elif isinstance(route, RoutePattern):
            parts.append(_route_strategy(str(route), route.converters))
        else:
            parts.append(st.just(str(route).lstrip("^").rstrip("$")))
    return st.tuples(*parts).map(lambda pieces: "/" + "".join(pieces))


def _route_strategy(route: str, converters):
    pieces = []
    for literal, name in re.findall(r"([^<]*)(?:<(?:[^>:]+:)?([^>]+)>)?", route):
        if literal:
            pieces.append(st.just(literal))
        if name:
            converter = converters[name]
            regex = re.compile(rf"\A{converter.regex}\Z")
            known = [value for value in PROBES if regex.match(value)]
            drawn = st.from_regex(regex).filter(lambda v: v != "")
            pieces.append(st.one_of(st.sampled_from(known), drawn) if known else drawn)
    return st.tuples(*pieces).map("".join) if pieces else st.just("")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_url_answers_500_to_hostile_input(name, client, personas):
    resolvers, pattern = PATTERNS[name]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        path=_path_strategy(resolvers, pattern),
        as_staff=st.booleans(),
        query=form_data,
        form=form_data,
        body=raw_bodies,
    )
    def check(path, as_staff, query, form, body):
        client.logout()
        if as_staff:
            client.force_login(personas.staff, backend="django.contrib.auth.backends.ModelBackend")
        answers = [
            client.get(path, {**query, "q": PROBES[0], "page": PROBES[2]}),
            client.post(path, {**form, "email": PROBES[1]}),
            client.get(path, query),
            client.post(path, form),
            client.generic("POST", path, body[1], content_type=body[0]),
        ]
        for response in answers:
            assert response.status_code < 500, (path, response.status_code)

    check()
    # Nothing a visitor's made-up path or query leaves in Redis stays there for good: in
    # production Redis evicts only keys with a lifetime, and the others would fill it.
    assert _cache_keys_kept_forever() == [], name


def _cache_keys_kept_forever() -> list[bytes]:
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return []  # the quick start's memory cache: nothing outlives the process
    client = cache._cache.get_client(write=True)
    return [key for key in client.scan_iter(count=1000) if client.ttl(key) == -1]
