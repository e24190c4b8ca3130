from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_site_after_migrate(sender, using="default", **kwargs):
    from site_core.public_address import sync_site

    sync_site(using=using)


class SiteCoreConfig(AppConfig):
    name = "site_core"
    verbose_name = _("Site")

    def ready(self):
        from .dates import register_admin_date_fields

        register_admin_date_fields()
        # Every change readers could see makes the stored anonymous pages stale.
        from .page_cache import connect_signals

        connect_signals()
        # Front caches: the page and the listings it shows in, in one purge (site_core/front_cache.py).
        from . import front_cache

        front_cache.connect_signals()
        # After every `migrate`, the Site record follows SITE_BASE_URL (scheme, host, port).
        post_migrate.connect(
            sync_site_after_migrate, sender=self, dispatch_uid="maillage_sync_site"
        )
