"""Index every live, public, listable page again and remove the entries of the others.

The index is not emptied first: each entry is replaced in place and what is gone is removed at
the end, so search keeps answering during the rebuild and after an interrupted one."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.engines import SearchUnavailable, get_engine


class Command(BaseCommand):
    help = "Rebuild the public search index (the engine chosen by settings) from the pages."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        engine = get_engine()
        expected = indexing.indexable_pages().count()
        started = time.perf_counter()
        with tqdm(
            total=expected,
            unit="page",
            desc=f"Index ({engine.name})",
            disable=options["no_progress"],
            file=self.stderr._out,
        ) as bar:
            try:
                report = indexing.reconcile(force=True, progress=bar.update)
            except SearchUnavailable as exc:
                raise CommandError(f"The search engine is unavailable: {exc}") from exc
        elapsed = time.perf_counter() - started
        indexed = report.indexed
        rate = indexed / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{indexed} pages indexed with {engine.name} in {elapsed:.1f} s ({rate:.0f} pages/s), "
                f"{len(report.removed)} stale entries removed."
            )
        )
