from django.core.management.base import BaseCommand

from contributions import retention


class Command(BaseCommand):
    help = "Delete old refused reactions and erase old IP addresses (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        purged = retention.purge_refused()
        expired = retention.expire_addresses()
        self.stdout.write(f"{purged} refused reactions deleted, {expired} addresses erased.")
