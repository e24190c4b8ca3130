from django.core.management.base import BaseCommand, CommandError

from subscriptions.models import Subscription
from subscriptions.services import erase_address, export_address


class Command(BaseCommand):
    help = "Export (JSON on stdout) or erase every subscription of one e-mail address (RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        if not Subscription.objects.filter(email=email.strip().lower()).exists():
            raise CommandError(f"No subscription for {email}.")
        if action == "export":
            self.stdout.write(export_address(email))
        else:
            self.stdout.write(f"{erase_address(email)} subscription(s) of {email} erased.")
