"""`make bench`: how many requests a second the main pages serve, and how fast.

Not a test: it seeds its own PostgreSQL database with a 10,000-organization cluster (once;
later runs reuse it), serves the portal with gunicorn as production does (debug off,
WhiteNoise, persistent database connections, Redis cache), loads each page with wrk, and
prints requests/s and p50/p99 latency beside a trivial view measured in the same run: the
framework's ceiling on this machine.

Other areas add their pages to PAGES. Run `make bench BENCH_ARGS="--help"` for the options.
"""

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path

from tests.bench import events_data, reports_build, surveys_data

BASE_DIR = Path(__file__).resolve().parents[2]
LUA_SCRIPT = Path(__file__).with_name("report.lua")
RESULTS_DIR = BASE_DIR / "bench-results"
SEED = 2026
ORGANIZATIONS = 10_000
# The seed gives about three contacts per organization; fewer means an older, smaller seed.
MIN_CONTACTS_PER_ORGANIZATION = 2.8
# A change to any of these makes the seeded data stale.
SEED_SOURCES = [
    "core/demo.py",
    "members/demo/__init__.py",
    "members/demo/register.py",
    "members/demo/texts.py",
    "events/demo.py",
    "surveys/demo.py",
    "communications/demo/__init__.py",
    "communications/demo/faq.py",
    "portal/management/commands/seed_demo.py",
    "reports/demo.py",
]
# Tried on the 2-core machine with wrk (2 threads) sharing the cores: sync workers (2×1,
# 3×1) were far behind because they close every connection after one response (no
# keep-alive), so each request pays a new TCP connection. Among threaded workers (3×2, 2×4,
# 4×2) the differences stayed within the run-to-run noise; 3 workers × 2 threads is kept as
# it is what production runs (docker-compose.yml): two processes busy on the two cores while
# a third serves requests whose thread waits on PostgreSQL or Redis.
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 2


@dataclass(frozen=True)
class Page:
    """A page to load. `path` may be a function: it runs once the data is seeded, to pick a
    real object (a listed organization, a published event…)."""

    name: str
    path: str | Callable[[], str]
    as_staff: bool = False

    def resolve(self) -> str:
        return self.path() if callable(self.path) else self.path


def _listed_profile_path() -> str:
    from members.selectors.directory import directory_queryset

    # A listed member with contacts, picked by position so every run takes the same one.
    slug = (
        directory_queryset()
        .filter(affiliations__isnull=False)
        .order_by("pk")
        .values_list("slug", flat=True)
        .distinct()[100]
    )
    return f"/fr/members/{slug}/"


