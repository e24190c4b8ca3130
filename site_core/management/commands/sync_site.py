from django.core.management.base import BaseCommand

from site_core.public_address import base_url, sync_site


class Command(BaseCommand):
    help = "Make the Wagtail Site record answer at SITE_BASE_URL (scheme, host and port)."

    def handle(self, *args, **options):
        site = sync_site()
        if site is None:
            self.stdout.write("Aucune page d’accueil : site non créé.")
            return
        self.stdout.write(self.style.SUCCESS(f"Site « {site.site_name} » : {site.root_url}"))
        if site.root_url != base_url():
            self.stdout.write(f"(SITE_BASE_URL = {base_url()})")
