from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page

from site_core.demo_tools import DemoContext
from site_core.public_address import base_url, sync_site


def project_demo_modules():
    """Each project app's `demo` module, in INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        if not Path(app_config.path).resolve().is_relative_to(base):
            continue
        name = f"{app_config.name}.demo"
        try:
            yield import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class Command(BaseCommand):
    help = "Load the demo content (idempotent, deterministic, offline)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing if the site already has pages (make run).",
        )

    def handle(self, *args, **options):
        sync_site()
        if options["if_empty"] and Page.objects.filter(depth__gt=2).exists():
            self.stdout.write(
                "Le site contient déjà des pages : contenu de démonstration non rechargé."
            )
            self.stdout.write("Comptes de démonstration : identifiant-maillage (voir README).")
            return
        ctx = DemoContext(stdout=self.stdout)
        with transaction.atomic():
            modules = list(project_demo_modules())
            for module in modules:
                module.load(ctx)
            # A second pass for what needs every app's content (the home page's picks).
            for module in modules:
                if hasattr(module, "finish"):
                    module.finish(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Contenu de démonstration : {ctx.created} élément(s) créé(s).")
        )
        if ctx.users:
            self.stdout.write(f"Comptes de démonstration ({base_url()}/admin/) :")
            width = max(len(user.username) for user in ctx.users)
            for user in ctx.users:
                self.stdout.write(f"  {user.username.ljust(width)}  {user.password}  ({user.role})")
