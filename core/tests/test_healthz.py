import json
import os
import subprocess
import sys

from django.conf import settings


def test_healthz_reports_database_and_redis(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_degraded_but_serving_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["redis"] == "unreachable"
    assert response.json()["database"] == "ok"


def _in_a_process_without_database(code: str) -> str:
    """Run `code` in `manage.py shell` in a separate process whose DATABASE_URL points at a
    port where nothing listens: the real connection attempt fails, as it would when
    PostgreSQL is down. Returns the last line it printed."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere?connect_timeout=2",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr
    return lines[-1]


def test_healthz_is_503_when_the_database_is_unreachable():
    code = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    status, _, body = _in_a_process_without_database(code).partition(" ")
    assert status == "503", body
    assert json.loads(body)["database"] == "unreachable"


def test_pages_answer_503_with_retry_after_while_the_database_is_unreachable():
    code = (
        "from django.test import Client;"
        "r = Client(raise_request_exception=False).get('/fr/members/');"
        "print(r.status_code, r.get('Retry-After'))"
    )
    assert _in_a_process_without_database(code) == "503 5"
