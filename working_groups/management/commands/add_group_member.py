from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from working_groups.choices import MemberRole
from working_groups.models import WorkingGroupPage
from working_groups.provisioning import add_member, find_group_page


class Command(BaseCommand):
    help = (
        "Ajoute une personne à la rédaction (writer) ou à l'édition (editor) d'un groupe de "
        "travail, désigné par son nom court."
    )

    def add_arguments(self, parser):
        parser.add_argument("short_name", help="Nom court du groupe, par exemple PRAXIS")
        parser.add_argument("username", help="Identifiant de la personne")
        parser.add_argument(
            "--role", choices=MemberRole.values, default=MemberRole.WRITER, help="writer ou editor"
        )

    def handle(self, *args, short_name, username, role, **options):
        try:
            page = find_group_page(short_name)
        except WorkingGroupPage.DoesNotExist:
            known = ", ".join(
                WorkingGroupPage.objects.order_by("short_name").values_list("short_name", flat=True)
            )
            raise CommandError(
                f"Aucun groupe de travail n'a le nom court « {short_name} ». "
                f"Groupes existants : {known or 'aucun'}."
            ) from None
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"Aucun compte n'a l'identifiant « {username} ».") from None
        group = add_member(page, user, role)
        self.stdout.write(
            self.style.SUCCESS(f"{username} fait désormais partie de « {group.name} ».")
        )
