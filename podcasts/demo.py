"""Demo podcast: one show, three short episodes with real (synthesised) French audio."""

import datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Page
from wagtailmedia.models import get_media_model

from site_core.models import HomePage

from .audio import read_audio_facts
from .models import (
    EpisodeChapter,
    EpisodeFurtherLink,
    EpisodeGuest,
    PodcastEpisodePage,
    PodcastIndexPage,
    PodcastShowPage,
)

AUDIO_DIR = Path(__file__).resolve().parent / "demo_audio"

EPISODES = [
    {
        "slug": "accompagner-sans-faire-a-la-place",
        "title": "Accompagner sans faire à la place",
        "summary": "Trois accompagnatrices racontent comment elles trouvent la bonne distance avec les collectifs qu'elles suivent.",
        "audio": "episode-1.mp3",
        "guests": [
            ("Aurélie Mas", "guest", "SCOP L'Encre verte"),
            ("Nadia Benali", "host", "Réseau Maillage"),
        ],
        "chapters": [
            (0, "Ouverture"),
            (3, "La première rencontre"),
            (6, "Ce qu'on laisse au groupe"),
        ],
        "transcript": "Bienvenue dans Maillage, le podcast des réseaux de l'économie sociale et solidaire.\n\nDans ce premier épisode, nous parlons d'accompagnement : comment aider un collectif sans décider à sa place.",
        "themes": ["Accompagnement"],
        "keywords": ["accompagnement", "posture"],
        "links": [
            ("working_groups", "meetingminutespage", "accompagner-sans-faire-a-la-place"),
            ("articles", "methodsheetpage", "theatre-forum"),
        ],
        "subtitles": [
            (
                0.0,
                3.0,
                "Bienvenue dans Maillage, le podcast des réseaux de l'économie sociale et solidaire.",
            ),
            (
                3.0,
                8.0,
                "Dans ce premier épisode, nous parlons d'accompagnement : comment aider un collectif sans décider à sa place.",
            ),
        ],
    },
    {
        "slug": "salarie-et-associe",
        "title": "Salarié et associé : qui prend soin de qui ?",
        "summary": "Dans une coopérative, on est son propre employeur. Une discussion sur l'usure et les moyens de la prévenir.",
        "audio": "episode-2.mp3",
        "guests": [("Camille Roux", "guest", "Réseau Maillage")],
        "chapters": [(0, "Le paradoxe de la double casquette"), (4, "Les signaux d'alerte")],
        "transcript": "Deuxième épisode.\n\nComment prendre soin de la santé au travail quand on est à la fois salarié et associé de sa coopérative ?",
        "themes": ["Santé au travail"],
        "keywords": ["santé au travail", "coopérative"],
        "links": [
            ("working_groups", "meetingminutespage", "associe-qui-protege-qui"),
            ("articles", "whitepaperpage", "livre-blanc-sante-au-travail-cooperatives"),
        ],
    },
    {
        "slug": "cooperer-sur-un-territoire",
        "title": "Coopérer sur un territoire",
        "summary": "Élus, associations et entreprises autour d'une même table : ce que la cartographie collective a changé.",
        "audio": "episode-3.mp3",
        "guests": [("Samuel Girard", "guest", "Communauté de communes Loire-Layon")],
        "chapters": [(0, "Introduction"), (3, "La carte des acteurs")],
        "transcript": "Troisième épisode.\n\nCoopérer sur un territoire : élus, associations et entreprises autour d'une même table.",
        "themes": ["Coopération territoriale"],
        "keywords": ["territoire", "cartographie"],
        "links": [
            ("working_groups", "meetingminutespage", "cartographier-les-acteurs"),
            ("articles", "methodsheetpage", "diagnostic-collectif-territoire"),
        ],
    },
]


def further_pages(links):
    """Demo minutes, sheets and white papers by type and slug (dated slugs: by their end);
    absent ones (an app without demo content) are skipped."""
    pages = []
    for app_label, model, slug_end in links:
        page = (
            Page.objects.live()
            .filter(content_type__app_label=app_label, content_type__model=model)
            .filter(slug__endswith=slug_end)
            .order_by("path")
            .first()
        )
        if page is not None:
            pages.append(page)
    return pages


def webvtt(cues) -> bytes:
    def stamp(seconds):
        minutes, secs = divmod(seconds, 60)
        return f"00:{int(minutes):02d}:{secs:06.3f}"

    blocks = [f"{stamp(start)} --> {stamp(end)}\n{text}" for start, end, text in cues]
    return ("WEBVTT\n\n" + "\n\n".join(blocks) + "\n").encode()


def media_for(filename, title, collection):
    Media = get_media_model()
    existing = Media.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = (AUDIO_DIR / filename).read_bytes()
    media = Media(title=title, type="audio", collection=collection)
    media.file.save(filename, ContentFile(content), save=False)
    with (AUDIO_DIR / filename).open("rb") as handle:
        media.duration = round(read_audio_facts(handle, filename).duration, 2)
    media.save()
    return media


def load(ctx):
    home = HomePage.objects.first()
    index = ctx.page(
        home,
        PodcastIndexPage,
        "podcasts",
        title="Podcasts",
        summary="Les débats et entretiens des réseaux, à écouter et à s'abonner.",
        show_in_menus=True,
    )
    artwork = ctx.image("Pochette — Les voix du Maillage", width=1400, height=1400)
    show = ctx.page(
        index,
        PodcastShowPage,
        "les-voix-du-maillage",
        title="Les voix du Maillage",
        summary="Le podcast des groupes de travail du réseau.",
        description="Chaque mois, des membres des réseaux de l'ESS racontent ce qu'ils apprennent ensemble.",
        artwork=artwork,
        author="Réseau Maillage",
        owner_name="Comité éditorial du Maillage",
        owner_email="podcast@maillage.localhost",
        keywords=["podcast"],
        themes=ctx.themes("Économie sociale et solidaire"),
    )
    collection = ctx.collection("Podcasts")
    today = timezone.localdate()
    for number, data in enumerate(EPISODES, start=1):
        if show.get_children().filter(slug=data["slug"]).exists():
            continue
        path = AUDIO_DIR / data["audio"]
        media = media_for(data["audio"], f"Audio — {data['title']}", collection)
        with path.open("rb") as handle:
            facts = read_audio_facts(handle, data["audio"])
        subtitles = None
        if data.get("subtitles"):
            subtitles = ctx.document(
                f"Sous-titres — {data['title']}",
                data["audio"].replace(".mp3", ".vtt"),
                webvtt(data["subtitles"]),
                collection=collection,
            )
        ctx.page(
            show,
            PodcastEpisodePage,
            data["slug"],
            title=data["title"],
            summary=data["summary"],
            audio=media,
            audio_duration=facts.duration,
            audio_size=facts.size,
            audio_mime_type=facts.mime_type,
            published_on=today - datetime.timedelta(days=30 * (len(EPISODES) - number)),
            season=1,
            number=number,
            transcript=data["transcript"],
            transcript_file=subtitles,
            show_notes=f"<p>{data['summary']}</p>",
            keywords=data["keywords"],
            themes=ctx.themes(*data["themes"]),
            guests=[EpisodeGuest(name=n, role=r, organisation=o) for n, r, o in data["guests"]],
            chapters=[EpisodeChapter(start_seconds=s, title=t) for s, t in data["chapters"]],
            further_links=[
                EpisodeFurtherLink(page=target) for target in further_pages(data["links"])
            ],
        )
