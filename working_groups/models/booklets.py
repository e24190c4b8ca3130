"""A booklet that an editor assembled in the admin from a theme or a keyword (`booklets.py`).

The row keeps the choices (theme, keyword, group, period, the ticked pages in meeting order), who
made it, and where the built PDF is once a request or a task has built it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BookletStatus(models.TextChoices):
    PENDING = "pending", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Booklet(models.Model):
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        "site_core.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    keyword = models.ForeignKey(
        "site_core.Keyword",
        verbose_name=_("keyword"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty for a booklet across the whole network (the committee's); a group editor's booklets
    # always name one of their groups, and their group's editors may download them.
    group = models.ForeignKey(
        "working_groups.WorkingGroupPage",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    date_from = models.DateField(_("meetings from"), null=True, blank=True)
    date_to = models.DateField(_("meetings until"), null=True, blank=True)
    page_ids = models.JSONField(_("pages"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assembled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assembled at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BookletStatus.choices, default=BookletStatus.PENDING
    )
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booklet")
        verbose_name_plural = _("booklets")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title
