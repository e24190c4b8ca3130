"""The admin's login form with a translated « Mot de passe » label.

Wagtail's LoginForm declares its password field without a label, so Django shows the field's
name, « Password », untranslated (WAGTAILADMIN_USER_LOGIN_FORM points here).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
