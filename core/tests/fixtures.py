"""Fixtures of faults shared by the tests of every app (a pytest plugin: see conftest.py)."""

import pytest
from django.core.mail.backends.locmem import EmailBackend

# A Redis nobody listens on.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    from django.core.cache import cache

    # The settings change replaced the cache: every call below really meets a dead Redis.
    assert cache._servers == [DEAD_REDIS]
    yield cache


@pytest.fixture
def smtp_down(monkeypatch):
    """The mail server refuses connections until `smtp_down.up = True`."""
    real = EmailBackend.send_messages

    class Switch:
        up = False

    def send_messages(self, messages):
        if not Switch.up:
            raise ConnectionRefusedError(111, "Connection refused")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return Switch


@pytest.fixture
def retry_settings(settings):
    settings.EMAIL_RETRY_FIRST_DELAY_SECONDS = 60
    settings.EMAIL_RETRY_MAX_DELAY_SECONDS = 3600
    settings.EMAIL_RETRY_WINDOW_SECONDS = 24 * 3600
    return settings
