"""Cross-type listings of pages, through `BasePage` only (site_core imports no feature app)."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q
from wagtail.models import Page, get_page_models

from site_core.models import BasePage, Keyword, KeywordItemBase
from site_core.query import restricted_q


def base_page_models() -> list[type[BasePage]]:
    return [model for model in get_page_models() if issubclass(model, BasePage)]


def listable_page_models() -> list[type[BasePage]]:
    return [model for model in base_page_models() if model.listable]


def keyword_through_models() -> list[type[KeywordItemBase]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, KeywordItemBase) and not model._meta.abstract
    ]


def home_page_models() -> list[type[BasePage]]:
    return [model for model in listable_page_models() if model.show_on_home]


def public_pages():
    """Live pages that anonymous readers may see (no view restriction on them or above), as a
    NOT EXISTS subquery rather than Wagtail's extra query per listing (site_core/query.py)."""
    return Page.objects.live().exclude(restricted_q())


def listable_pages():
    return (
        public_pages().type(*listable_page_models())
        if listable_page_models()
        else Page.objects.none()
    )


def pages_with_keyword(keyword):
    """Every live public page of any type that carries `keyword`, in one query."""
    conditions = [
        Q(pk__in=through.objects.filter(tag=keyword).values("content_object_id"))
        for through in keyword_through_models()
    ]
    if not conditions:
        return Page.objects.none()
    return public_pages().filter(reduce(or_, conditions))


def keywords_of(pages):
    """Keywords that at least one of `pages` carries, in one query."""
    conditions = [
        Q(pk__in=through.objects.filter(content_object_id__in=pages.values("pk")).values("tag_id"))
        for through in keyword_through_models()
    ]
    if not conditions:
        return Keyword.objects.none()
    return Keyword.objects.filter(reduce(or_, conditions))


def pages_with_theme(theme):
    """Every live public page of any type that carries `theme`, in one query."""
    conditions = [
        Q(pk__in=model.objects.filter(themes=theme).values("pk")) for model in base_page_models()
    ]
    if not conditions:
        return Page.objects.none()
    return public_pages().filter(reduce(or_, conditions))


def newest_pages(count: int, exclude_ids=()):
    """The `count` newest live public pages of any listable type, as specific pages."""
    models = home_page_models()
    if not models:
        return []
    return list(
        public_pages()
        .type(*models)
        .exclude(pk__in=list(exclude_ids))
        .order_by("-first_published_at", "-pk")
        .specific()[:count]
    )


def newest_pages_by_type(count: int):
    """[(model, [pages])] for each listable type that has live public pages, newest first."""
    sections = []
    for model in home_page_models():
        pages = list(
            public_pages().type(model).order_by("-first_published_at", "-pk").specific()[:count]
        )
        if pages:
            sections.append((model, pages))
    return sections


def related_pages(page, limit: int = 4):
    """Other live public pages sharing themes and keywords with `page`, best matches first.

    Score = shared themes + shared keywords. A fixed number of queries whatever the data: one
    UNION ALL over every type's theme and keyword tables, one for the candidates, one `specific()`
    query per type among the results.
    """
    # `.all()` rather than values_list("pk"): a previewed revision's themes are a modelcluster
    # FakeQuerySet, which knows field names only ("pk" raises FieldDoesNotExist).
    theme_ids = [theme.pk for theme in page.themes.all()] if hasattr(page, "themes") else []
    keyword_ids = (
        [keyword.pk for keyword in page.get_keywords()] if hasattr(page, "get_keywords") else []
    )
    selects = []
    if theme_ids:
        selects += [
            model.objects.filter(themes__in=theme_ids).values_list("pk", flat=True).order_by()
            for model in base_page_models()
        ]
    if keyword_ids:
        selects += [
            through.objects.filter(tag_id__in=keyword_ids)
            .values_list("content_object_id", flat=True)
            .order_by()
            for through in keyword_through_models()
        ]
    if not selects:
        return []
    first, *rest = selects
    scores: dict[int, int] = {}
    for pk in first.union(*rest, all=True):
        if pk != page.pk:
            scores[pk] = scores.get(pk, 0) + 1
    if not scores:
        return []
    candidates = list(
        listable_pages().filter(pk__in=list(scores)).values_list("pk", "first_published_at")
    )
    candidates.sort(key=lambda row: (-scores[row[0]], -(row[1].timestamp() if row[1] else 0)))
    chosen = [pk for pk, _ in candidates[:limit]]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=chosen).specific()}
    return [pages[pk] for pk in chosen if pk in pages]


def french_sort_key(text: str):
    """Sort the way a French index does: accents and case ignored first (« évaluation » among
    the E, « SCOP » among the S), then accented after plain, then lower case first."""
    import unicodedata

    text = str(text)
    folded = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
        if not unicodedata.combining(char)
    ).casefold()
    return (folded, unicodedata.normalize("NFKD", text).casefold(), text.swapcase())


def taxonomy_counts():
    """({theme id: pages}, {keyword id: pages}) over live public pages: a fixed number of
    queries (one per page type for themes, one per keyword table)."""
    from collections import Counter

    visible = public_pages().values("pk")
    themes: Counter = Counter()
    for model in base_page_models():
        if hasattr(model, "themes") and not model._meta.abstract:
            themes.update(
                pk
                for pk in model.objects.filter(pk__in=visible)
                .values_list("themes", flat=True)
                .distinct()
                if pk
            )
    keywords: Counter = Counter()
    for through in keyword_through_models():
        keywords.update(
            tag_id
            for tag_id, _page in through.objects.filter(content_object_id__in=visible)
            .values_list("tag_id", "content_object_id")
            .distinct()
        )
    return themes, keywords
