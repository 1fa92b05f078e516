"""`make bench`: how many requests a second every page serves, how fast, and whether that
holds as the cluster grows.

Not a test. For each size (1,000, 10,000 and 100,000 organizations by default) it runs
tests/bench/measure.py in a process of its own, on that size's database (the
BENCH_DATABASE_URL's name with a suffix: cluster_portal_bench_1k, _10k, _100k), seeded once
and reused while the seed code is unchanged. Each page is loaded with wrk against gunicorn
and read against a trivial view measured in the same run (robots.txt, the framework's
ceiling on this machine). Then it prints the page table of each size, the growth table (each
page's p50 and p99 side by side), and the mixed load (run on the largest size). Figures are
saved as JSON in bench-results/.

Pages are listed in tests/bench/pages.py. `make bench BENCH_ARGS="--help"` for the options.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

from tests.bench import reports_build
from tests.bench.seeding import size_label

BASE_DIR = Path(__file__).resolve().parents[2]
RESULTS_DIR = BASE_DIR / "bench-results"
SIZES = [1_000, 10_000, 100_000]
# The aims each row is judged against.
ANONYMOUS_SHARE_AIM = 50  # % of the ceiling's requests/s, 16 connections
ANONYMOUS_P99_AIM_MS = 50
SIGNED_IN_SHARE_AIM = 10  # % of the ceiling, 16 connections
SIGNED_IN_P95_AIM_MS = 50  # one connection
GROWTH_AIM = 2  # p50 at the largest size over p50 at the smallest


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="Organizations of each database, comma-separated: --sizes 10000 for one size.",
    )
    parser.add_argument(
        "--only",
        default="",
        help="Only the pages whose name contains this text, or one of these comma-separated texts "
        "(and the ceiling).",
    )
    parser.add_argument("--duration", type=int, default=3, help="Seconds measured per page.")
    parser.add_argument(
        "--latency-duration",
        type=int,
        default=2,
        help="Seconds of the one-connection run of each signed-in page.",
    )
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of warm-up per page.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--mixed-duration",
        type=int,
        default=60,
        help="Seconds of the mixed load on the largest size; 0 skips it.",
    )
    parser.add_argument("--mixed-connections", type=int, default=64)
    parser.add_argument(
        "--no-report-build", action="store_true", help="Skip the annual report's build."
    )
    parser.add_argument(
        "--reseed", action="store_true", help="Seed again even if the data is current."
    )
    parser.add_argument(
        "--show", type=Path, help="Print the tables of a saved run (bench-results/…) and stop."
    )
    args = parser.parse_args()
    if args.show:
        runs = json.loads(args.show.read_text())["runs"]
        for run in runs:
            _print_pages(run)
        _print_growth(runs)
        _print_mixed(runs)
        return 0
    sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: positive numbers of organizations, e.g. 1000,10000")

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs a PostgreSQL DATABASE_URL (see Makefile).")
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for size in sizes:
            label = size_label(size)
            print(f"\n== {size:,} organizations ({label}) ==", flush=True)
            output = Path(scratch) / f"{label}.json"
            command = [
                sys.executable,
                "-m",
                "tests.bench.measure",
                f"--organizations={size}",
                f"--output={output}",
                f"--only={args.only}",
                f"--duration={args.duration}",
                f"--latency-duration={args.latency_duration}",
                f"--warmup={args.warmup}",
                f"--connections={args.connections}",
                f"--wrk-threads={args.wrk_threads}",
                f"--port={args.port}",
                f"--mixed-duration={args.mixed_duration}",
                f"--mixed-connections={args.mixed_connections}",
            ]
            if size == sizes[-1] and args.mixed_duration > 0:
                command.append("--mixed")
            if not args.no_report_build and (
                not args.only
                or any(part.strip() in reports_build.NAME for part in args.only.split(","))
            ):
                command.append("--report-build")
            if args.reseed:
                command.append("--reseed")
            env = {
                **os.environ,
                "DATABASE_URL": _database_url(base_url, label),
                # Each size its own cache keys: a page cached at one size is not another's.
                "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', 'bench')}-{label}",
            }
            subprocess.run(command, cwd=BASE_DIR, env=env, check=True)
            run = json.loads(output.read_text())
            runs.append(run)
            _print_pages(run)

    _print_growth(runs)
    failed = _print_mixed(runs)
    failed = any(result["errors"] for run in runs for result in run["results"]) or failed
    failed = failed or any(run["broken"] for run in runs)
    _save(runs, args)
    return 1 if failed else 0


def _database_url(base_url: str, label: str) -> str:
    """The base URL with the size's suffix on the database name."""
    parts = urllib.parse.urlsplit(base_url)
    name = parts.path.lstrip("/")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}_{label}"))


def _ceiling(run: dict) -> float:
    return run["results"][0]["rps"] if run["results"] else 0.0


def verdict(result: dict, ceiling: float) -> tuple[float, bool]:
    """(share of the ceiling in %, whether the row meets its aims)."""
    share = 100 * result["rps"] / ceiling if ceiling else 0.0
    if result["persona"] == "anonymous":
        ok = share >= ANONYMOUS_SHARE_AIM and result["p99_ms"] < ANONYMOUS_P99_AIM_MS
    else:
        ok = share >= SIGNED_IN_SHARE_AIM and result["alone"]["p95_ms"] < SIGNED_IN_P95_AIM_MS
    return share, ok and not result["errors"]


