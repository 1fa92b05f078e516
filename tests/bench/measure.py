"""One size of `make bench`: run by tests/bench/run.py in a process of its own, with
DATABASE_URL naming that size's database and CACHE_KEY_PREFIX its own cache keys.

Seeds the database unless its stamp says it holds the seed already (tests/bench/seeding.py),
serves the portal with gunicorn as production does (debug off, WhiteNoise, persistent
database connections, Redis cache), loads each page with wrk and writes the figures as JSON
to --output. With --mixed, ends with the mixed load: many clients at once across the
public pages, the member space and the back-office.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from importlib import import_module
from pathlib import Path

from tests.bench import reports_build, seeding
from tests.bench.pages import ANONYMOUS, CEILING, MEMBER, PAGES, STAFF

BASE_DIR = Path(__file__).resolve().parents[2]
REPORT_LUA = Path(__file__).with_name("report.lua")
MIXED_LUA = Path(__file__).with_name("mixed.lua")
# Tried on the 2-core machine with wrk (2 threads) sharing the cores: sync workers (2×1,
# 3×1) were far behind because they close every connection after one response (no
# keep-alive), so each request pays a new TCP connection. Among threaded workers (3×2, 2×4,
# 4×2) the differences stayed within the run-to-run noise; 3 workers × 2 threads is kept as
# it is what production runs (docker-compose.yml): two processes busy on the two cores while
# a third serves requests whose thread waits on PostgreSQL or Redis.
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 2
# After each run, /healthz answering within DRAINED_MS, as many times in a row as gunicorn
# has threads, means the server is idle again.
DRAINED_MS = 50
DRAINED_ANSWERS = GUNICORN_WORKERS * GUNICORN_THREADS
DRAIN_SECONDS = 120
# A page one request of which takes longer is reported, not loaded: 16 connections on it
# would leave gunicorn serving their backlog for minutes (the partners page at 100,000
# organizations takes 25 s), and every later page would be measured on a busy server.
SLOW_SECONDS = 1.0
# Who makes the mixed load's requests: mostly visitors, then members, then staff.
MIX = {ANONYMOUS: 0.7, MEMBER: 0.2, STAFF: 0.1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--latency-duration", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=GUNICORN_WORKERS)
    parser.add_argument("--threads", type=int, default=GUNICORN_THREADS)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mixed", action="store_true")
    parser.add_argument("--mixed-duration", type=int, default=60)
    parser.add_argument("--mixed-connections", type=int, default=64)
    parser.add_argument("--report-build", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        sys.exit("make bench needs DJANGO_DEBUG=0 and a PostgreSQL DATABASE_URL (see Makefile).")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make bench does it as root).")

    stamp = seeding.prepare(organizations=args.organizations, reseed=args.reseed)
    call_command("compile_translations", verbosity=0)
    # Debug off: templates need WhiteNoise's manifest of hashed file names.
    call_command("collectstatic", "--noinput", verbosity=0)

    cookies = {
        ANONYMOUS: "",
        STAFF: f"sessionid={_session_key(_demo_email(STAFF))}",
        MEMBER: f"sessionid={_session_key(_demo_email(MEMBER))}",
    }
    wanted = [part.strip() for part in args.only.split(",")]
    pages = [CEILING, *(page for page in PAGES[1:] if any(part in page.name for part in wanted))]
    paths, queries, broken = {}, {}, []
    for page in pages:
        try:
            paths[page.name] = page.path()
        except Exception as error:  # noqa: BLE001 - the seed lacks the object: say which.
            broken.append({"page": page.name, "error": f"no object to show: {error!r}"})
            continue
        status, count, seconds = _query_count(paths[page.name], cookies[page.persona])
        if status != 200:
            broken.append({"page": page.name, "path": paths[page.name], "status": status})
            del paths[page.name]
            continue
        if seconds > SLOW_SECONDS:
            broken.append(
                {"page": page.name, "path": paths[page.name], "too_slow_s": round(seconds, 1)}
            )
            del paths[page.name]
            continue
        queries[page.name] = count
    for problem in broken:
        print(f"  not measured: {problem}", flush=True)
    pages = [page for page in pages if page.name in paths]

    results = []
    mixed = None
    server = _gunicorn_start(port=args.port, workers=args.workers, threads=args.threads)
    try:
        for page in pages:
            url = f"http://127.0.0.1:{args.port}{paths[page.name]}"
            cookie = cookies[page.persona]
            _wrk(url, cookie, args, connections=args.connections, duration=args.warmup)
            _drain(args.port)
            result = _wrk(url, cookie, args, connections=args.connections, duration=args.duration)
            _drain(args.port)
            result.update(
                page=page.name,
                path=paths[page.name],
                persona=page.persona,
                queries=queries[page.name],
            )
            if page.signed_in:
                # One reader alone: the latency of the page itself, without queueing.
                alone = _wrk(url, cookie, args, connections=1, duration=args.latency_duration)
                result["alone"] = {key: alone[key] for key in ("p50_ms", "p95_ms", "p99_ms")}
                result["errors"] += alone["errors"]
                _drain(args.port)
            results.append(result)
            print(f"  {page.name}: {result['rps']:.0f} requests/s", flush=True)
        if args.mixed:
            mixed = _mixed_load(pages, paths, cookies, args)
    finally:
        server.terminate()
        server.wait(timeout=30)

    report = None
    if args.report_build:
        report = reports_build.annual_report_build()
    args.output.write_text(
        json.dumps(
            {
                "organizations": args.organizations,
                "database": settings.DATABASES["default"]["NAME"],
                "seed": stamp,
                "results": results,
                "broken": broken,
                "mixed": mixed,
                "report_build": report,
            },
            indent=2,
        )
    )
    return 0


def _demo_email(persona: str) -> str:
    from members.demo import MEMBER_EMAIL, STAFF_EMAIL

    return {STAFF: STAFF_EMAIL, MEMBER: MEMBER_EMAIL}[persona]


def _session_key(email: str) -> str:
    """A signed-in session of a demo login, as the login form would have made it."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(email=email)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _query_count(path: str, cookie: str) -> tuple[int, int, float]:
    """(status, queries, seconds) of one request in the steady state (caches warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if cookie:
        client.cookies.load(cookie)
    client.get(path)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured), time.monotonic() - started


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


def _drain(port: int) -> None:
    """Wait until gunicorn has served what wrk left queued. When wrk stops, the requests it
    sent to a slow page are still being served, for seconds: without waiting, the next page
    was measured on a busy server (a fast page read as 0 requests/s after the partners page)."""
    deadline = time.monotonic() + DRAIN_SECONDS
    quick = 0
    while quick < DRAINED_ANSWERS and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30):
                pass
        except OSError:
            pass
        # A trivial view answering at once: nothing ahead of it in that worker's queue.
        quick = quick + 1 if time.monotonic() - started < DRAINED_MS / 1000 else 0


def _wrk_run(
    url: str, *, script: Path, env: dict, threads: int, connections: int, duration: int
) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            f"--script={script}",
            url,
        ],
        env={**os.environ, **env},
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
        "duration_s": raw["duration_us"] / 1e6,
    }


def _wrk(url: str, cookie: str, args, *, connections: int, duration: int) -> dict:
    return _wrk_run(
        url,
        script=REPORT_LUA,
        env={"BENCH_COOKIE": cookie},
        threads=args.wrk_threads,
        connections=connections,
        duration=duration,
    )


def _mixed_load(pages, paths: dict, cookies: dict, args) -> dict:
    """Many clients at once, each request drawn among the pages: MIX's share of requests for
    each persona, spread evenly over that persona's pages."""
    by_persona = {persona: [] for persona in MIX}
    for page in pages:
        if page is not CEILING:
            by_persona[page.persona].append(page)
    mix_file = args.output.with_suffix(".mix.tsv")
    lines = []
    for persona, share in MIX.items():
        for page in by_persona[persona]:
            weight = share / len(by_persona[persona])
            lines.append(f"{weight:.6f}\t{paths[page.name]}\t{cookies[persona]}")
    mix_file.write_text("\n".join(lines) + "\n")
    print(
        f"  mixed load: {args.mixed_connections} clients for {args.mixed_duration} s",
        flush=True,
    )
    result = _wrk_run(
        f"http://127.0.0.1:{args.port}/",
        script=MIXED_LUA,
        env={"BENCH_MIX": str(mix_file)},
        threads=args.wrk_threads,
        connections=args.mixed_connections,
        duration=args.mixed_duration,
    )
    result["pages"] = {persona: len(by_persona[persona]) for persona in MIX}
    result["connections"] = args.mixed_connections
    result["duration"] = args.mixed_duration
    return result


if __name__ == "__main__":
    sys.exit(main())
