from django.core.management.base import BaseCommand

from subscriptions.models import Frequency
from subscriptions.services import send_digests


class Command(BaseCommand):
    help = "Send the due e-mail digests (run it from cron, e.g. every hour)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=Frequency.values, default=None)

    def handle(self, *args, frequency=None, **options):
        sent = send_digests(frequency)
        self.stdout.write(f"{sent} digest(s) sent.")
