"""One search as the results page needs it: the query, typo correction, editors' picks."""

from dataclasses import dataclass, field, replace

from django.core.paginator import Paginator
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from search.analysis import (
    ParsedQuery,
    fold,
    is_light,
    levenshtein,
    looks_like_acronym,
    parse_query,
)
from search.engines import SearchRequest, SearchResponse, get_engine
from search.engines.base import FACET_KINDS, SORTS
from search.synonyms import synonym_map
from site_core.params import get_page_number, get_text, parse_int

PER_PAGE = 10
MAX_PAGE = 1000


@dataclass
class SearchOutcome:
    query: ParsedQuery
    response: SearchResponse
    request: SearchRequest
    corrected: ParsedQuery | None = None
    suggestion: ParsedQuery | None = None  # a correction offered, not applied
    promotions: list = field(default_factory=list)

    @property
    def page_obj(self):
        """A paginator page over the total, for the shared pagination component."""
        browsable = self.response.total
        if self.response.ranked_among is not None:  # a broad match: its most recent pages
            browsable = min(browsable, self.response.ranked_among)
        paginator = Paginator(range(browsable), self.request.per_page)
        return paginator.get_page(self.request.page)


def clean_filters(params) -> dict[str, str]:
    """The facet filters of a request; unreadable values (NUL, « ² » as a year…) are dropped."""
    filters = {}
    for kind in FACET_KINDS:
        if kind == "year":
            year = parse_int(params.get(kind), minimum=1, maximum=9999)
            if year is not None:
                filters[kind] = str(year)
            continue
        value = get_text(params, kind, max_length=255)
        if value:
            filters[kind] = value
    return filters


def clean_page(value) -> int:
    return min(get_page_number({"page": value}), MAX_PAGE)


def build_request(params) -> SearchRequest:
    sort = get_text(params, "sort", "relevance", max_length=20)
    return SearchRequest(
        query=parse_query(params.get("q", "")),
        filters=clean_filters(params),
        sort=sort if sort in SORTS else "relevance",
        page=clean_page(params.get("page", 1)),
        per_page=PER_PAGE,
    )


def promotions_for(query: ParsedQuery) -> list:
    if not query.raw:
        return []
    normalised = normalise_query_string(query.raw)
    found = Query.objects.filter(query_string=normalised).first()
    if found is None:
        return []
    return [
        pick
        for pick in found.editors_picks.select_related("page").order_by("sort_order")
        if pick.page is None or (pick.page.live and not pick.page.get_view_restrictions())
    ]


def correctable_words(query: ParsedQuery) -> list[str]:
    """Words a typo correction may replace: not acronyms (« SIAE », « FNARS »), not light words,
    not compounds."""
    return [
        word
        for word in query.all_words
        if "-" not in word and not looks_like_acronym(word) and not is_light(word)
    ]


def run_search(params, *, correct: bool = True) -> SearchOutcome:
    """Run a search from GET parameters (`nofix=1` asks for the original spelling).

    Pages matching every word come first; when they are few, the engine adds pages matching most
    words (`response.approximate`). A typo correction is tried only when no page matches every
    word. It replaces the results when it finds pages matching all the corrected words and the
    words as typed found nothing at all, or found only approximate pages while every corrected
    word is one edit away; otherwise the original results stay and the correction is suggested.
    """
    engine = get_engine()
    request = build_request(params)
    has_criteria = not request.query.is_empty or bool(request.filters)
    if not has_criteria:
        empty = SearchResponse(hits=[], total=0, facets={kind: [] for kind in FACET_KINDS})
        return SearchOutcome(query=request.query, response=empty, request=request)
    request.synonyms = synonym_map()
    response = engine.search(request)
    outcome = SearchOutcome(query=request.query, response=response, request=request)
    if response.total == 0 and correct and not request.query.is_empty:
        replacements = engine.corrections(correctable_words(request.query))
        if replacements:
            corrected = request.query.replace_words(replacements)
            corrected_request = replace(request, query=corrected)
            corrected_response = engine.search(corrected_request)
            close = all(
                levenshtein(fold(typed), fold(fixed), 1) <= 1
                for typed, fixed in replacements.items()
            )
            if corrected_response.total and (not response.approximate or close):
                outcome = SearchOutcome(
                    query=request.query,
                    response=corrected_response,
                    request=corrected_request,
                    corrected=corrected,
                )
            elif corrected_response.total:
                outcome.suggestion = corrected
    if request.page == 1 and not request.filters:
        outcome.promotions = promotions_for(request.query)
    return outcome
