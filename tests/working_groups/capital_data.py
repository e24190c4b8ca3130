"""A small network whose minutes carry actions forward, shared by the capitalisation tests."""

import datetime

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from site_core.models import Theme
from working_groups.choices import DecisionKind, DecisionStatus
from working_groups.factories import (
    MeetingMinutesDecisionFactory,
    MeetingMinutesPageFactory,
    MeetingMinutesParticipantFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupOrganisationFactory,
    WorkingGroupPageFactory,
)

TO_DO, IN_PROGRESS, DONE = DecisionStatus.TO_DO, DecisionStatus.IN_PROGRESS, DecisionStatus.DONE


def build_network(home_page):
    """Two groups; in PRAXIS an action decided, carried forward, then done; a draft and a
    private minutes page whose rows must stay out of everything public."""
    index = WorkingGroupIndexPageFactory(parent=home_page)
    praxis = WorkingGroupPageFactory(
        parent=index, title="Pratiques d'accompagnement", slug="praxis", short_name="PRAXIS"
    )
    WorkingGroupOrganisationFactory(page=praxis, name="Coopérative Ouest")
    WorkingGroupOrganisationFactory(page=praxis, name="Réseau Bocage")
    sante = WorkingGroupPageFactory(
        parent=index, title="Santé au travail", slug="sante", short_name="SANTÉ"
    )
    theme = Theme.objects.create(name="Gouvernance partagée")

    def minutes(group, number, date, title, **kwargs):
        page = MeetingMinutesPageFactory(
            parent=group, sequence_number=number, meeting_date=date, title=title, **kwargs
        )
        MeetingMinutesParticipantFactory(page=page, name="Awa Diallo", organisation="Coop Ouest")
        return page

    m1 = minutes(praxis, 1, datetime.date(2024, 1, 10), "Première rencontre PRAXIS")
    m1.themes.add(theme)
    m1.save_revision().publish()
    charter = MeetingMinutesDecisionFactory(
        page=m1,
        what="Rédiger la charte d'accueil",
        who="Awa Diallo",
        organisation="Coopérative Ouest",
        due_date=datetime.date(2024, 2, 1),
    )
    town_hall = MeetingMinutesDecisionFactory(
        page=m1,
        what="Écrire à la mairie pour la salle",
        who="Marc Petit",
        organisation="Réseau Bocage",
        due_date=datetime.date(2024, 2, 15),
    )
    MeetingMinutesDecisionFactory(
        page=m1, kind=DecisionKind.DECISION, what="Ouvrir les rencontres aux non-adhérents"
    )
    m2 = minutes(
        praxis,
        2,
        datetime.date(2024, 3, 12),
        "Deuxième rencontre PRAXIS",
        next_meeting_at=datetime.datetime(2024, 6, 11, 8, 0, tzinfo=datetime.UTC),
    )
    carried = MeetingMinutesDecisionFactory(
        page=m2,
        what="Rédiger la charte d'accueil",
        who="",
        status=IN_PROGRESS,
        due_date=datetime.date(2024, 5, 1),
        follows=charter,
    )
    m3 = minutes(praxis, 3, datetime.date(2024, 6, 11), "Troisième rencontre PRAXIS")
    done = MeetingMinutesDecisionFactory(
        page=m3, what="Charte d'accueil adoptée", who="", status=DONE, follows=carried
    )
    mentor = MeetingMinutesDecisionFactory(
        page=m3,
        what="Proposer un binôme de mentorat",
        who="Awa Diallo",
        organisation="Coopérative Ouest",
        due_date=datetime.date(2099, 1, 1),
    )
    draft = minutes(praxis, 4, datetime.date(2024, 9, 1), "Rencontre en brouillon", live=False)
    MeetingMinutesDecisionFactory(
        page=draft, what="Action secrète du brouillon", status=DONE, follows=town_hall
    )
    private = minutes(praxis, 5, datetime.date(2024, 10, 1), "Rencontre réservée")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(Group.objects.create(name="Membres"))
    MeetingMinutesDecisionFactory(page=private, what="Action privée du bureau")
    s1 = minutes(sante, 1, datetime.date(2025, 2, 3), "Première rencontre SANTÉ")
    health = MeetingMinutesDecisionFactory(
        page=s1,
        what="Recenser les risques psychosociaux",
        who="Lina Moreau",
        organisation="Coopérative Ouest",
        due_date=datetime.date(2099, 3, 1),
    )
    return {
        "index": index,
        "praxis": praxis,
        "sante": sante,
        "theme": theme,
        "m1": m1,
        "m2": m2,
        "m3": m3,
        "draft": draft,
        "private": private,
        "s1": s1,
        "charter": charter,
        "carried": carried,
        "done": done,
        "town_hall": town_hall,
        "mentor": mentor,
        "health": health,
    }
