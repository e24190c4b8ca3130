"""Typo correction cost against the vocabulary's size: the trigram lookup (what the engine does)
against the scan of every word of similar length (what it did before), on a SQLite file.

`python -m benchmarks.search_corrections [--words 20000 100000]`; prints and writes
benchmarks/results/search-corrections-<date>.json."""

import argparse
import datetime
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

TYPED = ["assocation", "cooperatve", "gouvernnace", "benevolat", "solidarte", "permaculure"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, nargs="+", default=[20_000, 100_000])
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="maillage-bench-corr-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_core.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from search.analysis import fold, levenshtein, max_typos
    from search.documents import IndexDocument
    from search.engines import get_engine
    from search.models import SearchVocabulary

    engine = get_engine()
    rng = random.Random(9)
    letters = "abcdefghijlmnopqrstuvy"
    results = []
    made = 0
    base = ["association", "cooperative", "gouvernance", "benevolat", "solidarite", "permaculture"]
    for target in sorted(args.words):
        docs = []
        while SearchVocabulary.objects.count() + len(docs) * 40 < target:
            words = [
                "".join(rng.choice(letters) for _ in range(rng.randint(6, 12))) for _ in range(40)
            ]
            docs.append(
                IndexDocument(
                    page_id=1_000_000 + made,
                    title=words[0],
                    url=f"/p/{made}/",
                    content_type="site_core.standardpage",
                    type_label="Page",
                    body=" ".join(words + base),
                )
            )
            made += 1
            if len(docs) == 500:
                engine.index(docs)
                docs = []
        engine.index(docs)
        size = SearchVocabulary.objects.count()

        def scan(folded, limit):
            rows = SearchVocabulary.objects.filter(
                length__gte=len(folded) - limit, length__lte=len(folded) + limit
            ).values_list("word", "frequency")
            return min(
                ((levenshtein(folded, w, limit), -f, w) for w, f in rows),
                default=None,
            )

        def trigram(folded, limit):
            rows = engine._gram_candidates(folded, limit)
            return min(((levenshtein(folded, w, limit), -f, w) for w, _, f in rows), default=None)

        figures = {"vocabulary": size}
        for name, function in (("scan", scan), ("trigram", trigram)):
            samples = []
            for _ in range(3):
                for typed in TYPED:
                    folded = fold(typed)
                    started = time.perf_counter()
                    best = function(folded, max_typos(folded))
                    samples.append((time.perf_counter() - started) * 1000)
                    assert best and best[0] <= max_typos(folded), (name, typed, best)
            figures[name] = {
                "median_ms": round(statistics.median(samples), 2),
                "max_ms": round(max(samples), 2),
            }
        print(figures, flush=True)
        results.append(figures)
    out = Path(__file__).resolve().parent / "results"
    stamp = datetime.date.today().isoformat()
    report = {"date": stamp, "load_average": os.getloadavg(), "results": results}
    (out / f"search-corrections-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