def _event_page_path() -> str:
    from django.db.models import Count
    from django.utils import timezone

    from events.models import Event

    # The upcoming public event with the most registrations (ties by slug: stable runs).
    slug = (
        Event.objects.published()
        .filter(
            slug__startswith=events_data.MARKER,
            audience=Event.Audience.PUBLIC,
            cancelled_at__isnull=True,
            starts_at__gte=timezone.now(),
        )
        .annotate(registration_count=Count("registrations"))
        .order_by("-registration_count", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    return f"/fr/events/{slug}/"


# The first page is the ceiling the others are compared with.
PAGES = [
    Page("robots.txt (ceiling)", "/robots.txt"),
    Page("directory", "/fr/members/"),
    Page("directory search", "/fr/members/?q=numerique"),
    Page("directory profile", _listed_profile_path),
    Page("staff organizations", "/fr/staff/organizations/", as_staff=True),
    Page("events list", "/fr/events/"),
    Page("event page", _event_page_path),
    Page("events iCal feed", "/fr/events/calendar.ics"),
    Page("staff survey results", surveys_data.survey_results_path, as_staff=True),
    # The back-office's home: the quarter so far, from the reports' selectors.
    Page("staff dashboard", "/fr/staff/", as_staff=True),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="Seconds measured per page.")
    parser.add_argument("--warmup", type=int, default=3, help="Seconds of warm-up per page.")
    parser.add_argument("--connections", type=int, default=16, help="Concurrent connections.")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=GUNICORN_WORKERS)
    parser.add_argument("--threads", type=int, default=GUNICORN_THREADS)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--orgs", type=int, default=ORGANIZATIONS)
    parser.add_argument(
        "--only", help="Only the pages whose name contains this text (and the ceiling)."
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
    import django

    django.setup()
    from django.conf import settings

    if settings.DEBUG or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        sys.exit("make bench needs DJANGO_DEBUG=0 and a PostgreSQL DATABASE_URL (see Makefile).")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does it as root).")

    _database_create_if_missing(settings.DATABASES["default"])
    _prepare(organization_count=args.orgs)
    added_events, added_registrations = events_data.events_top_up(seed=SEED)
    if added_events or added_registrations:
        print(
            f"Added {added_events} events and {added_registrations} registrations "
            f"(up to {events_data.EVENTS} and {events_data.REGISTRATIONS})",
            flush=True,
        )
    added_responses = surveys_data.surveys_top_up(seed=SEED)
    if added_responses:
        print(f"Added a survey with {added_responses} responses", flush=True)
    staff_cookie = f"sessionid={_staff_session_key()}"
    # The ceiling always runs: the other pages are read against it.
    pages = [PAGES[0], *(page for page in PAGES[1:] if not args.only or args.only in page.name)]
    paths = {page.name: page.resolve() for page in pages}
    queries = {
        page.name: _query_count(paths[page.name], page.as_staff, staff_cookie) for page in pages
    }

    server = _gunicorn_start(port=args.port, workers=args.workers, threads=args.threads)
    try:
        results = []
        for page in pages:
            url = f"http://127.0.0.1:{args.port}{paths[page.name]}"
            cookie = staff_cookie if page.as_staff else ""
            _wrk(url, cookie, args, duration=args.warmup)
            result = _wrk(url, cookie, args, duration=args.duration)
            result.update(page=page.name, path=paths[page.name], queries=queries[page.name])
            results.append(result)
            print(f"  {page.name}: {result['rps']:.0f} requests/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    _print_table(results, args)
    failed = any(result["errors"] for result in results)
    if not args.only or args.only in reports_build.NAME:
        results.append(reports_build.annual_report_build())
    _save(results, args)
    return 1 if failed else 0


def _database_create_if_missing(database: dict) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            print(f"Creating database {database['NAME']}", flush=True)
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"]))
            )


def _seed_fingerprint(organization_count: int) -> str:
    digest = hashlib.sha256(f"{organization_count}:{SEED}".encode())
    for source in SEED_SOURCES:
        path = BASE_DIR / source
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _prepare(*, organization_count: int) -> None:
    """Migrate, build static files and translations, and seed unless already seeded."""
    from django.conf import settings
    from django.core.management import call_command

    from members.models import Contact, Organization

    call_command("migrate", "--noinput", verbosity=0)
    call_command("compile_translations", verbosity=0)
    # Debug off: templates need WhiteNoise's manifest of hashed file names.
    call_command("collectstatic", "--noinput", verbosity=0)

    marker = RESULTS_DIR / f"seeded-{settings.DATABASES['default']['NAME']}.txt"
    fingerprint = _seed_fingerprint(organization_count)
    seeded = (
        marker.exists()
        and marker.read_text() == fingerprint
        and Organization.objects.count() == organization_count
        and Contact.objects.count() >= MIN_CONTACTS_PER_ORGANIZATION * organization_count
    )
    if seeded:
        return
    print(f"Seeding {organization_count} organizations (once; later runs reuse them)", flush=True)
    started = time.monotonic()
    call_command(
        "seed_demo",
        "--flush",
        "--force",
        "--orgs",
        str(organization_count),
        "--seed",
        str(SEED),
        stdout=io.StringIO(),
    )
    _vacuum()
    print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    marker.write_text(fingerprint)


def _vacuum() -> None:
    # The seed rewrites every organization once (its search document) and a flush leaves the
    # old rows behind: until autovacuum comes by, scans wade through dead rows and the planner
    # has no statistics. Production tables are vacuumed; the bench's must be too.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _staff_session_key() -> str:
    """A logged-in session of the staff demo login, as the login form would have made it."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    from members.demo import STAFF_EMAIL

    user = get_user_model().objects.get(email=STAFF_EMAIL)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _query_count(path: str, as_staff: bool, cookie: str) -> int:
    """Queries of one request in the steady state (caches warm), checking it answers 200."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if as_staff:
        client.cookies.load(cookie)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}, not 200: fix it before measuring.")
    return len(captured)


def _gunicorn_start(*, port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # The same command line as docker-compose.yml, access log included.
    server = subprocess.Popen(
        [
            str(gunicorn),
            "cluster_portal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--access-logfile=-",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:  # Refused, reset or timed out: still starting.
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer on port {port} within 30 s.")


def _wrk(url: str, cookie: str, args, *, duration: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"--threads={args.wrk_threads}",
            f"--connections={args.connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            f"--script={LUA_SCRIPT}",
            url,
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "requests": raw["requests"],
        "errors": raw["non_2xx_3xx"] + raw["socket_errors"],
    }


def _print_table(results: list[dict], args) -> None:
    ceiling = results[0]["rps"] if results else 0
    print(
        f"\ngunicorn {args.workers} workers × {args.threads} threads, wrk {args.wrk_threads} "
        f"threads, {args.connections} connections, {args.duration} s per page\n"
    )
    header = (
        f"{'page':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'% ceiling':>10} "
        f"{'queries':>8}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        share = 100 * result["rps"] / ceiling if ceiling else 0
        errors = f"  {result['errors']} errors!" if result["errors"] else ""
        print(
            f"{result['page']:<24} {result['rps']:>8.0f} {result['p50_ms']:>8.1f} "
            f"{result['p95_ms']:>8.1f} {result['p99_ms']:>8.1f} {share:>9.0f}% "
            f"{result['queries']:>8}{errors}"
        )


def _save(results: list[dict], args) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"bench-{stamp}.json"
    path.write_text(json.dumps({"options": vars(args), "results": results}, indent=2))
    print(f"\nSaved to {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    sys.exit(main())
