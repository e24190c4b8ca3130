import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from site_core import personal_data


class Command(BaseCommand):
    help = (
        "Export (JSON on stdout) or erase everything tied to one e-mail address, in every app "
        "that registers the maillage_personal_data hook (reactions, subscriptions…)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, *args, action, email, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}") from error
        if action == "export":
            data = personal_data.export_all(email)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            erased = personal_data.erase_all(email)
            detail = ", ".join(f"{count} {name}" for name, count in erased.items())
            self.stdout.write(f"Erased for {personal_data.normalise(email)}: {detail}.")
