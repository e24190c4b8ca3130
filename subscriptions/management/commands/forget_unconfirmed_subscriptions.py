from django.conf import settings
from django.core.management.base import BaseCommand

from subscriptions.services import forget_unconfirmed


class Command(BaseCommand):
    help = "Delete the subscriptions left unconfirmed for SUBSCRIPTIONS_PENDING_DAYS days."

    def handle(self, *args, **options):
        deleted = forget_unconfirmed()
        self.stdout.write(
            f"{deleted} unconfirmed subscription(s) older than "
            f"{settings.SUBSCRIPTIONS_PENDING_DAYS} days forgotten."
        )
