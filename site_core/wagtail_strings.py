"""Wagtail's msgids whose French our users see wrong or missing, re-translated in our catalogue.

site_core comes first in INSTALLED_APPS, so its catalogue wins over Wagtail's. The msgids are
listed here only so that `makemessages` keeps them; nothing imports this module.
"""

from django.utils.translation import gettext_noop

WAGTAIL_MSGIDS = [
    gettext_noop("Hello %(username)s,"),
    gettext_noop("Upload"),
    gettext_noop("Upload a profile picture"),
    gettext_noop("Upload a profile picture:"),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop("Add %(label)s"),
    gettext_noop("Enter password"),
]
