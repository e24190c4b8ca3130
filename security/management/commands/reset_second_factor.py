"""Forget a user's second factor from the shell (e.g. the only superuser lost their telephone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security import second_factor


class Command(BaseCommand):
    help = "Reset a user's second factor: they set up a new one at their next admin login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        second_factor.reset(user)
        self.stdout.write(f"Second factor of {username} reset: they enrol again at next login.")
