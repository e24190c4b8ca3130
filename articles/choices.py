from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    POPULAR_EDUCATION = "popular_education", _("Popular education")
    THEATRE_OF_THE_OPPRESSED = "theatre_oppressed", _("Theatre of the oppressed")
    CLINICAL_SOCIOLOGY = "clinical_sociology", _("Clinical sociology")
    SOCIO_ANALYSIS = "socio_analysis", _("Socio-analysis")
    INSTITUTIONAL_PEDAGOGY = "institutional_pedagogy", _("Institutional pedagogy")
    COOPERATIVE_MOVEMENT = "cooperative_movement", _("Cooperative movement")
    SHARED_GOVERNANCE = "shared_governance", _("Shared governance")


class ResourceType(models.TextChoices):
    METHOD_SHEET = "fiche", _("Method sheets")
    WHITE_PAPER = "livre-blanc", _("White papers")


class ConsultationState(models.TextChoices):
    NONE = "none", _("No consultation")
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
