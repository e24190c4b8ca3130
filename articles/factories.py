"""Factories shared by the test suite and scripts."""

import factory
import wagtail_factories
from django.utils.text import slugify

from .models import (
    MethodSheetPage,
    MethodSheetStep,
    ResourceIndexPage,
    WhitePaperPage,
    WhitePaperSource,
)


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Ressources"
    slug = "ressources"

    class Meta:
        model = ResourceIndexPage


class MethodSheetPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Fiche méthode {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    objective = "Permettre au groupe de décider ensemble."
    summary = "Une méthode d'animation éprouvée."

    class Meta:
        model = MethodSheetPage


class MethodSheetStepFactory(factory.django.DjangoModelFactory):
    sheet = None
    title = factory.Sequence(lambda n: f"Étape {n}")
    instructions = "Former des petits groupes et noter les idées."
    duration_minutes = 15

    class Meta:
        model = MethodSheetStep


class WhitePaperPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Livre blanc {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    abstract = "<p>Ce que le réseau a appris.</p>"

    class Meta:
        model = WhitePaperPage


class WhitePaperSourceFactory(factory.django.DjangoModelFactory):
    paper = None
    source = None

    class Meta:
        model = WhitePaperSource
