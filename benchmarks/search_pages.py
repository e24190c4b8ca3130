"""Real pages for the rebuild benchmark: minutes with participants, decisions, a body of
sections, questions and quotes, and a PDF of their own; method sheets with steps, tips and
variants. Built through the page tree (add_child), as editors' pages are, with seeded text."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from benchmarks.corpus import WORDS

FIRST_NAMES = ["Inès", "Karim", "Léa", "Bruno", "Aïcha", "Paul", "Maëlle", "Yanis", "Odile"]
LAST_NAMES = ["Morel", "Benali", "Faure", "Nguyen", "Lambert", "Roux", "Diallo", "Perrin"]
ORGANISATIONS = ["SCIC Terre", "Coop'Alpes", "Asso Relais", "Tiers-lieu La Grange", "CAE Ouvre"]


def sentence(rng: random.Random, length: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def minutes_body(rng):
    return [
        ("heading", {"text": sentence(rng, 4), "level": "h2"}),
        ("paragraph", f"<p>{paragraph(rng, 5)}</p>"),
        (
            "question",
            {"question": sentence(rng, 9), "answered": True, "answer": f"<p>{paragraph(rng)}</p>"},
        ),
        ("heading", {"text": sentence(rng, 3), "level": "h2"}),
        ("paragraph", f"<p>{paragraph(rng, 6)}</p>"),
        ("quote", {"quote": sentence(rng, 16), "attribution": rng.choice(FIRST_NAMES)}),
    ]


def create_real_pages(count: int, *, seed: int = 11) -> dict:
    """About `count` pages: 3/4 minutes (in 4 groups), 1/4 method sheets. Returns counts."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from articles.models import MethodSheetPage, MethodSheetStep, ResourceIndexPage
    from site_core.demo_tools import make_pdf
    from site_core.models import HomePage
    from tests.utils import ensure_site_tree
    from working_groups.models import (
        MeetingMinutesDecision,
        MeetingMinutesDocument,
        MeetingMinutesPage,
        MeetingMinutesParticipant,
        WorkingGroupIndexPage,
        WorkingGroupPage,
    )

    rng = random.Random(seed)
    home = HomePage.objects.first() or ensure_site_tree()
    groups_index = WorkingGroupIndexPage(title="Groupes (banc d'essai)", slug="groupes-banc")
    home.add_child(instance=groups_index)
    resources = ResourceIndexPage(title="Ressources (banc d'essai)", slug="ressources-banc")
    home.add_child(instance=resources)
    groups = []
    for number in range(4):
        group = WorkingGroupPage(
            title=f"Groupe {WORDS[number * 7]} {number}",
            slug=f"groupe-banc-{number}",
            short_name=f"GB{number}",
            mission=f"<p>{paragraph(rng)}</p>",
            territory="Auvergne-Rhône-Alpes",
        )
        groups_index.add_child(instance=group)
        groups.append(group)
    Document = get_document_model()
    root_collection = Collection.get_first_root_node()
    now = timezone.now()
    minutes_count = count * 3 // 4
    for number in range(minutes_count):
        day = datetime.date(2018, 1, 1) + datetime.timedelta(days=number)
        title = f"Rencontre {number + 1} : {sentence(rng, 5)[:-1]}"
        content = make_pdf(title, [paragraph(rng, 6), paragraph(rng, 6)])
        document = Document(title=f"Ordre du jour {number + 1}", collection=root_collection)
        document.file.save(f"ordre-du-jour-{number + 1}.pdf", ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        page = MeetingMinutesPage(
            title=title[:250],
            slug=f"{day.isoformat()}-rencontre-{number + 1}",
            summary=paragraph(rng, 2),
            meeting_date=day,
            sequence_number=number + 1,
            place="Maison des associations",
            synthesis_author=rng.choice(FIRST_NAMES),
            body=minutes_body(rng),
            next_meeting_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
            + datetime.timedelta(weeks=4),
            next_meeting_agenda=sentence(rng, 12),
            live=True,
            first_published_at=now,
            last_published_at=now,
            participants=[
                MeetingMinutesParticipant(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    organisation=rng.choice(ORGANISATIONS),
                    sort_order=i,
                )
                for i in range(8)
            ],
            decisions=[
                MeetingMinutesDecision(
                    what=sentence(rng, 10), who=rng.choice(FIRST_NAMES), sort_order=i
                )
                for i in range(5)
            ],
            documents=[MeetingMinutesDocument(document=document, sort_order=0)],
        )
        groups[number % len(groups)].add_child(instance=page)
        page.keywords.add(rng.choice(WORDS), rng.choice(WORDS))
        page.save()
    sheets_count = count - minutes_count
    for number in range(sheets_count):
        page = MethodSheetPage(
            title=f"Fiche {number + 1} : {sentence(rng, 4)[:-1]}"[:250],
            slug=f"fiche-banc-{number + 1}",
            summary=paragraph(rng, 2),
            objective=paragraph(rng, 2),
            audiences="Bénévoles, salariés, administrateurs",
            materials="Tableau\nFeutres\nPost-it",
            facilitation_tips=f"<p>{paragraph(rng, 3)}</p>",
            variants=f"<p>{paragraph(rng, 2)}</p>",
            live=True,
            first_published_at=now,
            last_published_at=now,
            steps=[
                MethodSheetStep(
                    title=sentence(rng, 4), instructions=paragraph(rng, 2), sort_order=i
                )
                for i in range(6)
            ],
        )
        resources.add_child(instance=page)
        page.keywords.add(rng.choice(WORDS))
        page.save()
    return {"minutes": minutes_count, "sheets": sheets_count, "pdfs": minutes_count}
