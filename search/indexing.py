"""Keeping the index current: which pages belong in it, and (re)indexing them after commit."""

import logging
from collections.abc import Iterable

from django.db import transaction
from wagtail.models import Page

from search.documents import build_document
from search.engines import SearchUnavailable, get_engine

logger = logging.getLogger("maillage.search")


def indexable_pages():
    """Live pages of a listable type that anonymous readers may see (ancestors' privacy too)."""
    from site_core.listing import listable_pages

    return listable_pages()


def _group_resolver():
    """A function page -> (slug, title) of its working group, from one query for all groups."""
    from site_core.listing import base_page_models

    group_models = [model for model in base_page_models() if model.is_group_page]
    groups = (
        list(Page.objects.type(*group_models).values_list("path", "slug", "title"))
        if group_models
        else []
    )
    groups.sort(key=lambda row: -len(row[0]))

    def resolve(page):
        for path, slug, title in groups:
            if page.path.startswith(path):
                return slug, title
        return "", ""

    return resolve


def documents_for(pages: Iterable[Page]):
    resolve = _group_resolver()
    for page in pages:
        try:
            yield build_document(page, group=resolve(page))
        except Exception:  # one broken page must not stop the others from being indexed
            logger.exception("Search: page %s could not be indexed", page.pk)


def update_pages(page_ids: Iterable[int]) -> None:
    """Index the eligible pages among `page_ids`, remove the others. Never raises."""
    page_ids = {int(pk) for pk in page_ids}
    if not page_ids:
        return
    try:
        engine = get_engine()
        pages = list(indexable_pages().filter(pk__in=page_ids).specific())
        engine.remove(page_ids - {page.pk for page in pages})
        engine.index(documents_for(pages))
    except SearchUnavailable as exc:
        logger.error("Search index not updated for pages %s: %s", sorted(page_ids), exc)
    except Exception:
        logger.exception("Search index not updated for pages %s", sorted(page_ids))


def remove_pages(page_ids: Iterable[int]) -> None:
    try:
        get_engine().remove([int(pk) for pk in page_ids])
    except SearchUnavailable as exc:
        logger.error("Search index: pages %s not removed: %s", list(page_ids), exc)


def subtree_ids(page) -> list[int]:
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def update_engine_synonyms() -> None:
    """Give the engine the editors' current synonym sets (only Elasticsearch stores them)."""
    engine = get_engine()
    update = getattr(engine, "update_synonyms", None)
    if update is None:
        return
    try:
        update()
    except SearchUnavailable as exc:
        logger.error("Search: synonyms not sent to the engine: %s", exc)


def schedule_update(page_ids: Iterable[int]) -> None:
    page_ids = list(page_ids)
    transaction.on_commit(lambda: update_pages(page_ids))


def schedule_subtree_update(page) -> None:
    schedule_update(subtree_ids(page))


def schedule_removal(page_ids: Iterable[int]) -> None:
    page_ids = list(page_ids)
    transaction.on_commit(lambda: remove_pages(page_ids))


def rebuild(progress=None, batch_size: int = 200) -> int:
    """Empty the index and index every eligible page again; returns how many were indexed."""
    from site_core.listing import listable_page_models

    engine = get_engine()
    engine.clear()
    resolve = _group_resolver()
    total = 0
    for model in listable_page_models():
        queryset = (
            model.objects.filter(pk__in=indexable_pages().type(model).values("pk"))
            .order_by("pk")
            .prefetch_related("themes")
        )
        if hasattr(model, "keywords"):
            queryset = queryset.prefetch_related("keywords")
        batch = []
        for page in queryset.iterator(chunk_size=batch_size):
            try:
                batch.append(build_document(page, group=resolve(page)))
            except Exception:
                logger.exception("Search: page %s could not be indexed", page.pk)
            if len(batch) >= batch_size:
                engine.index(batch)
                total += len(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            engine.index(batch)
            total += len(batch)
            if progress:
                progress(len(batch))
    return total
