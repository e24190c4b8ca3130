"""Demo resources: six method sheets and two white papers built from the demo minutes."""

import datetime

from django.utils import timezone
from wagtail.models import Page

from site_core.models import HomePage

from .models import (
    MethodSheetPage,
    MethodSheetRelated,
    MethodSheetStep,
    ResourceIndexPage,
    WhitePaperContributor,
    WhitePaperPage,
    WhitePaperSource,
)

SHEETS = [
    {
        "slug": "theatre-forum",
        "title": "Le théâtre-forum",
        "summary": "Jouer une scène d'oppression vécue au travail, puis la rejouer en laissant le public prendre la place du personnage en difficulté.",
        "objective": "Explorer collectivement des manières d'agir face à une situation de travail bloquée, en l'essayant plutôt qu'en la commentant.",
        "audiences": "Équipes salariées, bénévoles, collectifs mixtes",
        "duration_label": "Une demi-journée",
        "group_size": (8, 25),
        "materials": "Un espace dégagé\nQuelques chaises\nUn tableau pour noter les propositions",
        "origins": ["theatre_oppressed", "popular_education"],
        "themes": ["Éducation populaire", "Santé au travail"],
        "keywords": ["théâtre", "conflit", "mise en situation"],
        "steps": [
            (
                "Échauffement et mise en confiance",
                "Jeux de marche, de regard et de voix pour que chacun ose occuper l'espace.",
                20,
            ),
            (
                "Récits de situations",
                "En petits groupes, chacun raconte une situation où il s'est senti empêché. Le groupe en choisit une.",
                30,
            ),
            (
                "Construction de la scène",
                "Le groupe met en scène la situation choisie en trois minutes, jusqu'au moment où tout bascule.",
                30,
            ),
            (
                "Le forum",
                "La scène est rejouée ; toute personne du public peut crier « stop », remplacer le protagoniste et tenter autre chose.",
                60,
            ),
            (
                "Retour collectif",
                "Qu'avons-nous essayé ? Qu'est-ce qui a déplacé la situation ? Ce qui est transposable dans nos structures.",
                30,
            ),
        ],
        "tips": "<p>Le rôle de la personne qui anime (le « joker ») est de poser des questions au public, jamais de juger les propositions.</p>",
        "variants": "<p>En visioconférence, on peut remplacer le jeu par un récit à plusieurs voix, moins puissant mais praticable.</p>",
    },
    {
        "slug": "entrainement-mental",
        "title": "L'entraînement mental",
        "summary": "Une méthode de l'éducation populaire pour passer d'une situation vécue à une action réfléchie, en quatre temps.",
        "objective": "Analyser une situation complexe avant de décider, en distinguant les faits, les problèmes, les explications et les actions possibles.",
        "audiences": "Conseils d'administration, équipes de coordination",
        "duration_label": "2 h 30",
        "group_size": (4, 12),
        "materials": "Un grand tableau divisé en quatre colonnes\nDes feutres",
        "origins": ["popular_education"],
        "themes": ["Éducation populaire", "Gouvernance partagée"],
        "keywords": ["analyse", "décision"],
        "steps": [
            (
                "Décrire la situation",
                "Les faits, rien que les faits : qui, quoi, où, quand. On écarte les jugements pour plus tard.",
                30,
            ),
            (
                "Poser les problèmes",
                "Quelles contradictions la situation révèle-t-elle ? Pour qui est-ce un problème ?",
                30,
            ),
            (
                "Comprendre",
                "Chercher les explications possibles, en croisant les points de vue et les savoirs disponibles.",
                45,
            ),
            (
                "Agir",
                "Lister les actions possibles, leurs effets attendus, et choisir ce que le groupe s'engage à faire.",
                45,
            ),
        ],
        "tips": "<p>Afficher les quatre temps au mur : le groupe revient spontanément à la description quand il s'égare.</p>",
        "variants": "",
    },
    {
        "slug": "socio-analyse",
        "title": "La socio-analyse d'une organisation",
        "summary": "Faire émerger, avec l'ensemble des membres, ce que l'organisation produit sans le dire : règles implicites, places assignées, non-dits.",
        "objective": "Rendre visibles les fonctionnements implicites d'une structure pour pouvoir les discuter et les transformer.",
        "audiences": "Associations employeuses, coopératives",
        "duration_label": "Deux journées",
        "group_size": (6, 20),
        "materials": "Une salle hors du lieu de travail habituel\nUn paperboard",
        "origins": ["socio_analysis", "institutional_pedagogy"],
        "themes": ["Accompagnement", "Gouvernance partagée"],
        "keywords": ["analyse institutionnelle", "organisation du travail"],
        "steps": [
            (
                "Contrat de départ",
                "Définir avec le groupe la demande, les règles de confidentialité et ce qui sera restitué.",
                45,
            ),
            (
                "Récit de l'histoire de la structure",
                "Chacun situe son arrivée sur une frise ; le groupe repère les moments de rupture.",
                90,
            ),
            (
                "Analyse des analyseurs",
                "Repérer les incidents révélateurs (un conflit, une absence, une règle contournée) et ce qu'ils disent.",
                120,
            ),
            (
                "Restitution et pistes",
                "Les intervenants proposent une lecture ; le groupe la discute, la corrige et en tire des pistes.",
                90,
            ),
        ],
        "tips": "<p>La socio-analyse suppose que la direction accepte d'être analysée comme les autres.</p>",
        "variants": "",
    },
    {
        "slug": "recits-de-vie-professionnels",
        "title": "Les récits de vie professionnels",
        "summary": "Chacun raconte son parcours de travail ; le groupe y repère ce qui relève de l'histoire personnelle et ce qui relève du collectif.",
        "objective": "Relier les trajectoires individuelles aux transformations du travail dans l'ESS.",
        "audiences": "Salariés, bénévoles, personnes en reconversion",
        "duration_label": "Trois séances de 3 h",
        "group_size": (5, 10),
        "materials": "Une feuille A3 par personne\nDes crayons de couleur",
        "origins": ["clinical_sociology"],
        "themes": ["Emploi et formation", "Santé au travail"],
        "keywords": ["parcours", "récit"],
        "steps": [
            (
                "Dessiner sa trajectoire",
                "Chacun trace sur une feuille son parcours professionnel, avec ses bifurcations.",
                40,
            ),
            (
                "Raconter",
                "À tour de rôle, chacun raconte sa trajectoire ; les autres écoutent sans interrompre.",
                90,
            ),
            (
                "Faire des liens",
                "Le groupe relève les points communs : les mêmes ruptures, les mêmes contraintes, les mêmes choix.",
                50,
            ),
        ],
        "tips": "<p>Rappeler qu'on ne dit que ce qu'on choisit de dire : personne n'est obligé de tout raconter.</p>",
        "variants": "",
    },
    {
        "slug": "diagnostic-collectif-territoire",
        "title": "Le diagnostic collectif d'un territoire",
        "summary": "Cartographier avec les acteurs d'un territoire leurs ressources, leurs besoins et leurs coopérations existantes.",
        "objective": "Produire une carte partagée des acteurs et des coopérations pour décider des prochains chantiers communs.",
        "audiences": "Élus, techniciens, associations, entreprises de l'ESS d'un même territoire",
        "duration_label": "Une journée",
        "group_size": (10, 40),
        "materials": "Une grande carte du territoire\nDes gommettes de trois couleurs\nDes fils de laine",
        "origins": ["cooperative_movement", "popular_education"],
        "themes": ["Coopération territoriale"],
        "keywords": ["cartographie", "territoire"],
        "steps": [
            (
                "Placer les acteurs",
                "Chacun place sa structure sur la carte avec une gommette selon sa nature.",
                30,
            ),
            (
                "Tirer les fils",
                "Un fil de laine relie deux structures qui coopèrent déjà ; on note la nature du lien.",
                60,
            ),
            (
                "Repérer les manques",
                "En sous-groupes, repérer les zones blanches et les besoins non couverts.",
                60,
            ),
            (
                "Choisir des chantiers",
                "Chaque sous-groupe propose un chantier ; le groupe en retient deux par consentement.",
                60,
            ),
        ],
        "tips": "<p>Photographier la carte à chaque étape : c'est la mémoire du diagnostic.</p>",
        "variants": "",
        "in_group": "cooperation-territoriale",
    },
    {
        "slug": "decision-par-consentement",
        "title": "La décision par consentement",
        "summary": "Décider sans voter : une proposition est adoptée quand plus personne n'y voit d'objection argumentée.",
        "objective": "Prendre des décisions rapides et solides dans un collectif, en intégrant les objections plutôt qu'en les écartant.",
        "audiences": "Coopératives, conseils d'administration collégiaux",
        "duration_label": "30 à 45 minutes par décision",
        "group_size": (4, 15),
        "materials": "Une proposition écrite et affichée",
        "origins": ["shared_governance", "cooperative_movement"],
        "themes": ["Gouvernance partagée", "Économie sociale et solidaire"],
        "keywords": ["consentement", "décision"],
        "steps": [
            (
                "Présenter la proposition",
                "La personne qui porte la proposition la lit et explique le besoin auquel elle répond.",
                5,
            ),
            (
                "Questions de clarification",
                "Uniquement des questions pour comprendre, sans avis.",
                5,
            ),
            ("Tour de réactions", "Chacun donne son ressenti en une phrase, sans débat.", 10),
            (
                "Amender",
                "La personne porteuse peut reformuler sa proposition à la lumière des réactions.",
                5,
            ),
            (
                "Tour d'objections",
                "Une objection argumentée montre en quoi la proposition nuit au projet ; on la traite en bonifiant la proposition.",
                15,
            ),
            (
                "Célébrer la décision",
                "Quand plus personne n'a d'objection, la décision est prise et notée.",
                2,
            ),
        ],
        "tips": "<p>Une objection n'est pas une préférence : demander « en quoi cela empêche-t-il le collectif d'avancer ? »</p>",
        "variants": "<p>Pour des décisions mineures, un simple tour d'objections suffit.</p>",
    },
]


