"""Reader reactions under pages, their replies, and the stored count of approved ones.

Every submission a person makes is kept with its status. What the site refuses by itself is kept
short (the first `REFUSED_BODY_MAX` characters and the reason), bounded in number and purged after
`REACTIONS_REFUSED_RETENTION_DAYS` (see `retention.py`).
"""

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
# What moderation needs of a submission the site refused by itself.
REFUSED_BODY_MAX = 2_000


class ReactionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReactionStatus.APPROVED)

    def pending(self):
        return self.filter(status=ReactionStatus.PENDING)

    def refused_by_site(self):
        return self.filter(status=ReactionStatus.SPAM).exclude(spam_reason="")

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
    # One level of replies: a reply's parent is a top-level reaction of the same page.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    # The id of a StreamField chapter block (white papers in consultation); "" for the whole page.
    chapter = models.CharField(_("chapter"), max_length=64, blank=True, db_index=True)
    author_name = models.CharField(_("name"), max_length=120)
    author_email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    as_group = models.BooleanField(_("answer from the group"), default=False)
    notify_replies = models.BooleanField(_("e-mail the author about replies"), default=False)
    reply_notified = models.BooleanField(_("author told of this reply"), default=False)
    body = models.TextField(_("reaction"))
    body_length = models.PositiveIntegerField(_("length sent"), default=0)
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
            models.Index(
                fields=["page", "status", "parent", "created_at"],
                name="contrib_reaction_thread",
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the row held when loaded: the counter is refreshed only when "approved" changes.
        # (Read from __dict__: a deferred field must not cost a query per loaded row.)
        self._loaded_status = self.__dict__.get("status") if self.pk else None

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


class PageReactionCount(models.Model):
    """Approved reactions of one page, kept up to date when a reaction is approved or leaves
    "approved": listings and tables of contents read one row, never count reactions."""

    page = models.OneToOneField(
        Page,
        verbose_name=_("page"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    approved = models.PositiveIntegerField(_("approved reactions"), default=0)
    # Top-level approved reactions (what the list paginates).
    threads = models.PositiveIntegerField(_("approved threads"), default=0)
    # {chapter block id: approved reactions on it, replies included}
    by_chapter = models.JSONField(_("approved reactions by chapter"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reaction count")
        verbose_name_plural = _("reaction counts")

    def __str__(self):
        return f"{self.page_id}: {self.approved}"


class SpentFormToken(models.Model):
    """The id of a reaction form's token that has been used once (contributions.spam).

    In the database, not the cache: every worker sees it, whatever the cache. The unique id makes
    spending a single insert that only one of two simultaneous posts can win. Rows are purged once
    the token would have expired anyway (`expire_reaction_data`).
    """

    token_id = models.CharField(_("token id"), max_length=32, unique=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("spent form token")
        verbose_name_plural = _("spent form tokens")

    def __str__(self):
        return self.token_id