def _print_pages(run: dict) -> None:
    seed = run["seed"]
    print(
        f"\n{run['organizations']:,} organizations, database {run['database']}, seeded in "
        f"{seed['seconds']:.0f} s on {seed['seeded_at']}\n"
        f"16 connections: req/s, p50, p99, % of the ceiling. Signed-in pages also alone "
        f"(1 connection): p95. Aims: visitors >= {ANONYMOUS_SHARE_AIM} % and p99 < "
        f"{ANONYMOUS_P99_AIM_MS} ms; signed in >= {SIGNED_IN_SHARE_AIM} % and alone p95 < "
        f"{SIGNED_IN_P95_AIM_MS} ms.\n"
    )
    header = (
        f"{'page':<26} {'who':<6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'% ceil':>7} "
        f"{'1c p95':>7} {'queries':>7}  aims"
    )
    print(header)
    print("-" * len(header))
    ceiling = _ceiling(run)
    for index, result in enumerate(run["results"]):
        share, ok = verdict(result, ceiling)
        alone = f"{result['alone']['p95_ms']:>7.1f}" if "alone" in result else f"{'':>7}"
        aims = "" if index == 0 else ("pass" if ok else "FAIL")
        errors = f"  {result['errors']} errors!" if result["errors"] else ""
        print(
            f"{result['page'][:26]:<26} {result['persona'][:6]:<6} {result['rps']:>7.0f} "
            f"{_latency(result, 'p50_ms')} {_latency(result, 'p99_ms')} {share:>6.0f}% {alone} "
            f"{result['queries']:>7}  {aims}{errors}"
        )
    passed = sum(verdict(result, ceiling)[1] for result in run["results"][1:])
    print(f"\n{passed} of {len(run['results']) - 1} pages meet their aims.")
    for problem in run["broken"]:
        print(f"Not measured: {problem}")
    if run["report_build"]:
        build = run["report_build"]
        print(
            f"Annual report build: {build['build_seconds']:.1f} s (snapshot "
            f"{build['snapshot_seconds']:.2f} s in {build['snapshot_queries']} queries)"
        )


def _latency(result: dict, key: str) -> str:
    # No request answered within the run: wrk has no latency to give, only a floor.
    if not result["requests"]:
        duration = result.get("duration_s")
        return f"{'>' + str(round(duration * 1000)) if duration else '-':>7}"
    return f"{result[key]:>7.1f}"


def _print_growth(runs: list[dict]) -> None:
    if len(runs) < 2:
        return
    labels = [size_label(run["organizations"]) for run in runs]
    by_size = [{result["page"]: result for result in run["results"]} for run in runs]
    names = [result["page"] for result in runs[-1]["results"]]
    print(
        f"\nGrowth: p50 / p99 in ms at each size (16 connections); x = p50 at {labels[-1]} "
        f"over p50 at {labels[0]}, aim < {GROWTH_AIM}.\n"
    )
    header = f"{'page':<26} " + " ".join(f"{label:>13}" for label in labels) + f" {'x':>6}"
    print(header)
    print("-" * len(header))
    for name in names:
        cells = []
        for results in by_size:
            result = results.get(name)
            if not result or not result["requests"]:
                cells.append(f"{'-':>13}")
            else:
                cells.append(f"{result['p50_ms']:>6.1f}/{result['p99_ms']:<6.1f}")
        first, last = by_size[0].get(name), by_size[-1].get(name)
        if first and last and first["requests"] and last["requests"] and first["p50_ms"]:
            ratio = last["p50_ms"] / first["p50_ms"]
            verdict = f"{ratio:>6.1f}" + ("" if ratio < GROWTH_AIM else " !")
        else:
            verdict = f"{'?':>6}"
        print(f"{name[:26]:<26} " + " ".join(cells) + f" {verdict}")


def _print_mixed(runs: list[dict]) -> bool:
    """Print the mixed load's line; True when it had errors."""
    mixed = next((run["mixed"] for run in reversed(runs) if run["mixed"]), None)
    if mixed is None:
        return False
    run = next(run for run in runs if run["mixed"] is mixed)
    pages = mixed["pages"]
    print(
        f"\nMixed load, {run['organizations']:,} organizations: {mixed['connections']} "
        f"clients for {mixed['duration']} s over {pages['anonymous']} public, "
        f"{pages['member']} member-space and {pages['staff']} staff pages (70/20/10 % of "
        f"requests): {mixed['requests']} requests ({mixed['rps']:.0f}/s), "
        f"{mixed['errors']} errors, p50 {mixed['p50_ms']:.1f} ms, p99 {mixed['p99_ms']:.1f} ms"
    )
    return bool(mixed["errors"])


def _save(runs: list[dict], args) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"bench-{stamp}.json"
    path.write_text(json.dumps({"options": vars(args), "runs": runs}, indent=2))
    print(f"\nSaved to {path.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    sys.exit(main())
