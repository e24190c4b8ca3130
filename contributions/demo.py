"""Demo reactions: a few approved and pending ones under demo pages that accept reactions.

Runs after the feature apps (INSTALLED_APPS order); finds pages through `Page` queries only.
Idempotent (a reaction with the same page, name and text is not added twice) and deterministic.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page

from .choices import ReactionStatus
from .models import Reaction

A, P = ReactionStatus.APPROVED, ReactionStatus.PENDING

# (name, text, status, days after the page was published)
REACTIONS = [
    [
        (
            "Nadia B.",
            "Merci pour cette synthèse très fidèle à nos échanges.\n"
            "Chez nous, le binôme accompagnateur/pair a changé la donne : "
            "les nouveaux sociétaires osent poser leurs questions.",
            A,
            2,
        ),
        (
            "Julien, SCIC Les Communs",
            "Nous avons testé le tour de parole minuté proposé ici : "
            "cela fonctionne aussi à distance, avec un peu plus de pauses.",
            A,
            5,
        ),
        (
            "Élise",
            "Est-il possible d'obtenir le support présenté en atelier ? "
            "Il nous servirait pour notre prochaine assemblée.",
            P,
            7,
        ),
    ],
    [
        (
            "Marc, tiers-lieu La Fabrique",
            "Une piste à creuser : associer les bénévoles dès la préparation "
            "de la rencontre, pas seulement le jour même.",
            A,
            3,
        ),
        (
            "Sophie D.",
            "Très utile. Nous allons reprendre la grille d'auto-évaluation "
            "avec notre conseil d'administration.",
            P,
            4,
        ),
    ],
    [
        (
            "Karim",
            "Le passage sur la gouvernance partagée répond exactement aux "
            "questions que se pose notre coopérative d'activités.",
            A,
            1,
        ),
    ],
    [
        (
            "Anne-Laure",
            "Bravo pour ce travail collectif !\nUne question : la prochaine rencontre "
            "sera-t-elle ouverte aux structures qui ne sont pas encore membres ?",
            P,
            2,
        ),
    ],
]


def reactable_pages():
    """Live pages whose type accepts reactions and that are open to them, oldest path first."""
    pages = Page.objects.live().order_by("path").specific()
    return [
        page
        for page in pages
        if getattr(page, "accepts_reactions", False) and page.reactions_allowed()
    ]


def load(ctx):
    pages = reactable_pages()
    # Spread the reactions over pages of different types when there are several.
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    chosen = []
    while len(chosen) < len(REACTIONS) and any(by_type.values()):
        for group in by_type.values():
            if group and len(chosen) < len(REACTIONS):
                chosen.append(group.pop())
    for page, reactions in zip(chosen, REACTIONS, strict=False):
        published = page.first_published_at or timezone.now()
        for name, body, status, days in reactions:
            if Reaction.objects.filter(page=page, author_name=name, body=body).exists():
                continue
            created = min(published + datetime.timedelta(days=days), timezone.now())
            Reaction.objects.create(
                page=page,
                author_name=name,
                body=body,
                status=status,
                created_at=created,
                moderated_at=created + datetime.timedelta(hours=6) if status == A else None,
            )
            ctx.created += 1
    if chosen:
        ctx.log(f"Réactions de démonstration sur {len(chosen)} page(s).")
