"""Editors' synonym sets (the `SynonymSet` snippet) turned into query alternatives.

Every engine expands a query the same way (search.analysis.build_plan): a word or expression of
a set also matches every other member of the set, each as a phrase of its analysed words.
"""

import contextlib

from django.core.cache import cache
from django.db import DatabaseError

from search.analysis import OPERATORS, analyse_word, fold, plain_words, word_terms


def member_key_and_terms(member: str) -> tuple[str, tuple[str, ...]]:
    """(the folded words a query must contain, the index terms of the member in a row)."""
    meaningful = [word for word in plain_words(member) if word not in OPERATORS]
    meaningful = [word for word in meaningful if analyse_word(word)]
    key = " ".join(fold(word) for word in meaningful)
    terms = tuple(word_terms(word)[0] for word in meaningful)
    return key, terms


def expansions(sets: list[list[str]]) -> dict[str, list[tuple[str, ...]]]:
    """{folded key: [term sequences of the other members]} for these sets of members."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for members in sets:
        analysed = [member_key_and_terms(member) for member in members]
        analysed = [(key, terms) for key, terms in analysed if key and terms]
        for key, _ in analysed:
            others = [terms for other, terms in analysed if other != key]
            found.setdefault(key, [])
            found[key] += [terms for terms in others if terms not in found[key]]
    return found


CACHE_KEY = "search:synonym-sets"


def synonym_map() -> dict[str, list[tuple[str, ...]]]:
    """The expansions of the current sets, kept in the cache until a set changes."""
    from search.models import SynonymSet

    try:
        found = cache.get(CACHE_KEY)
    except Exception:  # the cache being down must not stop search  # noqa: BLE001
        found = None
    if found is not None:
        return found
    try:
        sets = [synonym_set.members() for synonym_set in SynonymSet.objects.all()[:2000]]
    except DatabaseError:
        return {}
    found = expansions(sets)
    with contextlib.suppress(Exception):  # the cache being down must not stop search
        cache.set(CACHE_KEY, found, 3600)
    return found


def forget() -> None:
    with contextlib.suppress(Exception):
        cache.delete(CACHE_KEY)
