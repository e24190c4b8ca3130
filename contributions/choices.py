from django.db import models
from django.utils.translation import gettext_lazy as _


class ReactionStatus(models.TextChoices):
    PENDING = "pending", _("Pending moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class SpamReason(models.TextChoices):
    """Why the site itself refused a reaction (status "spam"); empty for a moderator's decision."""

    HONEYPOT = "honeypot", _("Hidden field filled in")
    BAD_TOKEN = "bad_token", _("Missing, altered or expired form")
    REPLAYED = "replayed", _("Form already used")
    TOO_FAST = "too_fast", _("Sent too fast")
    RATE_LIMITED = "rate_limited", _("Too many reactions from this address on this page")
    SITE_RATE_LIMITED = "site_rate_limited", _("Too many reactions from this address on the site")
    TOO_LONG = "too_long", _("Too long")
    TOO_MANY_LINKS = "too_many_links", _("Too many links")


class ReactionOrder(models.TextChoices):
    OLDEST = "anciennes", _("Oldest first")
    NEWEST = "recentes", _("Newest first")
