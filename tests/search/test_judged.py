"""Our judged set (tests/search/judged.py) on every available engine: hit@5 and MRR@10."""

import sys

import pytest

from search.service import run_search
from tests.search.judged import DOCUMENTS, NONSENSE, QUERIES

HIT_AT_5 = 0.95
MRR = 0.90


def ranked_ids(query: str) -> list[int]:
    """Every page shown for `query` on the first page, exact matches then approximate ones."""
    outcome = run_search({"q": query})
    hits = list(outcome.response.hits) + list(getattr(outcome.response, "approximate", []))
    return [hit.page_id for hit in hits]


def evaluate(pages) -> dict:
    reciprocal, found, misses, by_kind = [], 0, [], {}
    for kind, query, key in QUERIES:
        ranked = ranked_ids(query)[:10]
        target = pages[key].pk
        rank = ranked.index(target) + 1 if target in ranked else None
        reciprocal.append(1 / rank if rank else 0.0)
        good = rank is not None and rank <= 5
        found += good
        ok, total = by_kind.get(kind, (0, 0))
        by_kind[kind] = (ok + good, total + 1)
        if not good:
            misses.append((query, rank))
    return {
        "hit@5": found / len(QUERIES),
        "mrr": sum(reciprocal) / len(QUERIES),
        "by_kind": by_kind,
        "misses": misses,
        "nonsense": {query: ranked_ids(query) for query in NONSENSE},
    }


@pytest.mark.django_db
def test_judged_set(engine, make_page):
    pages = {key: make_page(title, body) for key, (title, body) in DOCUMENTS.items()}
    result = evaluate(pages)
    kinds = " ".join(f"{kind} {ok}/{total}" for kind, (ok, total) in result["by_kind"].items())
    sys.stdout.write(
        f"\n{engine.name}: hit@5 {result['hit@5']:.3f} MRR {result['mrr']:.3f}\n{kinds}\n"
        f"misses: {result['misses']}\n"
    )
    assert len(QUERIES) >= 40
    assert result["hit@5"] >= HIT_AT_5, result["misses"]
    assert result["mrr"] >= MRR, result["misses"]
    assert result["by_kind"]["typo"][0] == result["by_kind"]["typo"][1]
    assert not any(result["nonsense"].values()), result["nonsense"]
