"""The bench's databases, one per size: created, seeded and stamped once, reused after.

The stamp lives with the data, as a comment on the database (COMMENT ON DATABASE): a fresh
checkout, another worktree or a database restored elsewhere all see whether the data is
the current seed's. A stale or missing stamp drops the database and seeds a new one: a
drop and a first seed take less than deleting every row of the old seed did (426 s at
10,000 organizations, against about 40 s).
"""

import hashlib
import io
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import events_data, surveys_data

BASE_DIR = Path(__file__).resolve().parents[2]
SEED = 2026
STAMP_PREFIX = "cluster-portal-bench "
# A change to any of these makes the seeded data stale: every app's demo data (found, so a new
# app's counts the day it is added), the command that runs them and the bench's own top-ups.
SEED_COMMAND_AND_TOP_UPS = [
    "portal/management/commands/seed_demo.py",
    "tests/bench/events_data.py",
    "tests/bench/surveys_data.py",
    "tests/bench/seeding.py",
]


def seed_sources() -> list[Path]:
    demo = sorted(
        path
        for pattern in ("*/demo.py", "*/demo/*.py")
        for path in BASE_DIR.glob(pattern)
        if not path.is_relative_to(BASE_DIR / ".venv")
    )
    return [*demo, *(BASE_DIR / source for source in SEED_COMMAND_AND_TOP_UPS)]


def size_label(organizations: int) -> str:
    """1000 → "1k", 100000 → "100k": the suffix of the size's database name."""
    if organizations % 1000 == 0:
        return f"{organizations // 1000}k"
    return str(organizations)


def fingerprint(organizations: int) -> str:
    digest = hashlib.sha256(f"{organizations}:{SEED}".encode())
    for path in seed_sources():
        digest.update(path.relative_to(BASE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _admin_connection(database: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def stamp_read(database: dict) -> dict | None:
    """The stamp of the database, or None when it is missing or has none."""
    with _admin_connection(database) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database["NAME"]],
        ).fetchone()
    if row is None or not row[0] or not row[0].startswith(STAMP_PREFIX):
        return None
    return json.loads(row[0].removeprefix(STAMP_PREFIX))


def _stamp_write(database: dict, stamp: dict) -> None:
    from psycopg import sql

    with _admin_connection(database) as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(database["NAME"]),
                sql.Literal(STAMP_PREFIX + json.dumps(stamp)),
            )
        )


def _database_recreate(database: dict) -> None:
    from psycopg import sql

    name = sql.Identifier(database["NAME"])
    with _admin_connection(database) as connection:
        # FORCE ends the sessions still open on it (a gunicorn left over by a killed run).
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def prepare(*, organizations: int, reseed: bool = False) -> dict:
    """Make the current database (settings) hold the seed of `organizations`, seeding it
    unless its stamp says it already does. Returns the stamp: fingerprint, when it was
    seeded and how long each step took."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    wanted = fingerprint(organizations)
    stamp = stamp_read(database)
    if stamp and stamp.get("fingerprint") == wanted and not reseed:
        call_command("migrate", "--noinput", verbosity=0)
        return stamp

    print(f"Seeding {database['NAME']}: {organizations} organizations", flush=True)
    connection.close()
    _database_recreate(database)
    steps = {}
    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    steps["migrate"] = time.monotonic() - started

    mark = time.monotonic()
    call_command(
        "seed_demo",
        "--force",
        "--orgs",
        str(organizations),
        "--seed",
        str(SEED),
        stdout=io.StringIO(),
    )
    steps["seed_demo"] = time.monotonic() - mark

    mark = time.monotonic()
    events_data.events_top_up(seed=SEED, organizations=organizations)
    surveys_data.surveys_top_up(seed=SEED)
    steps["bench_data"] = time.monotonic() - mark

    mark = time.monotonic()
    # Production tables are vacuumed and analysed; fresh ones have no statistics yet and
    # the planner would guess.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    steps["vacuum_analyze"] = time.monotonic() - mark

    stamp = {
        "fingerprint": wanted,
        "organizations": organizations,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "steps": {step: round(seconds, 1) for step, seconds in steps.items()},
    }
    _stamp_write(database, stamp)
    print(
        f"Seeded in {stamp['seconds']:.0f} s ("
        + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in stamp["steps"].items())
        + ")",
        flush=True,
    )
    return stamp
