"""Compare the public search index with the live public pages and repair the differences."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.engines import SearchUnavailable, get_engine

SHOWN_IDS = 20


class Command(BaseCommand):
    help = (
        "Check the search index against the live public pages: add missing pages, rewrite "
        "entries that differ from their page, remove entries of pages that are gone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the differences, change nothing."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        engine = get_engine()
        try:
            report = indexing.reconcile(dry_run=dry_run)
            if not dry_run:
                indexing.apply_pending()
        except SearchUnavailable as exc:
            raise CommandError(f"The search engine is unavailable: {exc}") from exc
        verb = "to add" if dry_run else "added"
        self.stdout.write(f"{report.checked} pages checked with {engine.name}.")
        for label, ids in (
            ("missing, " + verb, report.added),
            ("stale, " + ("to rewrite" if dry_run else "rewritten"), report.updated),
            ("gone, " + ("to remove" if dry_run else "removed"), report.removed),
        ):
            shown = ", ".join(str(pk) for pk in ids[:SHOWN_IDS])
            more = f" (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else ""
            self.stdout.write(f"{len(ids)} {label}" + (f": {shown}{more}" if ids else ""))
        self.stdout.write(f"{report.unchanged} up to date.")
        self.stdout.write(
            f"{report.purged_texts} unused extracted file texts "
            + ("to purge." if dry_run else "purged.")
        )
        differences = len(report.added) + len(report.updated) + len(report.removed)
        if dry_run and differences:
            raise CommandError(f"{differences} differences between the index and the pages.")
        if not differences:
            self.stdout.write(self.style.SUCCESS("The index matches the pages."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{differences} differences repaired."))
