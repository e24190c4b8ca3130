from django.core.management.base import BaseCommand

from contributions import retention


class Command(BaseCommand):
    help = (
        "Delete old refused reactions, erase old IP addresses and forget expired form tokens "
        "(run daily, e.g. from cron)."
    )

    def handle(self, *args, **options):
        purged = retention.purge_refused()
        expired = retention.expire_addresses()
        tokens = retention.purge_spent_tokens()
        self.stdout.write(f"{purged} refused reactions deleted, {expired} addresses erased.")
        self.stdout.write(f"{tokens} expired form tokens forgotten.")
