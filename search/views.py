"""/recherche/: results, facets, filters, sort, pagination, corrections; and autocomplete."""

import logging

from django.db import DatabaseError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query

from search.analysis import clean_query_string
from search.engines import SearchUnavailable, get_engine
from search.engines.base import FACET_KINDS
from search.service import run_search

logger = logging.getLogger("maillage.search")

FACET_TITLES = {
    "type": _("Type"),
    "group": _("Working group"),
    "theme": _("Theme"),
    "keyword": _("Keyword"),
    "year": _("Year"),
}
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Most recent")}


def record_hit(raw: str) -> None:
    """Count the search for Wagtail's search-terms report (Reports › Search terms)."""
    try:
        Query.get(raw).add_hit()
    except DatabaseError as exc:
        logger.warning("Search: hit not recorded: %s", exc)


def _url(params, **changes) -> str:
    params = params.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _facet_context(params, outcome):
    filters = outcome.request.filters
    facets, active = [], []
    for kind in FACET_KINDS:
        buckets = []
        label_of_active = None
        for bucket in outcome.response.facets.get(kind, []):
            is_active = filters.get(kind) == bucket.value
            if is_active:
                label_of_active = bucket.label
            buckets.append(
                {
                    "label": bucket.label,
                    "count": bucket.count,
                    "approximate": bucket.approximate,
                    "active": is_active,
                    "url": _url(params, **{kind: None if is_active else bucket.value}),
                }
            )
        if buckets and kind not in filters:
            facets.append({"kind": kind, "title": FACET_TITLES[kind], "buckets": buckets})
        if kind in filters:
            active.append(
                {
                    "title": FACET_TITLES[kind],
                    "label": label_of_active or filters[kind],
                    "url": _url(params, **{kind: None}),
                }
            )
    return facets, active


@require_GET
def search(request):
    params = request.GET.copy()
    for key in list(params):
        if key not in {"q", "sort", "page", "nofix", *FACET_KINDS}:
            params.pop(key)
    raw = clean_query_string(params.get("q", ""))
    context = {"query": raw, "search_url": request.path}
    try:
        outcome = run_search(params, correct=not params.get("nofix"))
    except SearchUnavailable as exc:
        logger.error("Search engine unavailable: %s", exc)
        context["unavailable"] = True
        return render(request, "search/search.html", context, status=503)
    page_obj = outcome.page_obj
    if outcome.response.total and outcome.request.page > page_obj.paginator.num_pages:
        # ?page=999 of 5 results: the last page, not « 5 résultats » over an empty list.
        return HttpResponseRedirect(request.path + _url(params, page=page_obj.paginator.num_pages))
    if raw and outcome.request.page == 1:
        record_hit(raw)
    facets, active = _facet_context(params, outcome)
    corrected_display = outcome.corrected.display() if outcome.corrected else ""
    context.update(
        {
            "outcome": outcome,
            "hits": outcome.response.hits,
            "total": outcome.response.total,
            "page_obj": page_obj,
            "facets": facets,
            "active_filters": active,
            "has_criteria": bool(raw or outcome.request.filters),
            "corrected": corrected_display,
            "original_url": _url(params, nofix="1") if corrected_display else "",
            "sort": outcome.request.sort,
            "sorts": [
                {
                    "value": value,
                    "label": label,
                    "url": _url(params, sort=None if value == "relevance" else value),
                    "active": outcome.request.sort == value,
                }
                for value, label in SORT_LABELS.items()
            ],
            "filters": outcome.request.filters,
            "promotions": outcome.promotions,
            "approximate": outcome.response.approximate,
            "estimated": outcome.response.ranked_among,
            "suggestion": outcome.suggestion.display() if outcome.suggestion else "",
            "suggestion_url": (
                _url(params, q=outcome.suggestion.display()) if outcome.suggestion else ""
            ),
        }
    )
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    text = clean_query_string(request.GET.get("q", ""))[:100]
    if len(text) < 2:
        return JsonResponse({"query": text, "results": []})
    try:
        results = get_engine().autocomplete(text)
    except SearchUnavailable as exc:
        logger.error("Search engine unavailable (autocomplete): %s", exc)
        return JsonResponse(
            {"query": text, "results": [], "error": str(_("Search is unavailable."))}, status=503
        )
    return JsonResponse({"query": text, "results": results})
