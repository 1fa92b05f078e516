"""The portal keeps answering when Redis or PostgreSQL is gone, and refuses hostile input at
the edge. Redis is never stopped here: the cache is pointed at a port where nothing listens,
which is what a stopped Redis looks like to the client."""

import pytest
from django.test import RequestFactory

from core.cache import ResilientRedisCache
from core.middleware import RefuseControlCharactersMiddleware
from core.ratelimit import rate_limit_hit
from core.tests.fixtures import DEAD_REDIS


def test_cache_falls_back_to_process_memory_when_redis_is_unreachable():
    cache = ResilientRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 1}})
    cache.set("page", "html", 60)
    assert cache.get("page") == "html"
    assert cache.add("counter", 0, 60) is True
    assert cache.incr("counter") == 1
    assert cache.get_many(["page", "counter"]) == {"page": "html", "counter": 1}
    cache.delete("page")
    assert cache.get("page") is None


def test_rate_limits_keep_counting_while_redis_is_down(redis_down):
    results = [rate_limit_hit(key="join:203.0.113.9", limit=3) for _ in range(5)]
    assert results == [True, True, True, False, False]


@pytest.mark.parametrize(
    "url",
    [
        "/fr/",
        "/fr/members/",
        "/fr/members/?q=numerique",
        "/fr/events/",
        "/fr/events/calendar.ics",
        "/fr/faq/",
        "/fr/newsletter/",
        "/fr/join/",
        "/fr/accounts/login/",
    ],
)
def test_public_pages_serve_while_redis_is_down(client, personas, redis_down, url):
    assert client.get(url).status_code == 200


def test_login_works_while_redis_is_down(client, personas, redis_down):
    personas.member_admin.set_password("correct horse battery")
    personas.member_admin.save()
    response = client.post(
        "/fr/accounts/login/",
        {"login": "admin@alpha.test", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get("/fr/space/").status_code == 200


def test_the_error_handler_tells_an_outage_from_a_bug():
    from django.db import OperationalError

    from core.views import server_error

    request = RequestFactory().get("/fr/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        outage = server_error(request)
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        bug = server_error(request)
    assert (outage.status_code, outage["Retry-After"]) == (503, "5")
    assert bug.status_code == 500
    assert "Retry-After" not in bug


@pytest.mark.parametrize(
    "url",
    [
        "/fr/faq/?q=%00",
        "/fr/faq/?q=abc%01",
        "/fr/staff/newsletters/subscribers/?q=%00",
        "/fr/events/registration/%00/confirm/",
        "/fr/events/registration/%00/cancel/",
        "/fr/events/calendar/%00.ics",
        "/fr/members/?%00=1",
    ],
)
def test_control_characters_in_urls_are_refused_at_the_edge(client, db, url):
    assert client.get(url).status_code == 400


def test_control_characters_in_form_fields_are_refused(client, db):
    response = client.post("/fr/newsletter/", {"email": "a\x00@example.org"})
    assert response.status_code == 400


def test_a_multipart_body_without_boundary_is_a_400_even_on_an_unknown_url(client, db):
    client.cookies["csrftoken"] = "x" * 32
    response = client.generic(
        "POST", "/fr/no-such-page/", b"garbage", content_type="multipart/form-data"
    )
    assert response.status_code == 400


def test_text_areas_keep_their_line_breaks_and_tabs():
    factory = RequestFactory()
    seen = []
    middleware = RefuseControlCharactersMiddleware(lambda request: seen.append(request) or 200)
    request = factory.post("/fr/join/", {"message": "Bonjour,\r\n\tligne deux\nfin"})
    assert middleware(request) == 200
    assert seen
