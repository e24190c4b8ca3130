"""Demo content: three working groups with their histories, and people in each role.

Meeting dates are counted back from today (every six or seven weeks, the newest three weeks ago)
so that each group always announces a next meeting still to come.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from site_core.models import HomePage

from .blocks import split_body_decisions
from .choices import DecisionKind, DecisionStatus, GroupStatus, ParticipantRole
from .models import (
    MeetingMinutesDecision,
    MeetingMinutesDocument,
    MeetingMinutesPage,
    MeetingMinutesParticipant,
    WorkingGroupIndexPage,
    WorkingGroupOrganisation,
    WorkingGroupPage,
)
from .provisioning import add_member, provision_committee, setup_for

P, E, F, N = (
    ParticipantRole.PRESENT,
    ParticipantRole.EXCUSED,
    ParticipantRole.FACILITATOR,
    ParticipantRole.NOTE_TAKER,
)


@dataclass
class Minutes:
    slug: str
    title: str
    summary: str
    place: str
    author: str
    participants: list  # (name, organisation, role)
    body: list
    decisions: list  # (what, who, due in days after the meeting or None, status)
    agenda: str
    keywords: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    documents: list = field(default_factory=list)  # (title, filename, paragraphs)


@dataclass
class Group:
    slug: str
    title: str
    short_name: str
    summary: str
    mission: str
    territory: str
    contact: tuple
    organisations: list  # (name, place)
    themes: list
    keywords: list
    writer: tuple  # (username, first name, last name)
    editor: tuple
    interval_weeks: int
    minutes: list
    status: str = GroupStatus.ACTIVE


def h2(text):
    return ("heading", {"text": text, "level": "h2"})


def para(text):
    return ("paragraph", f"<p>{text}</p>")


def question(text, answer="", answered=False):
    return ("question", {"question": text, "answered": answered, "answer": f"<p>{answer}</p>"})


def decision(text, mode="consent"):
    return ("decision", {"decision": text, "mode": mode})


def quote(text, who):
    return ("quote", {"quote": text, "attribution": who})


ACCOMPAGNER = Group(
    slug="pratiques-accompagnement",
    title="Pratiques d'accompagnement",
    short_name="ACCOMPAGNER",
    summary="Des accompagnatrices et accompagnateurs de structures de l'ESS croisent leurs "
    "pratiques : accueil, posture, outils, évaluation.",
    mission="<p>Le groupe réunit des personnes qui accompagnent des associations, des "
    "coopératives et des porteurs de projets collectifs. Il met en commun ce qui marche et ce qui "
    "coince, et en tire des <b>fiches méthode</b> que chacune peut reprendre.</p>",
    territory="Auvergne-Rhône-Alpes",
    contact=("Inès Morel", "accompagner@maillage.localhost"),
    organisations=[
        ("Coopérative d'activité Les Ateliers du Lien", "Lyon"),
        ("Incubateur Ruches solidaires", "Grenoble"),
        ("Association Grand Angle", "Saint-Étienne"),
        ("Collectif des accompagnateurs du Forez", "Montbrison"),
    ],
    themes=["Accompagnement", "Éducation populaire"],
    keywords=["accompagnement", "posture", "capitalisation"],
    writer=("ines", "Inès", "Morel"),
    editor=("karim", "Karim", "Benali"),
    interval_weeks=7,
    minutes=[
        Minutes(
            slug="lancement-ce-que-veut-dire-accompagner",
            title="Lancement : ce que veut dire accompagner",
            summary="Première rencontre : chacun raconte un accompagnement marquant, le groupe "
            "choisit ses chantiers pour l'année.",
            place="Les Ateliers du Lien, Lyon",
            author="Inès Morel",
            participants=[
                ("Inès Morel", "Les Ateliers du Lien", F),
                ("Karim Benali", "Ruches solidaires", N),
                ("Sophie Garnier", "Grand Angle", P),
                ("Théo Lambert", "Collectif du Forez", P),
                ("Nadia Ferhat", "Grand Angle", E),
            ],
            body=[
                h2("Tour de table"),
                para(
                    "Chaque personne a raconté un accompagnement dont elle est fière et un autre "
                    "qu'elle referait autrement. Un point revient souvent : le moment où la "
                    "structure accompagnée reprend la main."
                ),
                question(
                    "Où s'arrête l'accompagnement et où commence le conseil ?",
                    "Pas de réponse tranchée ; le groupe y reviendra à la troisième rencontre.",
                ),
                h2("Nos chantiers pour l'année"),
                para(
                    "Trois chantiers retenus : l'entretien d'accueil, la posture (ne pas faire à la "
                    "place), l'évaluation partagée avec les structures."
                ),
                decision(
                    "Le groupe se réunit toutes les sept semaines, en alternance à Lyon et "
                    "à Saint-Étienne."
                ),
            ],
            decisions=[
                (
                    "Rassembler les grilles d'entretien d'accueil de chaque structure",
                    "Sophie Garnier",
                    21,
                    DecisionStatus.DONE,
                ),
                (
                    "Proposer un cadre de confidentialité pour nos échanges",
                    "Karim Benali",
                    30,
                    DecisionStatus.DONE,
                ),
            ],
            agenda="Comparer nos grilles d'entretien d'accueil.\nValider le cadre de "
            "confidentialité.",
            keywords=["entretien d'accueil"],
        ),
        Minutes(
            slug="entretien-accueil-premier-geste",
            title="L'entretien d'accueil, premier geste d'accompagnement",
            summary="Quatre grilles d'entretien comparées : ce qu'elles disent de nos "
            "priorités, et une grille commune à tester.",
            place="Grand Angle, Saint-Étienne",
            author="Karim Benali",
            participants=[
                ("Inès Morel", "Les Ateliers du Lien", P),
                ("Karim Benali", "Ruches solidaires", N),
                ("Sophie Garnier", "Grand Angle", F),
                ("Théo Lambert", "Collectif du Forez", P),
                ("Nadia Ferhat", "Grand Angle", P),
                ("Lucie Perrin", "Ruches solidaires", P),
            ],
            body=[
                h2("Ce que nos grilles révèlent"),
                para(
                    "Les grilles parlent beaucoup du projet et peu des personnes. Aucune ne "
                    "demande comment les décisions se prennent dans la structure."
                ),
                quote(
                    "Une grille trop longue, c'est un interrogatoire ; trop courte, c'est une "
                    "formalité.",
                    "Sophie Garnier",
                ),
                decision(
                    "Une grille commune en deux pages sera testée pendant deux mois par "
                    "trois structures.",
                    "consensus",
                ),
            ],
            decisions=[
                (
                    "Rédiger la grille commune à partir des quatre existantes",
                    "Inès Morel",
                    14,
                    DecisionStatus.DONE,
                ),
                (
                    "Tester la grille auprès de deux structures accompagnées chacune",
                    "Théo Lambert, Lucie Perrin",
                    45,
                    DecisionStatus.IN_PROGRESS,
                ),
            ],
            agenda="Premiers retours sur la grille commune.\nAtelier sur la posture.",
            keywords=["entretien d'accueil", "outil"],
            documents=[
                (
                    "Grille commune d'entretien d'accueil (version de test)",
                    "grille-entretien-accueil.pdf",
                    [
                        "1. La structure : histoire, activités, personnes salariées et bénévoles.",
                        "2. La gouvernance : qui décide, comment, à quel rythme.",
                        "3. La demande : ce qui amène la structure aujourd'hui, avec ses mots.",
                        "4. Les ressources : ce qui est déjà là et sur quoi s'appuyer.",
                        "5. La suite : ce que nous proposons, et ce que nous ne ferons pas.",
                    ],
                )
            ],
        ),
        Minutes(
            slug="accompagner-sans-faire-a-la-place",
            title="Accompagner sans faire à la place",
            summary="Un atelier de théâtre-forum sur la posture : quand l'envie d'aider "
            "empêche la structure d'avancer.",
            place="Les Ateliers du Lien, Lyon",
            author="Inès Morel",
            participants=[
                ("Inès Morel", "Les Ateliers du Lien", N),
                ("Karim Benali", "Ruches solidaires", P),
                ("Sophie Garnier", "Grand Angle", P),
                ("Théo Lambert", "Collectif du Forez", F),
                ("Lucie Perrin", "Ruches solidaires", P),
                ("Nadia Ferhat", "Grand Angle", E),
            ],
            body=[
                h2("Le théâtre-forum"),
                para(
                    "Deux saynètes jouées à partir de situations vécues : une trésorière qui "
                    "demande qu'on rédige le dossier de subvention à sa place, un conseil "
                    "d'administration qui attend la « bonne réponse »."
                ),
                question(
                    "Comment dire non à une demande d'aide sans abandonner la structure ?",
                    "Proposer de faire avec plutôt que pour, et le dire dès l'accueil.",
                    answered=True,
                ),
                decision("Les deux saynètes deviennent une fiche méthode."),
            ],
            decisions=[
                (
                    "Écrire la fiche méthode « Faire avec, pas à la place »",
                    "Théo Lambert",
                    40,
                    DecisionStatus.IN_PROGRESS,
                ),
            ],
            agenda="Évaluer l'accompagnement avec les structures accompagnées.",
            keywords=["théâtre-forum", "posture"],
            themes=["Éducation populaire"],
        ),
        Minutes(
            slug="evaluer-avec-les-structures",
            title="Évaluer l'accompagnement avec les structures accompagnées",
            summary="Comment demander un retour honnête aux structures que l'on accompagne, "
            "et qu'en faire ensuite.",
            place="En visioconférence",
            author="Karim Benali",
            participants=[
                ("Inès Morel", "Les Ateliers du Lien", P),
                ("Karim Benali", "Ruches solidaires", F),
                ("Sophie Garnier", "Grand Angle", N),
                ("Lucie Perrin", "Ruches solidaires", P),
                ("Théo Lambert", "Collectif du Forez", E),
                ("Marc Dupuis", "Association Entre-Nous (invité)", P),
            ],
            body=[
                h2("Le témoignage d'une structure accompagnée"),
                para(
                    "Marc, président d'une association accompagnée l'an dernier, raconte ce qui "
                    "l'a aidé : des comptes-rendus courts, des échéances tenues, le droit de "
                    "dire que ça n'allait pas."
                ),
                question("Faut-il un questionnaire écrit, ou un temps d'échange oral ?"),
                decision(
                    "Chaque accompagnement se termine par un échange à trois : "
                    "structure, accompagnateur, un membre du groupe.",
                    "vote",
                ),
            ],
            decisions=[
                (
                    "Préparer une trame pour l'échange de fin d'accompagnement",
                    "Lucie Perrin",
                    30,
                    DecisionStatus.TO_DO,
                ),
                (
                    "Inviter deux autres structures accompagnées à la prochaine rencontre",
                    "Karim Benali",
                    20,
                    DecisionStatus.TO_DO,
                ),
            ],
            agenda="Trame de l'échange de fin d'accompagnement.\nBilan de la grille commune.",
            keywords=["évaluation"],
        ),
    ],
)

SANTE = Group(
    slug="sante-travail-cooperatives",
    title="Santé au travail dans les coopératives",
    short_name="SANTÉ-COOP",
    summary="Des SCOP et des SCIC cherchent comment prévenir l'usure quand on est à la fois "
    "salarié et associé.",
    mission="<p>Dans une coopérative, les personnes qui travaillent décident aussi. Cela "
    "protège parfois, et parfois cela rend l'épuisement invisible. Le groupe partage des "
    "pratiques de prévention adaptées aux entreprises où l'on est associé.</p>",
    territory="Occitanie",
    contact=("Camille Roux", "sante-coop@maillage.localhost"),
    organisations=[
        ("SCOP Charpentes du Lauragais", "Castelnaudary"),
        ("SCIC Les Paniers de la Garonne", "Toulouse"),
        ("SCOP Imprimerie L'Encre verte", "Montpellier"),
        ("Union régionale des coopératives (fictive)", "Toulouse"),
    ],
    themes=["Santé au travail", "Gouvernance partagée"],
    keywords=["prévention", "SCOP", "SCIC"],
    writer=("camille", "Camille", "Roux"),
    editor=("yann", "Yann", "Le Goff"),
    interval_weeks=6,
    minutes=[
        Minutes(
            slug="associe-qui-protege-qui",
            title="Quand on est associé, qui protège qui ?",
            summary="Ouverture du groupe : la double casquette de salarié et d'associé face "
            "à la prévention des risques.",
            place="Maison de l'économie sociale, Toulouse",
            author="Camille Roux",
            participants=[
                ("Camille Roux", "Les Paniers de la Garonne", F),
                ("Yann Le Goff", "Union régionale", N),
                ("Aurélie Mas", "Charpentes du Lauragais", P),
                ("Julien Teyssier", "L'Encre verte", P),
                ("Fatou Diallo", "Les Paniers de la Garonne", P),
            ],
            body=[
                h2("La double casquette"),
                para(
                    "Tout le monde reconnaît la situation : en assemblée, on vote des objectifs "
                    "ambitieux ; à l'atelier, on les tient en rognant sur les pauses."
                ),
                question("Qui, dans une coopérative, a pour rôle de dire « stop » ?"),
                decision("Le groupe travaillera à partir de situations réelles, anonymisées."),
            ],
            decisions=[
                (
                    "Collecter trois situations vécues par structure",
                    "Chaque structure",
                    35,
                    DecisionStatus.DONE,
                ),
            ],
            agenda="Le document unique d'évaluation des risques : qui l'a, qui s'en sert ?",
            keywords=["double casquette"],
        ),
        Minutes(
            slug="document-unique-outil-vivant",
            title="Le document unique d'évaluation des risques, outil vivant",
            summary="Le DUERP dort souvent dans un classeur. Trois coopératives racontent "
            "comment elles l'ont réveillé.",
            place="SCOP Charpentes du Lauragais, Castelnaudary",
            author="Yann Le Goff",
            participants=[
                ("Camille Roux", "Les Paniers de la Garonne", P),
                ("Yann Le Goff", "Union régionale", N),
                ("Aurélie Mas", "Charpentes du Lauragais", F),
                ("Julien Teyssier", "L'Encre verte", P),
                ("Fatou Diallo", "Les Paniers de la Garonne", E),
                ("Pierre Cazals", "Service de santé au travail (invité)", P),
            ],
            body=[
                h2("Réveiller le document unique"),
                para(
                    "Chez les charpentiers, la mise à jour se fait en équipe, sur le chantier, "
                    "avec des photos. L'imprimerie l'a relié à ses réunions mensuelles."
                ),
                quote(
                    "Le risque qu'on ne nomme pas, on finit par le trouver normal.", "Aurélie Mas"
                ),
                decision(
                    "Un mémo commun sur le DUERP coopératif sera diffusé aux adhérents.",
                    "consensus",
                ),
            ],
            decisions=[
                ("Rédiger le mémo « DUERP coopératif »", "Yann Le Goff", 28, DecisionStatus.DONE),
                (
                    "Demander au service de santé au travail une intervention en assemblée",
                    "Aurélie Mas",
                    60,
                    DecisionStatus.IN_PROGRESS,
                ),
            ],
            agenda="Charge de travail et engagement : comment en parler en assemblée.",
            keywords=["DUERP", "risques professionnels"],
            documents=[
                (
                    "Mémo : le document unique dans une coopérative",
                    "memo-duerp-cooperatif.pdf",
                    [
                        "Le document unique recense les risques de chaque unité de travail.",
                        "Dans une coopérative, sa mise à jour peut être un moment collectif : "
                        "visite des postes, photos, échange en réunion d'équipe.",
                        "Le mettre à l'ordre du jour de l'assemblée des associés au moins une "
                        "fois par an.",
                    ],
                )
            ],
        ),
        Minutes(
            slug="charge-de-travail-et-engagement",
            title="Charge de travail et engagement militant",
            summary="Parler de la charge de travail sans culpabiliser celles et ceux qui "
            "s'engagent le plus.",
            place="SCOP L'Encre verte, Montpellier",
            author="Camille Roux",
            participants=[
                ("Camille Roux", "Les Paniers de la Garonne", N),
                ("Yann Le Goff", "Union régionale", P),
                ("Julien Teyssier", "L'Encre verte", F),
                ("Fatou Diallo", "Les Paniers de la Garonne", P),
                ("Aurélie Mas", "Charpentes du Lauragais", E),
            ],
            body=[
                h2("Les signaux faibles"),
                para(
                    "Heures notées « pour la cause », congés reportés, réunions du soir : le "
                    "groupe dresse la liste des signaux qu'on ne regarde pas."
                ),
                question(
                    "Faut-il plafonner les heures des associés comme celles des salariés ?",
                    "Oui : même règle pour tous, votée en assemblée.",
                    answered=True,
                ),
                decision(
                    "Proposer aux coopératives membres un relevé mensuel anonyme des heures.",
                    "vote",
                ),
            ],
            decisions=[
                (
                    "Préparer le modèle de relevé d'heures",
                    "Julien Teyssier",
                    21,
                    DecisionStatus.DONE,
                ),
            ],
            agenda="Retour d'expérience : une SCOP du bâtiment face aux troubles "
            "musculo-squelettiques.",
            keywords=["charge de travail"],
        ),
        Minutes(
            slug="scop-batiment-face-aux-tms",
            title="Retour d'expérience : une SCOP du bâtiment face aux TMS",
            summary="Comment les charpentiers du Lauragais ont réorganisé leurs chantiers "
            "pour réduire les troubles musculo-squelettiques.",
            place="SCOP Charpentes du Lauragais, Castelnaudary",
            author="Yann Le Goff",
            participants=[
                ("Camille Roux", "Les Paniers de la Garonne", P),
                ("Yann Le Goff", "Union régionale", N),
                ("Aurélie Mas", "Charpentes du Lauragais", F),
                ("Julien Teyssier", "L'Encre verte", P),
                ("Fatou Diallo", "Les Paniers de la Garonne", P),
                ("Rémi Vidal", "Charpentes du Lauragais", P),
            ],
            body=[
                h2("Ce qui a changé sur les chantiers"),
                para(
                    "Rotation des tâches lourdes, achat collectif d'un palonnier, échauffement "
                    "de dix minutes : des mesures simples, décidées par l'équipe elle-même."
                ),
                quote(
                    "On a arrêté de considérer le mal de dos comme un rite de passage.",
                    "Rémi Vidal",
                ),
            ],
            decisions=[
                (
                    "Écrire une fiche méthode à partir de ce retour d'expérience",
                    "Camille Roux",
                    45,
                    DecisionStatus.TO_DO,
                ),
                (
                    "Organiser une visite de chantier pour les autres coopératives",
                    "Aurélie Mas",
                    50,
                    DecisionStatus.TO_DO,
                ),
            ],
            agenda="Relire la fiche méthode sur les TMS.\nPréparer la visite de chantier.",
            keywords=["TMS", "bâtiment"],
        ),
    ],
)

TERRITOIRES = Group(
    slug="cooperation-territoriale",
    title="Coopération territoriale",
    short_name="TERRITOIRES",
    summary="Tiers-lieux, pôles territoriaux et collectivités apprennent à coopérer sur un "
    "même territoire.",
    mission="<p>Le groupe rassemble des acteurs qui veulent faire alliance sur leur territoire "
    "plutôt que se concurrencer : mutualiser des locaux, des emplois, des achats, et "
    "construire des partenariats durables avec les collectivités.</p>",
    territory="Pays de la Loire",
    contact=("Élodie Guérin", "territoires@maillage.localhost"),
    organisations=[
        ("Tiers-lieu La Fabrique des Mauges", "Chemillé"),
        ("Pôle territorial de coopération économique Loire-Layon", "Angers"),
        ("Ressourcerie du Saumurois", "Saumur"),
        ("Communauté de communes (partenaire)", "Doué-en-Anjou"),
    ],
    themes=["Coopération territoriale", "Transition écologique"],
    keywords=["tiers-lieux", "mutualisation", "territoire"],
    writer=("elodie", "Élodie", "Guérin"),
    editor=("samuel", "Samuel", "Fontaine"),
    interval_weeks=7,
    minutes=[
        Minutes(
            slug="cartographier-les-acteurs",
            title="Cartographier les acteurs d'un territoire",
            summary="Qui fait quoi entre Loire et Layon ? Un premier atelier de cartographie "
            "collective.",
            place="La Fabrique des Mauges, Chemillé",
            author="Élodie Guérin",
            participants=[
                ("Élodie Guérin", "La Fabrique des Mauges", F),
                ("Samuel Fontaine", "PTCE Loire-Layon", N),
                ("Hélène Bouchet", "Ressourcerie du Saumurois", P),
                ("Antoine Ménard", "Communauté de communes", P),
                ("Zoé Charrier", "La Fabrique des Mauges", P),
            ],
            body=[
                h2("La carte"),
                para(
                    "Sur une grande carte, chacun place les structures qu'il connaît et trace "
                    "les liens qui existent. Les trous de la carte sont aussi instructifs que "
                    "les liens."
                ),
                question("Comment tenir la carte à jour après l'atelier ?"),
                decision("La carte sera numérisée et partagée entre les membres."),
            ],
            decisions=[
                ("Numériser la carte et sa légende", "Zoé Charrier", 21, DecisionStatus.DONE),
            ],
            agenda="Mutualiser des locaux et du matériel : retours d'expérience.",
            keywords=["cartographie"],
            documents=[
                (
                    "Légende de la carte des acteurs Loire-Layon",
                    "legende-carte-acteurs.pdf",
                    [
                        "Cercles : structures de l'ESS. Carrés : collectivités. Triangles : "
                        "entreprises classiques partenaires.",
                        "Trait plein : coopération régulière. Pointillés : contact ponctuel.",
                        "Couleur verte : alimentation. Bleue : réemploi. Orange : emploi et "
                        "insertion.",
                    ],
                )
            ],
        ),
        Minutes(
            slug="mutualiser-sans-s-epuiser",
            title="Mutualiser sans s'épuiser : locaux, matériel, emplois partagés",
            summary="Ce que la mutualisation apporte, ce qu'elle coûte en coordination, et "
            "comment décider qui porte quoi.",
            place="Ressourcerie du Saumurois, Saumur",
            author="Samuel Fontaine",
            participants=[
                ("Élodie Guérin", "La Fabrique des Mauges", P),
                ("Samuel Fontaine", "PTCE Loire-Layon", F),
                ("Hélène Bouchet", "Ressourcerie du Saumurois", N),
                ("Zoé Charrier", "La Fabrique des Mauges", P),
                ("Antoine Ménard", "Communauté de communes", E),
                ("Baptiste Roy", "Groupement d'employeurs (invité)", P),
            ],
            body=[
                h2("L'emploi partagé"),
                para(
                    "Un groupement d'employeurs témoigne : partager un poste de comptable entre "
                    "trois associations a pris un an de réglages, mais a stabilisé l'emploi."
                ),
                decision(
                    "Étudier un poste partagé de coordination entre trois structures.", "consensus"
                ),
            ],
            decisions=[
                (
                    "Chiffrer le coût d'un poste partagé de coordination",
                    "Samuel Fontaine",
                    40,
                    DecisionStatus.IN_PROGRESS,
                ),
                (
                    "Recenser le matériel prêtable entre membres",
                    "Hélène Bouchet",
                    30,
                    DecisionStatus.DONE,
                ),
            ],
            agenda="Rencontre avec les élus : les collectivités comme partenaires.",
            keywords=["emploi partagé"],
            themes=["Emploi et formation"],
        ),
        Minutes(
            slug="collectivites-partenaires",
            title="Les collectivités comme partenaires, pas comme guichets",
            summary="Une élue et un technicien de la communauté de communes discutent avec "
            "le groupe de ce qu'une coopération territoriale attend d'eux.",
            place="Salle du conseil, Doué-en-Anjou",
            author="Élodie Guérin",
            participants=[
                ("Élodie Guérin", "La Fabrique des Mauges", N),
                ("Samuel Fontaine", "PTCE Loire-Layon", P),
                ("Hélène Bouchet", "Ressourcerie du Saumurois", P),
                ("Antoine Ménard", "Communauté de communes", F),
                ("Martine Gaudin", "Vice-présidente à l'économie (invitée)", P),
            ],
            body=[
                h2("Sortir de la logique de guichet"),
                para(
                    "Plutôt que des subventions projet par projet, les élus proposent une "
                    "convention pluriannuelle avec des objectifs discutés chaque année."
                ),
                question(
                    "Comment garder notre liberté d'action dans une convention ?",
                    "En écrivant ensemble les indicateurs, et en prévoyant une clause de revoyure.",
                    answered=True,
                ),
                decision("Le groupe rédige une proposition de convention-cadre.", "vote"),
            ],
            decisions=[
                (
                    "Rédiger la proposition de convention-cadre",
                    "Antoine Ménard, Samuel Fontaine",
                    45,
                    DecisionStatus.IN_PROGRESS,
                ),
            ],
            agenda="Bilan d'étape et feuille de route pour l'année prochaine.",
            keywords=["collectivités", "convention"],
            themes=["Gouvernance partagée"],
        ),
        Minutes(
            slug="bilan-etape-feuille-de-route",
            title="Bilan d'étape et feuille de route",
            summary="Un an de rencontres : ce que le groupe a produit, ce qu'il laisse de "
            "côté, et trois priorités pour la suite.",
            place="La Fabrique des Mauges, Chemillé",
            author="Samuel Fontaine",
            participants=[
                ("Élodie Guérin", "La Fabrique des Mauges", F),
                ("Samuel Fontaine", "PTCE Loire-Layon", N),
                ("Hélène Bouchet", "Ressourcerie du Saumurois", P),
                ("Zoé Charrier", "La Fabrique des Mauges", P),
                ("Antoine Ménard", "Communauté de communes", P),
                ("Baptiste Roy", "Groupement d'employeurs", E),
            ],
            body=[
                h2("Ce que nous avons produit"),
                para(
                    "Une carte des acteurs, un inventaire du matériel partagé, une proposition "
                    "de convention-cadre. Le poste partagé reste à financer."
                ),
                quote("On se connaissait de nom ; maintenant on se téléphone.", "Hélène Bouchet"),
                decision(
                    "Trois priorités : le poste partagé, la convention, l'accueil de "
                    "nouveaux membres.",
                    "consensus",
                ),
            ],
            decisions=[
                (
                    "Présenter la feuille de route à l'assemblée du PTCE",
                    "Samuel Fontaine",
                    30,
                    DecisionStatus.TO_DO,
                ),
                (
                    "Préparer un livret d'accueil pour les nouveaux membres",
                    "Zoé Charrier",
                    60,
                    DecisionStatus.TO_DO,
                ),
            ],
            agenda="Accueil des nouveaux membres.\nPoint sur le financement du poste partagé.",
            keywords=["feuille de route"],
        ),
    ],
)

GROUPS = [ACCOMPAGNER, SANTE, TERRITOIRES]


def meeting_dates(group: Group, today: datetime.date) -> list[datetime.date]:
    """Past meeting dates, oldest first, the newest three weeks ago."""
    newest = today - datetime.timedelta(weeks=3)
    count = len(group.minutes)
    return [
        newest - datetime.timedelta(weeks=group.interval_weeks * (count - 1 - i))
        for i in range(count)
    ]


def at_two_pm(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))


def load_group(ctx, index, group: Group, today: datetime.date) -> WorkingGroupPage:
    page = ctx.page(
        index,
        WorkingGroupPage,
        group.slug,
        title=group.title,
        short_name=group.short_name,
        summary=group.summary,
        mission=group.mission,
        territory=group.territory,
        status=group.status,
        contact_name=group.contact[0],
        contact_email=group.contact[1],
        themes=ctx.themes(*group.themes),
        keywords=group.keywords,
        member_organisations=[
            WorkingGroupOrganisation(name=name, place=place, sort_order=i)
            for i, (name, place) in enumerate(group.organisations)
        ],
    )
    setup = setup_for(page)
    dates = meeting_dates(group, today)
    for number, (minutes, day) in enumerate(zip(group.minutes, dates, strict=True), start=1):
        body, body_decisions = split_body_decisions(minutes.body)  # decisions are rows
        following = dates[number] if number < len(dates) else today + datetime.timedelta(weeks=4)
        documents = []
        for order, (title, filename, paragraphs) in enumerate(minutes.documents):
            document = ctx.document(
                title,
                filename,
                ctx.pdf(title, paragraphs),
                collection=setup.collection if setup else None,
            )
            documents.append(MeetingMinutesDocument(document=document, sort_order=order))
        ctx.page(
            page,
            MeetingMinutesPage,
            f"{day.isoformat()}-{minutes.slug}",
            title=minutes.title,
            summary=minutes.summary,
            meeting_date=day,
            sequence_number=number,
            place=minutes.place,
            synthesis_author=minutes.author,
            body=body,
            next_meeting_at=at_two_pm(following),
            next_meeting_ends_at=at_two_pm(following) + datetime.timedelta(hours=2, minutes=30)
            if number == len(dates)
            else None,
            next_meeting_place=minutes.place if number == len(dates) else "",
            next_meeting_agenda=minutes.agenda,
            themes=ctx.themes(*(group.themes[:1] + minutes.themes)),
            keywords=minutes.keywords,
            participants=[
                MeetingMinutesParticipant(name=name, organisation=org, role=role, sort_order=i)
                for i, (name, org, role) in enumerate(minutes.participants)
            ],
            decisions=[
                MeetingMinutesDecision(
                    what=what,
                    who=who,
                    due_date=day + datetime.timedelta(days=due) if due else None,
                    status=status,
                    sort_order=i,
                )
                for i, (what, who, due, status) in enumerate(minutes.decisions)
            ]
            + [
                MeetingMinutesDecision(
                    what=what, kind=DecisionKind.DECISION, sort_order=len(minutes.decisions) + i
                )
                for i, what in enumerate(body_decisions)
            ],
            documents=documents,
        )
    return page


def load(ctx):
    home = HomePage.objects.first()
    index = ctx.page(
        home,
        WorkingGroupIndexPage,
        "groupes-de-travail",
        title="Groupes de travail",
        show_in_menus=True,
        summary="Les groupes de travail du réseau, leurs missions et l'histoire de leurs "
        "rencontres.",
        intro="<p>Chaque groupe se réunit régulièrement et publie le compte-rendu de ses "
        "rencontres : qui était là, ce qui s'est dit, ce qui a été décidé.</p>",
        themes=ctx.themes("Économie sociale et solidaire"),
    )
    today = timezone.localdate()
    for group in GROUPS:
        page = load_group(ctx, index, group, today)
        for (username, first, last), role, label in (
            (group.writer, "writer", "rédaction"),
            (group.editor, "editor", "édition"),
        ):
            user = ctx.user(
                username,
                role=f"{label} — {group.short_name}",
                first_name=first,
                last_name=last,
            )
            add_member(page, user, role)

    from . import demo_register

    demo_register.load(index)

    ctx.user(
        "comite",
        role="comité éditorial",
        first_name="Claire",
        last_name="Vasseur",
        groups=[provision_committee()],
    )