def find_pages(model_name, app_label="working_groups"):
    return Page.objects.live().filter(
        content_type__app_label=app_label, content_type__model=model_name
    )


def link_related(sheets, first, second):
    """Link two demo sheets both ways (once: a second run finds the rows and adds nothing)."""
    a, b = sheets.get(first), sheets.get(second)
    if a is None or b is None:
        return
    for sheet, other in ((a, b), (b, a)):
        if not sheet.related_sheet_links.filter(sheet=other).exists():
            sheet.related_sheet_links.add(MethodSheetRelated(sheet=other))
            sheet.save_revision().publish()


def load(ctx):
    home = HomePage.objects.first()
    index = ctx.page(
        home,
        ResourceIndexPage,
        "ressources",
        title="Ressources",
        summary="Fiches méthode et livres blancs : ce que les groupes ont appris, prêt à être réutilisé.",
        show_in_menus=True,
    )
    groups = {page.slug: page for page in find_pages("workinggrouppage")}
    sheets = {}
    for data in SHEETS:
        parent = groups.get(data.get("in_group"), index)
        low, high = data["group_size"]
        existing = parent.get_children().filter(slug=data["slug"]).first()
        if existing is not None:
            sheets[data["slug"]] = existing.specific
            continue
        sheets[data["slug"]] = ctx.page(
            parent,
            MethodSheetPage,
            data["slug"],
            keywords=data["keywords"],
            themes=ctx.themes(*data["themes"]),
            title=data["title"],
            summary=data["summary"],
            objective=data["objective"],
            audiences=data["audiences"],
            duration_label=data["duration_label"],
            group_size_min=low,
            group_size_max=high,
            materials=data["materials"],
            origins=data["origins"],
            facilitation_tips=data["tips"],
            variants=data["variants"],
            steps=[
                MethodSheetStep(title=title, instructions=text, duration_minutes=minutes)
                for title, text, minutes in data["steps"]
            ],
        )
    link_related(sheets, "theatre-forum", "recits-de-vie-professionnels")
    link_related(sheets, "entrainement-mental", "decision-par-consentement")

    wear = load_wear_paper(ctx, index, groups, sheets)
    load_support_paper(ctx, groups, sheets)
    del wear


