"""Index updates that are never lost: the outbox of pending page updates.

Every change that touches the index (publish, unpublish, deletion, move, privacy, slug, theme or
keyword rename) writes one `PendingIndexUpdate` row per page in the change's own transaction.
After the commit the update is applied and the rows deleted. When the engine does not answer
(Elasticsearch down, the index table locked or missing) the rows stay with the error and a
retry is queued (`search.tasks.retry_index_updates`, deferred when the task backend can defer);
`manage.py apply_search_updates` applies whatever is left, from cron or by hand. An update is
idempotent: it reads the page as it is when applied, indexes it if it is eligible and removes
it otherwise, so a row only says « look at this page again ».
"""

import logging
from collections.abc import Iterable

from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from search.models import PendingIndexUpdate

logger = logging.getLogger("maillage.search")

BATCH = 200
MAX_ERROR_CHARS = 2000


def _chunks(values: list[int], size: int = BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def mark(page_ids: Iterable[int]) -> None:
    """Record that these pages must be looked at again (in the caller's transaction). A row
    already pending gets a new `queued_at`, so an update that started earlier cannot clear it."""
    ids = sorted({int(pk) for pk in page_ids})
    now = timezone.now()
    for chunk in _chunks(ids, 500):
        PendingIndexUpdate.objects.bulk_create(
            [PendingIndexUpdate(page_id=pk, queued_at=now) for pk in chunk],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=["queued_at"],
        )


def done(page_ids: Iterable[int], started) -> None:
    """The update of these pages, started at `started`, succeeded: forget their rows unless a
    change was queued since."""
    ids = [int(pk) for pk in page_ids]
    for chunk in _chunks(ids, 500):
        PendingIndexUpdate.objects.filter(page_id__in=chunk, queued_at__lte=started).delete()


def failed(page_ids: Iterable[int], error: Exception) -> None:
    """Keep (or write again) the rows of these pages with the error; never raises, since it runs
    after the change was committed."""
    ids = sorted({int(pk) for pk in page_ids})
    message = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
    now = timezone.now()
    try:
        for chunk in _chunks(ids, 500):
            PendingIndexUpdate.objects.bulk_create(
                [PendingIndexUpdate(page_id=pk, queued_at=now) for pk in chunk],
                ignore_conflicts=True,
            )
            PendingIndexUpdate.objects.filter(page_id__in=chunk).update(
                attempts=F("attempts") + 1, last_error=message, last_attempt_at=now
            )
    except DatabaseError:
        logger.exception("Search: pending index updates of pages %s not recorded", ids)


def pending_ids(limit: int | None = None) -> list[int]:
    queryset = PendingIndexUpdate.objects.order_by("queued_at", "page_id").values_list(
        "page_id", flat=True
    )
    return list(queryset[:limit] if limit else queryset)


def backlog() -> int:
    return PendingIndexUpdate.objects.count()
