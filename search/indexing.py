"""Keeping the index current: which pages belong in it, and (re)indexing them after commit."""

import gc
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from search import outbox
from search.documents import PdfTexts, build_document, purge_extracted_texts
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


def search_prefetches(model) -> list[str]:
    """What building a page's document reads besides its own row: themes, keywords, the
    relations its `search_fields` follow (participants, steps…) and what the type names in
    `search_prefetch` for its attachments (documents). Keywords are read apart
    (`keywords_by_page`): taggit's prefetch builds a query per page."""
    from wagtail.search import index

    lookups = ["themes"]
    for declared in model.get_search_fields():
        if declared.field_name == "keywords":
            continue
        if isinstance(declared, index.RelatedFields) and declared.field_name not in lookups:
            try:
                field = model._meta.get_field(declared.field_name)
            except FieldDoesNotExist:  # a property or a method: nothing to prefetch
                continue
            if field.one_to_many or field.many_to_many:
                lookups.append(declared.field_name)
    lookups += [name for name in getattr(model, "search_prefetch", ()) if name not in lookups]
    return lookups


def prefetch_for_search(pages: list) -> list:
    """Prefetch, per type, what the documents of these specific pages need (a few queries per
    type for the whole list instead of several per page)."""
    from django.db.models import prefetch_related_objects

    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        prefetch_related_objects(group, *search_prefetches(model))
    return pages