def minutes_of(group, count):
    """The group's first `count` live minutes (by date order in the tree); [] without the group."""
    if group is None:
        return []
    return list(
        find_pages("meetingminutespage").child_of(group).order_by("path").specific()[:count]
    )


def chapter(heading, anchor, *paragraphs):
    return (
        "chapter",
        {
            "heading": heading,
            "anchor": anchor,
            "body": [("paragraph", f"<p>{text}</p>") for text in paragraphs],
        },
    )


def sources_from(minutes, sheets, sheet_notes):
    """Provenance rows: the minutes, then the sheets used in the workshops (those that exist)."""
    rows = [WhitePaperSource(source=page, note="compte-rendu de rencontre") for page in minutes]
    rows += [
        WhitePaperSource(source=sheets[slug], note=note)
        for slug, note in sheet_notes
        if slug in sheets
    ]
    return rows


def load_wear_paper(ctx, index, groups, sheets):
    """In the resources section, built from the health-at-work group; consultation open now."""
    today = timezone.localdate()
    pdf = ctx.document(
        "Livre blanc — Prévenir l'usure dans les coopératives (PDF)",
        "livre-blanc-usure-cooperatives.pdf",
        ctx.pdf(
            "Prévenir l'usure dans les coopératives",
            [
                "Ce livre blanc rassemble deux années de rencontres entre coopératives autour de la santé au travail.",
                "Il propose cinq repères pour prévenir l'usure quand on est à la fois salarié et associé.",
            ],
        ),
    )
    minutes = minutes_of(groups.get("sante-travail-cooperatives"), 3)
    return ctx.page(
        index,
        WhitePaperPage,
        "livre-blanc-sante-au-travail-cooperatives",
        title="Prévenir l'usure dans les coopératives",
        summary="Cinq repères tirés des rencontres du réseau pour prendre soin du travail quand on en est aussi propriétaire.",
        abstract="<p>Être associé de sa coopérative ne protège pas de l'épuisement. Ce livre blanc croise les comptes-rendus des rencontres du réseau et propose des repères pour les collectifs.</p>",
        chapters=[
            chapter(
                "Ce que nous avons observé",
                "observations",
                "Les mêmes signaux reviennent d'une structure à l'autre : heures non comptées, confusion des rôles, difficulté à dire non.",
            ),
            chapter(
                "Cinq repères pour agir",
                "reperes",
                "Compter le temps, séparer les instances, former les nouveaux associés, ritualiser les retours, outiller la prévention.",
            ),
            chapter(
                "Et maintenant ?",
                "suite",
                "La consultation est ouverte : vos réactions nourriront la version définitive.",
            ),
        ],
        pdf=pdf,
        consultation_opens=today - datetime.timedelta(days=10),
        consultation_closes=today + datetime.timedelta(days=60),
        keywords=["santé au travail", "prévention", "coopérative"],
        themes=ctx.themes("Santé au travail", "Économie sociale et solidaire"),
        contributors=[
            WhitePaperContributor(
                name="Aurélie Mas", organisation="SCOP L'Encre verte", role="coordination"
            ),
            WhitePaperContributor(
                name="Camille Roux", organisation="Réseau Maillage", role="rédaction"
            ),
            WhitePaperContributor(
                organisation="Union régionale des Scop", role="relecture des repères"
            ),
        ],
        sources=sources_from(
            minutes,
            sheets,
            [
                ("recits-de-vie-professionnels", "méthode utilisée en atelier"),
                ("theatre-forum", "scènes jouées lors de la troisième rencontre"),
            ],
        ),
    )


