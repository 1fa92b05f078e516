import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cluster_portal.settings import database_from_url, env_bool, env_int, env_list

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "x9Qz!7mP2@wL5#vB8^rT1&nH4*jF6(cD0)" * 2,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "SITE_URL": "https://portal.example.org",
    "DATABASE_URL": "postgres://portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "EMAIL_HOST": "smtp.example.org",
}


def _run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("No", False), ("", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_int_refuses_nonsense_and_defaults_when_absent(monkeypatch):
    monkeypatch.delenv("SOME_NUMBER", raising=False)
    assert env_int("SOME_NUMBER", 7) == 7
    monkeypatch.setenv("SOME_NUMBER", "seven")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 7)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, b.example.org ,")
    assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


def test_database_url_parsing():
    postgres = database_from_url("postgres://u:p%40ss@db.local:5433/portal?sslmode=require")
    assert postgres["NAME"] == "portal"
    assert (postgres["USER"], postgres["PASSWORD"]) == ("u", "p@ss")
    assert (postgres["HOST"], postgres["PORT"]) == ("db.local", "5433")
    assert postgres["OPTIONS"] == {"sslmode": "require"}
    assert postgres["CONN_MAX_AGE"] > 0
    sqlite = database_from_url("sqlite:///db.sqlite3")
    assert sqlite["NAME"] == settings.BASE_DIR / "db.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://db/portal")
    with pytest.raises(ImproperlyConfigured):
        database_from_url("postgres://db.local")


def test_startup_fails_without_secret_key_when_debug_is_off():
    result = _run_manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_startup_fails_loudly_on_a_malformed_value():
    result = _run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def test_deploy_checks_pass_with_production_variables():
    result = _run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_harden_cookies_and_transport():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.STAFF_REQUIRE_MFA)"
    )
    result = _run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "DENY", "True"]
    quick_start = _run_manage("shell", "--no-imports", "-c", code, env={"DJANGO_DEBUG": "1"})
    assert quick_start.stdout.split()[-1] == "False", "demo staff logs in without TOTP"


def _site_url(env: dict) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_")) and k not in {"SITE_URL", "PORT"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "from cluster_portal import settings; print(settings.SITE_URL)"],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_port_unless_set():
    assert _site_url({}) == "http://127.0.0.1:8000"
    assert _site_url({"PORT": "8123"}) == "http://127.0.0.1:8123"
    assert _site_url({"PORT": "8123", "SITE_URL": "https://portal.example.org/"}) == (
        "https://portal.example.org"
    )


def test_make_run_hands_its_port_to_the_server_and_the_worker():
    # A dry run prints the commands: each process of `make run` is started with PORT set.
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    commands = [number for number, line in enumerate(lines) if "manage.py" in line]
    assert commands, result.stdout + result.stderr
    exported = [number for number, line in enumerate(lines) if line.startswith("export ")]
    for number in commands:
        # Set on the command itself, or exported earlier in the recipe (server and worker).
        assert "PORT=8123" in lines[number] or any(
            "PORT=8123" in lines[export] for export in exported if export < number
        ), lines[number]


def test_redis_never_hands_out_twice_what_a_live_worker_still_holds():
    """Every task runs, or waits for its retry, for less than the visibility timeout; and
    the sweepers that bring back a dead worker's work run well within it."""
    from celery import current_app

    current_app.loader.import_default_modules()
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    project_tasks = [
        task
        for name, task in current_app.tasks.items()
        if not name.startswith("celery.")
        and name.split(".")[0] in {"core", "members", "events", "communications", "surveys"}
    ]
    assert project_tasks
    for task in project_tasks:
        time_limit = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        assert time_limit < timeout, task.name
        if getattr(task, "autoretry_for", ()):
            # Celery's default longest backoff is 600 s.
            assert getattr(task, "retry_backoff_max", 600) < timeout, task.name
    # A dead worker's long job goes on within two minutes: imports by their lease,
    # newsletter sends once a minute passes without a message leaving.
    assert settings.SWEEP_INTERVAL_SECONDS + settings.IMPORT_LEASE_SECONDS <= 120
    assert settings.SWEEP_INTERVAL_SECONDS + settings.NEWSLETTER_STALLED_MINUTES * 60 <= 120
    schedule = settings.CELERY_BEAT_SCHEDULE["newsletters-resume-stalled"]["schedule"]
    assert schedule <= settings.SWEEP_INTERVAL_SECONDS
