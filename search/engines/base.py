"""The interface every search engine implements, and what a search returns."""

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from search.analysis import ParsedQuery

FACET_KINDS = ("type", "group", "theme", "keyword", "year")
SORTS = ("relevance", "date")


class SearchUnavailable(Exception):
    """The engine cannot answer (server down, index missing): the view answers 503."""


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # {folded word or phrase: [alternative term sequences]} from the editors' synonym sets.
    synonyms: dict = field(default_factory=dict)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    page_id: int
    title: str
    url: str
    type_label: str
    date: datetime.date | None
    group_title: str = ""
    excerpt: str = ""  # safe HTML: escaped text with <mark> around the hits
    source_label: str = ""  # where the excerpt comes from when not the page itself
    source_url: str = ""


@dataclass
class FacetBucket:
    kind: str
    value: str
    label: str
    count: int
    approximate: bool = False  # scaled from the most recent pages of a broad match


@dataclass
class SearchResponse:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetBucket]]
    # Pages matching most, not all, of the words (« Résultats approchants »), first page only.
    approximate: list[Hit] = field(default_factory=list)
    # For a broad match: hits were ranked among this many most recent matching pages, and the
    # facet counts are estimates; None when everything is exact.
    ranked_among: int | None = None


class SearchEngine(ABC):
    """Index documents (`search.documents.IndexDocument`) and answer `SearchRequest`s."""

    name = "base"

    @abstractmethod
    def index(self, documents) -> None:
        """Add or replace these documents."""

    @abstractmethod
    def remove(self, page_ids) -> None:
        """Remove the entries of these pages."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every entry."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResponse:
        """Ranked hits, facet counts and the total for a request."""

    @abstractmethod
    def corrections(self, words: list[str]) -> dict[str, str]:
        """{typed word: closest indexed word} for the words that match nothing."""

    @abstractmethod
    def autocomplete(self, text: str, limit: int = 8) -> list[dict]:
        """Titles completing `text`, for the search box."""

    @abstractmethod
    def count(self) -> int:
        """How many pages are indexed."""

    @abstractmethod
    def fingerprints(self) -> dict[int, str]:
        """{page id: checksum of its stored document} for every indexed page; an entry whose
        full-text part is missing has the checksum "" (so the consistency check rewrites it)."""


def sort_buckets(kind: str, buckets: list[FacetBucket]) -> list[FacetBucket]:
    if kind == "year":
        return sorted(buckets, key=lambda b: b.value, reverse=True)
    return sorted(buckets, key=lambda b: (-b.count, b.label.lower()))
