"""A small site with every page type, for the feeds, subscriptions and API suites.

Public pages carry themes, keywords and files; a draft and a private page must never show.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF
from wagtail.documents.models import Document

from articles.factories import (
    MethodSheetPageFactory,
    MethodSheetStepFactory,
    ResourceIndexPageFactory,
    WhitePaperPageFactory,
)
from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
    make_audio_media,
)
from site_core.models import Theme
from tests.utils import make_private, publish
from working_groups.factories import (
    MeetingMinutesDecisionFactory,
    MeetingMinutesPageFactory,
    MeetingMinutesParticipantFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesDocument


def make_pdf(name: str, text: str) -> Document:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    document = Document(title=name)
    document.file.save(name, ContentFile(bytes(pdf.output())), save=False)
    document.save()
    return document


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, 10))


def _dated(page, day: int):
    """Fix the publication dates so that the order of the feeds is known."""
    type(page).objects.filter(pk=page.pk).update(
        first_published_at=at(day), last_published_at=at(day)
    )
    page.refresh_from_db()
    return page


def build_corpus(home_page) -> dict:
    ess = Theme.objects.create(name="Économie sociale et solidaire", slug="ess")
    travail = Theme.objects.create(name="Santé au travail", slug="sante-au-travail")

    groups = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=groups, title="Tiers-lieux en réseau", slug="tiers-lieux", short_name="TLR"
    )
    other_group = WorkingGroupPageFactory(
        parent=groups, title="Cantines solidaires", slug="cantines", short_name="CS"
    )
    minutes = MeetingMinutesPageFactory(parent=group, title="Troisième rencontre")
    MeetingMinutesParticipantFactory(page=minutes, name="Inès Morel", organisation="La Ruche")
    MeetingMinutesDecisionFactory(page=minutes, what="Écrire la fiche « brise-glace »")
    pdf = make_pdf("ordre-du-jour.pdf", "Ordre du jour de la rencontre")
    MeetingMinutesDocument.objects.create(page=minutes, document=pdf, sort_order=0)
    minutes.themes = [ess]
    minutes.keywords.add("gouvernance")
    publish(minutes)
    _dated(minutes, 10)

    group_sheet = MethodSheetPageFactory(parent=group, title="Le brise-glace des tiers-lieux")
    MethodSheetStepFactory(sheet=group_sheet, title="Se présenter", sort_order=0)
    group_sheet.themes = [travail]
    publish(group_sheet)
    _dated(group_sheet, 12)

    draft = MeetingMinutesPageFactory(parent=group, title="Brouillon secret")
    draft.unpublish()
    other_minutes = MeetingMinutesPageFactory(parent=other_group, title="Rencontre des cantines")
    other_minutes.themes = [ess]
    publish(other_minutes)
    _dated(other_minutes, 8)

    resources = ResourceIndexPageFactory(parent=home_page)
    paper_pdf = make_pdf("livre-blanc.pdf", "Ce que le réseau a appris")
    paper = WhitePaperPageFactory(
        parent=resources, title="Livre blanc des coopérations", pdf=paper_pdf
    )
    paper.keywords.add("gouvernance")
    publish(paper)
    _dated(paper, 14)
    private_sheet = MethodSheetPageFactory(parent=resources, title="Fiche réservée aux membres")
    make_private(private_sheet)

    podcasts = PodcastIndexPageFactory(parent=home_page)
    show = PodcastShowPageFactory(parent=podcasts, title="Les voix du Maillage", slug="les-voix")
    episode = PodcastEpisodePageFactory(
        parent=show,
        title="Coopérer sans s'épuiser",
        audio=make_audio_media(title="Épisode 1"),
        published_on=datetime.date(2026, 3, 16),
        number=1,
    )
    episode.themes = [ess]
    publish(episode)
    _dated(episode, 16)
    return {
        "themes": {"ess": ess, "travail": travail},
        "groups": groups,
        "group": group,
        "other_group": other_group,
        "minutes": minutes,
        "group_sheet": group_sheet,
        "draft": draft,
        "other_minutes": other_minutes,
        "resources": resources,
        "paper": paper,
        "private_sheet": private_sheet,
        "podcasts": podcasts,
        "show": show,
        "episode": episode,
        "pdf": pdf,
    }
