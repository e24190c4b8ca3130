import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from contributions import retention


class Command(BaseCommand):
    help = "Export (JSON on stdout) or erase everything tied to one e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}") from error
        if action == "export":
            self.stdout.write(
                json.dumps(retention.export_email(email), ensure_ascii=False, indent=2)
            )
        else:
            count = retention.erase_email(email)
            self.stdout.write(f"{count} reactions erased for {email}.")
