"""Fixtures shared by every test: service checks, test-only settings, and the personas.

Personas (STYLE.md §13): an animator (staff), the admin of member organization A, a plain
contact of A, the admin of member organization B, and an anonymous visitor.
"""

import os
from dataclasses import dataclass

import factory.random
import psycopg
import pytest
import redis
from django.conf import settings as django_settings
from django.utils import translation

from core.tests.factories import UserFactory
from members.models import Affiliation
from members.tests.factories import OrganizationFactory, member_user

# Fixtures shared by the tests of several apps: faults (a dead Redis, a mail server down),
# the membership application form.
pytest_plugins = ["core.tests.fixtures", "members.tests.fixtures"]


def pytest_sessionstart(session):
    """Fail fast, with a clear message, when PostgreSQL or Redis is not reachable."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("The tests run on PostgreSQL: set DATABASE_URL=postgres://...", returncode=2)
    try:
        psycopg.connect(
            host=database["HOST"] or None,
            port=database["PORT"] or None,
            user=database["USER"] or None,
            password=database["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        pytest.exit(
            f"PostgreSQL is not reachable at {database['HOST']}:{database['PORT']} ({error}).\n"
            "Start it (pg_ctlcluster 15 main start) or set DATABASE_URL.",
            returncode=2,
        )
    if not django_settings.REDIS_URL:
        pytest.exit("The tests need Redis: set REDIS_URL=redis://...", returncode=2)
    try:
        redis.Redis.from_url(django_settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.exit(
            f"Redis is not reachable at {django_settings.REDIS_URL} ({error}).\n"
            "Start it (redis-server --daemonize yes) or set REDIS_URL.",
            returncode=2,
        )


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # The handful of values tests change: plain static storage (no collectstatic
    # manifest), a fast password hasher, no HTTPS redirect for the test client, and no
    # two-factor requirement unless a test asks for it; uploads go to a temporary folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STAFF_REQUIRE_MFA = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _same_fake_data_every_run(request):
    # Factories draw names, companies and addresses from Faker: seeded by the test's own
    # name, a test draws the same ones on every run and in any order (factory sequences,
    # such as numbered emails, still follow the order), so a drawn name that happens to
    # match what the test searches fails every time, never one run in fifty.
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread: each test starts in the default
    # one, whatever the test before it asked for (reverse() and gettext follow it).
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    # The cache is the real Redis; rate limits and cached pages must not leak between tests.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class Personas:
    org_a: object
    org_b: object
    staff: object
    member_admin: object
    member_contact: object
    other_member: object

    def user(self, name: str):
        return None if name == "anonymous" else getattr(self, name)


PERSONA_NAMES = ["staff", "member_admin", "member_contact", "other_member", "anonymous"]


@pytest.fixture
def personas(db) -> Personas:
    org_a = OrganizationFactory(name="Alpha Numérique", slug="alpha-numerique")
    org_b = OrganizationFactory(name="Beta Logiciels", slug="beta-logiciels")
    return Personas(
        org_a=org_a,
        org_b=org_b,
        staff=UserFactory(email="animatrice@cluster.test", is_staff=True),
        member_admin=member_user(org_a, Affiliation.Access.ADMIN, email="admin@alpha.test"),
        member_contact=member_user(org_a, email="contact@alpha.test"),
        other_member=member_user(org_b, Affiliation.Access.ADMIN, email="admin@beta.test"),
    )


@pytest.fixture
def client_for(client, personas):
    """client_for("member_admin") → the test client logged in as that persona."""

    def make(name: str):
        user = personas.user(name)
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture
def today_is(monkeypatch):
    """today_is(date(2026, 12, 1)) → timezone.localdate() answers that day from then on
    (the clock itself runs on: only the services' notion of today moves)."""
    from django.utils import timezone

    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today