def keywords_by_page(pages: list) -> dict[int, list[tuple[str, str]]]:
    """{page id: [(slug, name)…]} of these pages' keywords, one query per page type, in the
    order `page.get_keywords()` gives them."""
    from taggit.managers import TaggableManager

    by_model: dict[type, list[int]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    found: dict[int, list[tuple[str, str]]] = {page.pk: [] for page in pages}
    for model, ids in by_model.items():
        try:
            manager = model._meta.get_field("keywords")
        except FieldDoesNotExist:
            continue
        if not isinstance(manager, TaggableManager):
            continue
        rows = (
            manager.through.objects.filter(content_object_id__in=ids)
            .order_by("pk")
            .values_list("content_object_id", "tag__slug", "tag__name")
        )
        for page_id, slug, name in rows:
            found[page_id].append((slug, name))
    return found


def documents_for(pages: Iterable[Page], resolve=None, used_texts: set | None = None) -> list:
    """The documents of these specific (prefetched) pages; a PDF already read is not parsed
    again (`used_texts` collects the keys of the files read). A page that fails is logged and
    left out."""
    resolve = resolve or _group_resolver()
    pages = list(pages)
    attachments = {}
    for page in pages:
        try:
            attachments[page.pk] = page.get_search_attachments()
        except Exception:  # one broken page must not stop the others from being indexed
            logger.exception("Search: attachments of page %s could not be read", page.pk)
            attachments[page.pk] = []
    pdf_texts = PdfTexts(used_texts)
    pdf_texts.preload(item for found in attachments.values() for item in found)
    keywords = keywords_by_page(pages)
    documents = []
    for page in pages:
        try:
            documents.append(
                build_document(
                    page,
                    group=resolve(page),
                    attachments=attachments[page.pk],
                    pdf_texts=pdf_texts,
                    keywords=keywords[page.pk],
                )
            )
        except Exception:  # one broken page must not stop the others from being indexed
            logger.exception("Search: page %s could not be indexed", page.pk)
    pdf_texts.save()
    return documents


def sync_pages(page_ids: Iterable[int]) -> None:
    """Index the eligible pages among `page_ids`, remove the others; raises SearchUnavailable
    (or any error of the engine) when it cannot."""
    page_ids = {int(pk) for pk in page_ids}
    if not page_ids:
        return
    engine = get_engine()
    pages = prefetch_for_search(list(indexable_pages().filter(pk__in=page_ids).specific()))
    engine.remove(page_ids - {page.pk for page in pages})
    engine.index(documents_for(pages))


def update_pages(page_ids: Iterable[int]) -> bool:
    """Apply the index updates of these pages now; on failure keep them in the outbox and queue
    a retry. Never raises; returns whether the engine took them."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return True
    started = timezone.now()
    try:
        sync_pages(page_ids)
    except Exception as exc:
        if isinstance(exc, SearchUnavailable):
            logger.error(
                "Search index not updated for pages %s (kept for later): %s", page_ids, exc
            )
        else:
            logger.exception("Search index not updated for pages %s (kept for later)", page_ids)
        outbox.failed(page_ids, exc)
        schedule_retry()
        return False
    outbox.done(page_ids, started)
    return True


def remove_pages(page_ids: Iterable[int]) -> bool:
    """Removal is an update: a page that is gone, unpublished or private leaves the index."""
    return update_pages(page_ids)


def apply_pending(limit: int | None = None) -> tuple[int, int]:
    """Apply the outbox, oldest first, in batches; stop at the first batch the engine refuses.
    Returns (pages applied, pages still pending)."""
    applied = 0
    ids = outbox.pending_ids(limit)
    for start in range(0, len(ids), outbox.BATCH):
        batch = ids[start : start + outbox.BATCH]
        if not update_pages(batch):
            break
        applied += len(batch)
    return applied, outbox.backlog()


def schedule_retry() -> None:
    """Queue one deferred retry of the outbox (at most one per delay, whatever the failures);
    with a backend that cannot defer (the immediate one), cron's `apply_search_updates` or the
    next successful update applies the rest."""
    from search.tasks import RETRY_DELAY, retry_index_updates

    try:
        backend = retry_index_updates.get_backend()
        if not backend.supports_defer:
            return
        if not cache.add("search:outbox-retry", True, timeout=int(RETRY_DELAY.total_seconds())):
            return
        retry_index_updates.using(run_after=timezone.now() + RETRY_DELAY).enqueue()
    except Exception:
        logger.exception("Search: could not queue the retry of pending index updates")


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
    """Write the pages to the outbox in the current transaction, apply them after commit (and
    whatever an earlier outage left pending, once the engine answers again)."""
    page_ids = sorted({int(pk) for pk in page_ids})
    if not page_ids:
        return
    outbox.mark(page_ids)

    def apply():
        if update_pages(page_ids) and outbox.backlog():
            apply_pending(limit=outbox.BATCH)

    transaction.on_commit(apply)


def schedule_subtree_update(page) -> None:
    schedule_update(subtree_ids(page))


def schedule_removal(page_ids: Iterable[int]) -> None:
    schedule_update(page_ids)


@dataclass
class Reconciliation:
    """What a rebuild or a consistency check found and did."""

    checked: int = 0
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0
    # Kept texts of files no page attaches any more, deleted (or to delete, in a dry run).
    purged_texts: int = 0

    @property
    def indexed(self) -> int:
        return len(self.added) + len(self.updated)


def document_batches(batch_size: int = 200, used_texts: set | None = None):
    """The documents of every indexable page, type by type, in batches built with a few
    queries each (prefetched relations, one group lookup); nothing is rendered."""
    from site_core.listing import listable_page_models

    resolve = _group_resolver()
    for model in listable_page_models():
        ids = list(
            indexable_pages().type(model).order_by("pk").values_list("pk", flat=True).distinct()
        )
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            pages = prefetch_for_search(list(model.objects.filter(pk__in=chunk).order_by("pk")))
            yield documents_for(pages, resolve, used_texts)


@contextmanager
def long_lived_objects_frozen():
    """Keep what was alive before a long run (Django, Wagtail, the analysis caches) out of the
    garbage collector's passes during it: building thousands of documents triggers full passes
    that would scan that whole heap again and again (a third of a rebuild's time). Nothing is
    done when the process froze its heap itself (a pre-forking server does)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def reconcile(*, force: bool = False, dry_run: bool = False, progress=None, batch_size=200):
    """Compare the index with the live public pages and repair the differences: missing pages
    are added, entries whose stored document differs from the page's are rewritten (all of them
    when `force`), entries of pages that are gone are removed. The index is never emptied:
    readers keep finding pages throughout, and an interrupted run leaves a usable index."""
    with long_lived_objects_frozen():
        return _reconcile(force=force, dry_run=dry_run, progress=progress, batch_size=batch_size)


def _reconcile(*, force, dry_run, progress, batch_size):
    engine = get_engine()
    stored = engine.fingerprints()
    report = Reconciliation()
    seen: set[int] = set()
    used_texts: set[str] = set()
    for documents in document_batches(batch_size, used_texts):
        changed = []
        for doc in documents:
            if doc.page_id in seen:
                continue
            seen.add(doc.page_id)
            old = stored.get(doc.page_id)
            if old is None:
                report.added.append(doc.page_id)
            elif force or old != doc.checksum:
                report.updated.append(doc.page_id)
            else:
                report.unchanged += 1
                continue
            changed.append(doc)
        report.checked += len(documents)
        if changed and not dry_run:
            engine.index(changed)
        if progress:
            progress(len(documents))
    report.removed = sorted(set(stored) - seen)
    if report.removed and not dry_run:
        engine.remove(report.removed)
    # Every page was read: the texts kept for files none of them attaches are unused.
    report.purged_texts = purge_extracted_texts(used_texts, dry_run=dry_run)
    return report


def rebuild(progress=None, batch_size: int = 200) -> int:
    """Rewrite every eligible page's entry and remove the others, without emptying the index
    first; returns how many pages were indexed."""
    return reconcile(force=True, progress=progress, batch_size=batch_size).indexed
