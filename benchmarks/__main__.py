"""`make bench` (`python -m benchmarks`): the search engines on 10 000 and 100 000 pages.

Each database runs in its own process (settings are read once per process): SQLite in a
temporary file, PostgreSQL in its own database `maillage_bench` (BENCH_POSTGRES_URL,
default postgres://postgres@127.0.0.1:5432/maillage_bench), skipped when unreachable.
Prints a table and writes benchmarks/results/search-<date>.json and search-latest.json.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TARGET_P95_MS = 50
TARGET_REBUILD_RATE = 500


def postgres_url():
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench")


def reset_postgres(url):
    import psycopg

    base, name = url.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL unreachable ({exc}); skipped.")
        return False
    return True


def run_one(label, database_url, args):
    out = Path(tempfile.mkstemp(prefix=f"bench-{label}-", suffix=".json")[1])
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SEARCH_URL": "",
        "DJANGO_SETTINGS_MODULE": "site_core.settings.test",
    }
    command = [sys.executable, "-m", "benchmarks.run", "--out", str(out)]
    command += ["--sizes", *map(str, args.sizes), "--rebuild-pages", str(args.rebuild_pages)]
    command += ["--repeats", str(args.repeats)]
    print(f"== {label}", flush=True)
    subprocess.run(command, env=env, check=True, cwd=HERE.parent)  # noqa: S603 - our own module
    return json.loads(out.read_text())


def table(results):
    lines = [
        f"{'engine':<11} {'pages':>8} {'index p/s':>10} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p95 <= 50':>10}",
    ]
    for result in results:
        for corpus in result["corpora"]:
            ok = "yes" if corpus["p95_ms"] <= TARGET_P95_MS else "NO"
            lines.append(
                f"{result['engine']:<11} {corpus['pages']:>8} {corpus['index_pages_per_second']:>10} "
                f"{corpus['p50_ms']:>8} {corpus['p95_ms']:>8} {ok:>10}"
            )
    lines.append("")
    lines.append(
        f"{'engine':<11} {'real pages':>10} {'first p/s':>10} {'rebuild p/s':>12} {'>= 500':>8} "
        f"{'check p/s':>10}"
    )
    for result in results:
        rebuild = result["rebuild_from_pages"]
        rate = rebuild["rebuild"]["pages_per_second"]
        ok = "yes" if rate >= TARGET_REBUILD_RATE else "NO"
        lines.append(
            f"{result['engine']:<11} {rebuild['rebuild']['checked']:>10} "
            f"{rebuild['first_index']['pages_per_second']:>10} {rate:>12} {ok:>8} "
            f"{rebuild['repair_check']['pages_per_second']:>10}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 100_000], help="none: rebuild only"
    )
    parser.add_argument("--rebuild-pages", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()

    results = []
    if "sqlite" in args.engines:
        with tempfile.TemporaryDirectory(prefix="maillage-bench-") as folder:
            results.append(run_one("sqlite", f"sqlite:///{folder}/bench.sqlite3", args))
    if "postgresql" in args.engines and reset_postgres(postgres_url()):
        results.append(run_one("postgresql", postgres_url(), args))

    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": [round(value, 2) for value in os.getloadavg()],
        },
        "targets": {"p95_ms_at_100000": TARGET_P95_MS, "rebuild_pages_per_second": 500},
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.date.today().isoformat()
    names = [f"search-{stamp}.json", "search-latest.json"]
    if not args.sizes:  # the rebuild alone: the latency figures of search-latest.json stay
        names = [f"search-rebuild-{stamp}.json"]
    for name in names:
        (RESULTS / name).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(results))
    print(f"\nWritten to {RESULTS / names[0]}")


if __name__ == "__main__":
    main()
