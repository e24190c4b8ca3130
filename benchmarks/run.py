"""One database's benchmark (run by `python -m benchmarks` in a subprocess per database).

Corpus phase: synthetic documents go straight to the engine's `index()` (the same call the
page indexer makes), which measures the engine, not page rendering. Rebuild phase: real
StandardPages are created and `search.indexing.rebuild()` reads them back through BasePage.
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


def create_pages(count):
    from django.utils import timezone
    from wagtail.models import Page

    from site_core.models import HomePage, StandardPage
    from tests.utils import ensure_site_tree

    home = HomePage.objects.first() or ensure_site_tree()
    parent = Page.objects.filter(slug="banc-d-essai").first()
    if parent is None:
        parent = home.add_child(instance=StandardPage(title="Banc d'essai", slug="banc-d-essai"))
    parent = parent.specific
    from benchmarks.corpus import documents

    now = timezone.now()
    for doc in documents(count, seed=7):
        page = StandardPage(
            title=doc.title,
            slug=f"page-{doc.page_id}",
            summary=doc.summary,
            body=[("paragraph", f"<p>{doc.body}</p>")],
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        parent.add_child(instance=page)
        if doc.keywords:
            page.keywords.add(*[name for _, name in doc.keywords])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
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
    from search import indexing
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
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
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

    engine.clear()
    started = time.perf_counter()
    create_pages(args.rebuild_pages)
    created = time.perf_counter() - started
    started = time.perf_counter()
    indexed = indexing.rebuild()
    elapsed = time.perf_counter() - started
    result["rebuild_from_pages"] = {
        "pages": indexed,
        "seconds": round(elapsed, 2),
        "pages_per_second": round(indexed / elapsed),
        "page_creation_seconds": round(created, 1),
    }
    print(f"  {engine.name}: rebuild of {indexed} real pages: {indexed / elapsed:.0f} pages/s")
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
