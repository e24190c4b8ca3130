"""A reader's e-mail subscription to the whole site, a working group, a theme or a keyword.

The address is stored for this purpose only: nothing is sent before it is confirmed (double
opt-in), unconfirmed ones are forgotten after `SUBSCRIPTIONS_PENDING_DAYS`, and an address can be
exported or erased (admin view and `manage.py subscription_data`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from site_core.syndication import GROUP, KEYWORD, SITE, THEME, FollowTarget


class Kind(models.TextChoices):
    SITE = SITE, _("the whole site")
    GROUP = GROUP, _("a working group")
    THEME = THEME, _("a theme")
    KEYWORD = KEYWORD, _("a keyword")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("at each publication")
    WEEKLY = "weekly", _("once a week")
    MONTHLY = "monthly", _("once a month")


class Status(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    kind = models.CharField(_("what is followed"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=255, blank=True)
    label = models.CharField(_("title"), max_length=255)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["email", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["email", "kind", "key"], name="one_subscription_each")
        ]
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def target(self) -> FollowTarget:
        return FollowTarget(self.kind, self.key)
