"""Empty the public search index and index every live, public, listable page again."""

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
                indexed = indexing.rebuild(progress=bar.update)
            except SearchUnavailable as exc:
                raise CommandError(f"The search engine is unavailable: {exc}") from exc
        elapsed = time.perf_counter() - started
        rate = indexed / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{indexed} pages indexed with {engine.name} in {elapsed:.1f} s ({rate:.0f} pages/s)."
            )
        )