def load_support_paper(ctx, groups, sheets):
    """Inside the support practices group (its workflow applies); consultation already closed."""
    group = groups.get("pratiques-accompagnement")
    if group is None:
        return None
    today = timezone.localdate()
    pdf = ctx.document(
        "Livre blanc — Accompagner sans faire à la place (PDF)",
        "livre-blanc-accompagner-sans-faire-a-la-place.pdf",
        ctx.pdf(
            "Accompagner sans faire à la place",
            [
                "Ce que quatre rencontres du groupe Pratiques d'accompagnement ont appris sur la posture d'accompagnement.",
                "Accueillir, questionner, laisser décider, évaluer ensemble : quatre gestes et leurs écueils.",
            ],
        ),
    )
    return ctx.page(
        group,
        WhitePaperPage,
        "livre-blanc-accompagner-sans-faire-a-la-place",
        title="Accompagner sans faire à la place",
        summary="Quatre gestes d'accompagnement des structures de l'ESS, tirés d'une année de rencontres du groupe.",
        abstract="<p>Accompagner une association ou une coopérative, c'est l'aider à décider, pas décider pour elle. Ce livre blanc rassemble ce que les accompagnateurs du réseau ont mis en commun au fil de leurs rencontres.</p>",
        chapters=[
            chapter(
                "Accueillir la demande",
                "accueillir",
                "La première rencontre sert à entendre la demande telle qu'elle est formulée, puis à chercher avec la structure celle qui se cache derrière.",
            ),
            chapter(
                "Questionner plutôt que prescrire",
                "questionner",
                "Une bonne question ouvre davantage de pistes qu'un conseil : le groupe a recensé celles qui ont fait avancer les structures.",
            ),
            chapter(
                "Évaluer avec les structures",
                "evaluer",
                "L'évaluation se construit avec les personnes accompagnées, à partir de leurs propres critères.",
            ),
        ],
        pdf=pdf,
        consultation_opens=today - datetime.timedelta(days=120),
        consultation_closes=today - datetime.timedelta(days=30),
        keywords=["accompagnement", "posture", "évaluation"],
        themes=ctx.themes("Accompagnement", "Éducation populaire"),
        contributors=[
            WhitePaperContributor(name="Karim Benali", organisation="Ruches solidaires"),
            WhitePaperContributor(organisation="Groupe Pratiques d'accompagnement"),
        ],
        sources=sources_from(
            minutes_of(group, 4),
            sheets,
            [("entrainement-mental", "grille d'analyse reprise au chapitre 2")],
        ),
    )
