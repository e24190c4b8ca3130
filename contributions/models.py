"""Reader reactions under pages. Every submission is kept with its status; none is ever deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .choices import ReactionStatus, SpamReason

# A stored body never exceeds this: a robot cannot fill the database with one request. The
# reader's full text is still given back in the form when it is refused as too long.
STORED_BODY_MAX = 20_000


class ReactionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReactionStatus.APPROVED)

    def pending(self):
        return self.filter(status=ReactionStatus.PENDING)

    def moderated_by_user(self, user):
        """Reactions on pages `user` may publish (all for superusers, none for others)."""
        if not (user and user.is_active and user.is_authenticated):
            return self.none()
        if user.is_superuser:
            return self.all()
        pages = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        return self.filter(page__in=pages.values("pk"))


class Reaction(models.Model):
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="reactions"
    )
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(_("e-mail"), blank=True)
    body = models.TextField(_("reaction"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReactionStatus.choices, default=ReactionStatus.PENDING
    )
    spam_reason = models.CharField(
        _("reason for refusal"), max_length=32, choices=SpamReason.choices, blank=True
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "status"], name="contrib_reaction_page_status"),
            models.Index(fields=["status", "created_at"], name="contrib_reaction_status_date"),
        ]

    def __str__(self):
        return str(
            _("Reaction no. %(number)s by %(name)s") % {"number": self.pk, "name": self.author_name}
        )

    @property
    def excerpt(self) -> str:
        return Truncator(self.body).chars(140)

    @property
    def is_public(self) -> bool:
        return self.status == ReactionStatus.APPROVED

    def set_status(self, status, user):
        """Record a moderator's decision (the caller logs it). The automatic reason stays."""
        self.status = status
        self.moderated_by = user
        self.moderated_at = timezone.now()
        self.save(update_fields=["status", "moderated_by", "moderated_at"])
