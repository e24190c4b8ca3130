"""Background work of the search: retrying index updates the engine refused."""

import logging
from datetime import timedelta

from django.tasks import task

logger = logging.getLogger("maillage.search")

# How long after a failure the outbox is tried again (one retry queued at a time).
RETRY_DELAY = timedelta(minutes=1)


@task
def retry_index_updates() -> int:
    """Apply the pending index updates; a failure queues the next retry (search.indexing).
    Returns how many pages are still pending."""
    from search import indexing

    applied, pending = indexing.apply_pending()
    if applied or pending:
        logger.info("Search: retry applied %s pending index updates, %s left", applied, pending)
    return pending
