"""Apply the index updates the search engine could not take when they happened (cron)."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing, outbox


class Command(BaseCommand):
    help = (
        "Apply the pending search index updates (pages published, changed or removed while the "
        "search engine was unreachable)."
    )

    def handle(self, *args, **options):
        before = outbox.backlog()
        applied, pending = indexing.apply_pending()
        self.stdout.write(f"{applied} of {before} pending index updates applied, {pending} left.")
        if pending:
            raise CommandError(
                f"{pending} index updates are still pending: the search engine does not answer "
                "(see the log); they will be tried again."
            )
