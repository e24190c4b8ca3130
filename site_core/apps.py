from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteCoreConfig(AppConfig):
    name = "site_core"
    verbose_name = _("Site")

    def ready(self):
        from .dates import register_admin_date_fields

        register_admin_date_fields()
