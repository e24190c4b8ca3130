from django.db import models
from django.utils.translation import gettext_lazy as _


class EpisodeType(models.TextChoices):
    FULL = "full", _("Full episode")
    TRAILER = "trailer", _("Trailer")
    BONUS = "bonus", _("Bonus")


class AppleCategory(models.TextChoices):
    SOCIETY_CULTURE = "Society & Culture", _("Society & Culture")
    BUSINESS = "Business", _("Business")
    EDUCATION = "Education", _("Education")
    GOVERNMENT = "Government", _("Government")
    NEWS = "News", _("News")
    SCIENCE = "Science", _("Science")


class PersonRole(models.TextChoices):
    """Roles of the Podcasting 2.0 "cast" group (podcast:person role)."""

    HOST = "host", _("Host")
    COHOST = "co-host", _("Co-host")
    GUEST = "guest", _("Guest")
