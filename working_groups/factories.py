"""Factories shared by the test suite (and anyone scripting content)."""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify

from .choices import DecisionStatus, GroupStatus, ParticipantRole
from .models import (
    MeetingMinutesDecision,
    MeetingMinutesPage,
    MeetingMinutesParticipant,
    WorkingGroupIndexPage,
    WorkingGroupOrganisation,
    WorkingGroupPage,
)


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Groupes de travail"
    slug = "groupes-de-travail"
    show_in_menus = True

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Groupe de travail {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    short_name = factory.Sequence(lambda n: f"GT{n}")
    mission = "<p>Partager nos pratiques et en garder la trace.</p>"
    territory = "Auvergne-Rhône-Alpes"
    status = GroupStatus.ACTIVE

    class Meta:
        model = WorkingGroupPage


class WorkingGroupOrganisationFactory(factory.django.DjangoModelFactory):
    page = None
    name = factory.Sequence(lambda n: f"Coopérative {n}")

    class Meta:
        model = WorkingGroupOrganisation


class MeetingMinutesPageFactory(wagtail_factories.PageFactory):
    sequence_number = factory.Sequence(lambda n: n + 1)
    meeting_date = factory.LazyAttribute(
        lambda obj: datetime.date(2020, 1, 6) + datetime.timedelta(weeks=obj.sequence_number)
    )
    title = factory.LazyAttribute(lambda obj: f"Rencontre n° {obj.sequence_number}")
    slug = factory.LazyAttribute(lambda obj: f"{obj.meeting_date.isoformat()}-{slugify(obj.title)}")
    place = "Maison des associations"
    summary = "Ce que nous avons partagé et décidé."

    class Meta:
        model = MeetingMinutesPage


class MeetingMinutesParticipantFactory(factory.django.DjangoModelFactory):
    page = None
    name = factory.Sequence(lambda n: f"Personne {n}")
    organisation = factory.Sequence(lambda n: f"Association {n}")
    role = ParticipantRole.PRESENT

    class Meta:
        model = MeetingMinutesParticipant


class MeetingMinutesDecisionFactory(factory.django.DjangoModelFactory):
    page = None
    what = factory.Sequence(lambda n: f"Action {n} : rédiger la fiche")
    who = "Le groupe"
    status = DecisionStatus.TO_DO

    class Meta:
        model = MeetingMinutesDecision
