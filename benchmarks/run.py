"""One database's benchmark (run by `python -m benchmarks` in a subprocess per database).

Corpus phase: synthetic documents go straight to the engine's `index()` (the same call the
page indexer makes), which measures the engine, not page rendering. Rebuild phase: real minutes
and method sheets (benchmarks/search_pages.py) are created and `search.indexing.reconcile()`
reads them back through BasePage.
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_core.settings.test")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_queries(run_search, queries, repeats):
    timings = []
    per_query = []
    for params in queries:  # warm-up
        run_search(dict(params))
    for params in queries:
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            outcome = run_search(dict(params))
            samples.append((time.perf_counter() - started) * 1000)
        timings += samples
        per_query.append(
            {
                "params": params,
                "total": outcome.response.total,
                # Set when the match was broad: ranked among that many recent pages, the total
                # and facet counts estimated (« environ »).
                "ranked_among": outcome.response.ranked_among,
                "corrected": outcome.corrected.display() if outcome.corrected else None,
                "median_ms": round(statistics.median(samples), 2),
            }
        )
    return {
        "p50_ms": round(percentile(timings, 0.50), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
        "samples": len(timings),
        "queries": per_query,
    }


def measure_rebuild(count):
    """Real minutes (participants, decisions, a PDF each) and method sheets (steps): the first
    indexing (every PDF parsed), then a full rebuild over the live index (nothing emptied, PDF
    text reused), then a consistency check with nothing to repair."""
    import tempfile

    from django.conf import settings

    from benchmarks.search_pages import create_real_pages
    from search import indexing
    from search.engines import get_engine

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="maillage-bench-media-")
    get_engine().clear()
    started = time.perf_counter()
    made = create_real_pages(count)
    created = time.perf_counter() - started
    figures = {"pages": made, "page_creation_seconds": round(created, 1)}
    for label, force in (("first_index", True), ("rebuild", True), ("repair_check", False)):
        started = time.perf_counter()
        report = indexing.reconcile(force=force)
        elapsed = time.perf_counter() - started
        figures[label] = {
            "checked": report.checked,
            "written": report.indexed,
            "seconds": round(elapsed, 2),
            "pages_per_second": round(report.checked / elapsed),
        }
        print(f"  {label}: {report.checked} real pages, {report.checked / elapsed:.0f} pages/s")
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--rebuild-pages", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from benchmarks.corpus import QUERIES, documents
    from search.engines import get_engine
    from search.service import run_search

    engine = get_engine()
    result = {"engine": engine.name, "vendor": connection.vendor, "corpora": []}
    for size in args.sizes:
        engine.clear()
        started = time.perf_counter()
        batch = []
        for doc in documents(size):
            batch.append(doc)
            if len(batch) == 1000:
                engine.index(batch)
                batch = []
        if batch:
            engine.index(batch)
        elapsed = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # What autovacuum does after a bulk load on a default server (it is off on this
            # machine's PostgreSQL): without it, the rows `engine.clear()` deleted from an earlier
            # run stay in the heap as dead tuples, and the visibility map is empty.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"  {engine.name}: {size} documents indexed in {elapsed:.1f} s", flush=True)
        latency = measure_queries(run_search, QUERIES, args.repeats)
        result["corpora"].append(
            {
                "pages": size,
                "index_seconds": round(elapsed, 2),
                "index_pages_per_second": round(size / elapsed),
                **latency,
            }
        )
        print(
            f"  {engine.name}: {size} pages, p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms",
            flush=True,
        )

    result["rebuild_from_pages"] = measure_rebuild(args.rebuild_pages)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
