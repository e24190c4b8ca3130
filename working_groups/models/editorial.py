"""Which Django groups, collection and workflow belong to which working group page.

Kept apart from the page (no revisions): `working_groups.provisioning` reads and writes it, so a
rename finds the objects it must rename and a deletion the objects it must remove.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupEditorialSetup(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("working group page"),
        on_delete=models.CASCADE,
        related_name="editorial_setup",
    )
    writers = models.OneToOneField(
        Group,
        verbose_name=_("writers"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="writes_for_setup",
    )
    editors = models.OneToOneField(
        Group,
        verbose_name=_("editors"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="edits_for_setup",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "wagtailcore.GroupApprovalTask",
        verbose_name=_("approval task"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("editorial set-up of a working group")
        verbose_name_plural = _("editorial set-ups of working groups")

    def __str__(self):
        return str(self.writers or self.page_id)
