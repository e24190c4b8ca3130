"""`manage.py check --deploy`: the admin's second factor must be on outside development."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def second_factor_is_on(app_configs, **kwargs):
    if settings.ADMIN_SECOND_FACTOR:
        return []
    return [
        checks.Warning(
            "ADMIN_SECOND_FACTOR is off: admin accounts log in with a password alone.",
            hint="Only site_core.settings.dev may switch the second factor off.",
            id="security.W001",
        )
    ]
