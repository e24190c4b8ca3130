"""A deterministic synthetic French corpus: the same seed gives the same pages everywhere."""

import datetime
import random

from search.documents import IndexDocument

WORDS = [
    "accompagnement",
    "action",
    "adhérent",
    "adhésion",
    "agriculture",
    "alimentation",
    "alliance",
    "animation",
    "apprentissage",
    "assemblée",
    "association",
    "atelier",
    "autonomie",
    "bénévole",
    "bénévolat",
    "bilan",
    "budget",
    "cantine",
    "capitalisation",
    "charte",
    "circuit",
    "citoyen",
    "climat",
    "collectif",
    "collectivité",
    "commande",
    "commun",
    "communauté",
    "compétence",
    "compostage",
    "comptabilité",
    "concertation",
    "confiance",
    "conseil",
    "consommation",
    "convention",
    "coopération",
    "coopérative",
    "cotisation",
    "culture",
    "décision",
    "démarche",
    "démocratie",
    "dialogue",
    "diagnostic",
    "dispositif",
    "économie",
    "éducation",
    "égalité",
    "emploi",
    "énergie",
    "engagement",
    "entreprise",
    "entrepreneur",
    "environnement",
    "équipe",
    "espace",
    "essaimage",
    "évaluation",
    "expérience",
    "fabrique",
    "facilitation",
    "famille",
    "fédération",
    "financement",
    "fiche",
    "fonds",
    "formation",
    "fondation",
    "gouvernance",
    "habitat",
    "hybridation",
    "inclusion",
    "initiative",
    "innovation",
    "insertion",
    "instance",
    "jardin",
    "jeunesse",
    "laboratoire",
    "lien",
    "logement",
    "marché",
    "méthode",
    "métier",
    "mobilité",
    "mutualisation",
    "mutuelle",
    "numérique",
    "organisation",
    "outil",
    "participation",
    "partenariat",
    "parcours",
    "patrimoine",
    "pédagogie",
    "permanence",
    "pratique",
    "prévention",
    "projet",
    "quartier",
    "réemploi",
    "réseau",
    "ressource",
    "restauration",
    "ruralité",
    "salarié",
    "santé",
    "savoir",
    "scop",
    "scic",
    "sobriété",
    "social",
    "solidarité",
    "soin",
    "statut",
    "subvention",
    "territoire",
    "tiers-lieu",
    "transition",
    "travail",
    "usager",
    "utilité",
    "valorisation",
    "ville",
    "vulnérabilité",
]
ADJECTIVES = [
    "sociale",
    "solidaire",
    "collective",
    "partagée",
    "locale",
    "territoriale",
    "coopérative",
    "associative",
    "durable",
    "citoyenne",
    "populaire",
    "écologique",
    "numérique",
    "rurale",
    "urbaine",
    "inclusive",
    "publique",
    "ouverte",
    "régionale",
]
LINKS = [
    "de",
    "la",
    "des",
    "du",
    "pour",
    "avec",
    "dans",
    "sur",
    "et",
    "en",
    "une",
    "un",
    "le",
    "les",
    "au",
    "aux",
    "par",
    "entre",
]
TYPES = [
    ("working_groups.meetingminutespage", "Compte-rendu"),
    ("articles.methodsheetpage", "Fiche méthode"),
    ("articles.whitepaperpage", "Livre blanc"),
    ("podcasts.podcastepisodepage", "Épisode"),
    ("site_core.standardpage", "Page simple"),
]
THEMES = [
    ("accompagnement", "Accompagnement"),
    ("sante-au-travail", "Santé au travail"),
    ("cooperation-territoriale", "Coopération territoriale"),
    ("gouvernance-partagee", "Gouvernance partagée"),
    ("education-populaire", "Éducation populaire"),
    ("ess", "Économie sociale et solidaire"),
    ("emploi-et-formation", "Emploi et formation"),
    ("transition-ecologique", "Transition écologique"),
]
GROUPS = [(f"groupe-{n}", f"Groupe de travail {n}") for n in range(1, 41)]


def _zipf_weights(count):
    return [1 / (rank + 1) for rank in range(count)]


def documents(count: int, *, seed: int = 20240611, start_id: int = 1):
    """`count` IndexDocuments, deterministic for a seed."""
    rng = random.Random(seed)
    nouns = WORDS[:]
    rng.shuffle(nouns)
    weights = _zipf_weights(len(nouns))
    keyword_pool = [(f"mot-{n}", f"{rng.choice(nouns)} {n}") for n in range(400)]

    def sentence(length):
        words = []
        for _ in range(length):
            roll = rng.random()
            if roll < 0.55:
                words.append(rng.choices(nouns, weights)[0])
            elif roll < 0.75:
                words.append(rng.choice(ADJECTIVES))
            else:
                words.append(rng.choice(LINKS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    for offset in range(count):
        type_value, type_label = TYPES[offset % len(TYPES)]
        group = GROUPS[rng.randrange(len(GROUPS))] if rng.random() < 0.6 else ("", "")
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        yield IndexDocument(
            page_id=start_id + offset,
            title=sentence(rng.randint(4, 9)).rstrip("."),
            url=f"/bench/{start_id + offset}/",
            content_type=type_value,
            type_label=type_label,
            summary=sentence(rng.randint(15, 25)),
            body=" ".join(sentence(rng.randint(8, 16)) for _ in range(rng.randint(6, 12))),
            group_slug=group[0],
            group_title=group[1],
            themes=rng.sample(THEMES, rng.randint(0, 2)),
            keywords=rng.sample(keyword_pool, rng.randint(0, 3)),
            date=day,
        )


# A fixed set of queries typed as readers type them, with filters, sorts and pages.
QUERIES = [
    {"q": "economie"},
    {"q": "cooperatives"},
    {"q": "l'économie sociale"},
    {"q": "gouvernance partagée"},
    {"q": '"économie sociale"'},
    {"q": "mutualisation"},
    {"q": "tiers-lieu ruralité"},
    {"q": "assocation"},
    {"q": "formation", "theme": "ess"},
    {"q": "jardin", "year": "2020"},
    {"q": "santé", "sort": "date"},
    {"q": "réseau", "page": "3"},
    {"q": "insertion emploi", "type": "articles.methodsheetpage"},
    {"q": "compostage -jardin"},
    {"q": "scic statut"},
    {"q": "numérique inclusion", "group": "groupe-7"},
]
