"""`python -m benchmarks.page_cache`: anonymous pages with and without the page cache.

The demo site is built in a temporary SQLite database, then served by two gunicorns side by side
(2 sync workers each, production settings): one with the page cache (PAGE_CACHE on, the stamp in a
file as without Redis), one without (PAGE_CACHE=false). For each page, wrk runs against each
server in turn, `--rounds` times, interleaved (cached, uncached, cached, ...), so that the load
of a shared machine falls on both alike; the report gives the best and the median req/s of each
and their ratio. Writes benchmarks/results/page-cache-<date>.json.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.pages import PROBE, ROOT, environment, free_port, wrk

RESULTS = ROOT / "benchmarks" / "results"
TARGET_RPS = 1000
TARGET_RATIO = 20


def start(env, port):
    server = subprocess.Popen(  # noqa: S603 - our own project
        [sys.executable, "-m", "gunicorn", "site_core.wsgi:application", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def header(url, name):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers.get(name)


def summary(runs):
    rates = [run["req_per_s"] for run in runs]
    best = max(runs, key=lambda run: run["req_per_s"])
    return {
        "req_per_s_best": best["req_per_s"],
        "req_per_s_median": round(statistics.median(rates), 1),
        "p50_ms_of_best": best["p50_ms"],
        "p99_ms_of_best": best["p99_ms"],
        "runs": runs,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", nargs="*", default=["home", "resources", "group", "minutes"])
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is required (apt-get install wrk)")
    data_dir = Path(tempfile.mkdtemp(prefix="maillage-bench-cache-"))
    cached_port, uncached_port = free_port(), free_port()
    py = sys.executable
    dev = environment(data_dir, "site_core.settings.dev", cached_port)
    cached = environment(data_dir, "site_core.settings.production", cached_port)
    uncached = {**environment(data_dir, "site_core.settings.production", cached_port)}
    uncached["PAGE_CACHE"] = "false"
    run = {"cwd": ROOT, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([py, "manage.py", "migrate", "--no-input"], env=dev, **run)  # noqa: S603
    subprocess.run([py, "manage.py", "load_demo_content"], env=dev, **run)  # noqa: S603
    subprocess.run([py, "manage.py", "collectstatic", "--no-input"], env=cached, **run)  # noqa: S603
    probe = subprocess.run(  # noqa: S603
        [py, "-c", PROBE], env=uncached, cwd=ROOT, check=True, capture_output=True, text=True
    )
    urls = {name: value["url"] for name, value in json.loads(probe.stdout.splitlines()[-1]).items()}
    pages = {name: urls[name] for name in args.pages if name in urls}
    servers = [start(cached, cached_port), start(uncached, uncached_port)]
    report = {}
    try:
        for name, path in pages.items():
            on = f"http://127.0.0.1:{cached_port}{path}"
            off = f"http://127.0.0.1:{uncached_port}{path}"
            for _ in range(3):  # fill both workers' caches
                header(on, "X-Page-Cache")
            state = header(on, "X-Page-Cache")
            runs = {"cached": [], "uncached": []}
            for _ in range(args.rounds):
                runs["cached"].append(wrk(on, args.seconds))
                runs["uncached"].append(wrk(off, args.seconds))
            entry = {"url": path, "x_page_cache": state}
            entry["cached"] = summary(runs["cached"])
            entry["uncached"] = summary(runs["uncached"])
            entry["ratio_best"] = round(
                entry["cached"]["req_per_s_best"] / max(entry["uncached"]["req_per_s_best"], 0.1), 1
            )
            entry["ratio_median"] = round(
                entry["cached"]["req_per_s_median"]
                / max(entry["uncached"]["req_per_s_median"], 0.1),
                1,
            )
            report[name] = entry
            print(
                f"{name:<10} [{state}] cached {entry['cached']['req_per_s_best']:>8.1f} req/s "
                f"(p50 {entry['cached']['p50_ms_of_best']} ms, p99 "
                f"{entry['cached']['p99_ms_of_best']} ms)  uncached "
                f"{entry['uncached']['req_per_s_best']:>7.1f} req/s (p50 "
                f"{entry['uncached']['p50_ms_of_best']} ms)  x{entry['ratio_best']}",
                flush=True,
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(data_dir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M")
    result = {
        "date": stamp,
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "wrk": f"-t2 -c16 -d{args.seconds}s --timeout 10s, {args.rounds} interleaved rounds",
        "server": "gunicorn, 2 sync workers each, site_core.settings.production, SQLite; "
        "the cached and the uncached server run side by side on the same machine",
        "targets": {"cached_home_req_per_s": TARGET_RPS, "cached_over_uncached": TARGET_RATIO},
        "pages": report,
    }
    path = RESULTS / f"page-cache-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"-> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
