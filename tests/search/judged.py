"""A judged French set written for this repository: documents, queries typed the way people ask,
and the one page each query should find. Kinds: questions, partial queries, acronyms, gender and
number forms, compounds, stem traps, phrases and exclusions, typos; nonsense must find nothing.

It is ours (issue 18 keeps its own corpus elsewhere); test_judged.py computes hit@5 and MRR@10.
"""

DOCUMENTS = {
    "ag": (
        "Relancer la participation en assemblée générale",
        "Quand les adhérents ne votent plus, l'assemblée générale perd sa légitimité. Nous "
        "proposons le vote par procuration, un ordre du jour court et des questions préparées en "
        "amont par les commissions.",
    ),
    "tresor": (
        "Le rôle de la trésorière dans une association",
        "La trésorière tient les comptes, prépare le budget prévisionnel et présente le rapport "
        "financier aux membres chaque année.",
    ),
    "directeur": (
        "Recruter un premier directeur salarié",
        "Le premier directeur salarié d'une structure associative : fiche de poste, délégation, "
        "relation avec le conseil d'administration.",
    ),
    "conseillere": (
        "Devenir conseillère en insertion professionnelle",
        "La conseillère accompagne les personnes éloignées de l'emploi vers une formation "
        "qualifiante et un contrat durable.",
    ),
    "autogestion": (
        "L'autogestion dans les coopératives ouvrières",
        "Décider sans chef : l'autogestion repose sur la rotation des mandats et la transparence "
        "des salaires entre associés.",
    ),
    "interassociatif": (
        "Un collectif inter-associatif pour le logement",
        "Douze associations de locataires mutualisent un local et une permanence juridique.",
    ),
    "marche": (
        "Répondre à un marché public avec une clause sociale",
        "Les clauses sociales des marchés publics réservent des heures de travail à des personnes "
        "en insertion : montage de la réponse, allotissement, groupement d'entreprises.",
    ),
    "marcher": (
        "Marcher ensemble pour une randonnée solidaire",
        "Chaque printemps, les bénévoles marchent quarante kilomètres pour collecter des dons ; "
        "les marcheurs sont parrainés par des entreprises du quartier.",
    ),
    "organisme": (
        "Choisir un organisme de formation certifié",
        "Un organisme de formation doit être certifié Qualiopi pour que ses actions soient "
        "financées par les fonds publics.",
    ),
    "organique": (
        "Maraîchage organique et compost partagé",
        "Le jardin produit des légumes en agriculture organique, avec un compost de quartier "
        "nourri par les habitants.",
    ),
    "amap": (
        "Créer une AMAP dans son quartier",
        "Une association pour le maintien d'une agriculture paysanne relie des familles à un "
        "producteur local par un contrat de saison et des paniers de légumes.",
    ),
    "siae": (
        "Financer une SIAE",
        "Les structures d'insertion par l'activité économique reçoivent une aide au poste versée "
        "par l'État, modulée selon les sorties vers l'emploi.",
    ),
    "scic": (
        "Passer en SCIC",
        "La société coopérative d'intérêt collectif pratique le multisociétariat : salariés, "
        "usagers et collectivités entrent au capital.",
    ),
    "enjeux": (
        "Les enjeux du numérique associatif",
        "Logiciels libres, données des adhérents, sobriété : des enjeux de souveraineté pour les "
        "petites associations.",
    ),
    "milieux": (
        "Associations des milieux ruraux",
        "Dans les milieux ruraux, les associations tiennent le dernier café et l'épicerie du "
        "village.",
    ),
    "bilan": (
        "Rédiger le bilan carbone d'un tiers-lieu",
        "Mesurer les émissions du tiers-lieu : chauffage, déplacements des usagers, achats.",
    ),
    "benevoles": (
        "Fidéliser les bénévoles",
        "Accueil, formation et reconnaissance : garder ses bénévoles motivés sur la durée demande "
        "un référent et des missions claires.",
    ),
    "statuts": (
        "Modifier les statuts d'une association",
        "Une assemblée extraordinaire vote la modification des statuts ; la déclaration en "
        "préfecture se fait dans les trois mois.",
    ),
    "subvention": (
        "Demander une subvention de fonctionnement",
        "Le dossier Cerfa, le budget de l'action et le compte rendu financier de la subvention "
        "précédente.",
    ),
    "partage": (
        "Le partage de la valeur dans les coopératives",
        "La répartition des excédents entre réserves impartageables, ristournes et salaires.",
    ),
    "outils": (
        "Une outilthèque de quartier",
        "Nous avons discuté du partage des outils ; la valeur sociale d'un atelier de réparation "
        "ne se mesure pas en euros.",
    ),
    "mediatrice": (
        "Une médiatrice numérique au centre social",
        "La médiatrice aide les habitants à faire leurs démarches en ligne et à se former.",
    ),
    "animatrice": (
        "Animatrice de réseau, un métier à part",
        "L'animatrice relie les structures adhérentes, prépare les rencontres et fait circuler "
        "les ressources.",
    ),
    "travailleuses": (
        "Les travailleuses sociales face à l'épuisement",
        "Charge émotionnelle, horaires décalés : les travailleuses sociales témoignent de leur "
        "épuisement professionnel.",
    ),
    "active": (
        "Rester active après la retraite",
        "Les seniors actives trouvent dans le bénévolat un lien social et une utilité reconnue.",
    ),
    "esus": (
        "Obtenir l'agrément ESUS",
        "Entreprise solidaire d'utilité sociale : conditions de l'agrément, avantages fiscaux et "
        "accès à l'épargne solidaire.",
    ),
}

# (kind, query, key of the page that answers it)
QUERIES = [
    ("question", "pourquoi nos adhérents ne votent plus en assemblée générale", "ag"),
    ("question", "comment garder ses bénévoles motivés", "benevoles"),
    ("question", "que fait la trésorière d'une association", "tresor"),
    ("question", "quel est le rôle du trésorier", "tresor"),
    ("question", "comment modifier les statuts de mon association", "statuts"),
    ("question", "comment demander une subvention", "subvention"),
    ("question", "est-ce qu'une SCIC peut avoir des collectivités au capital", "scic"),
    ("question", "faut-il être certifié pour devenir organisme de formation", "organisme"),
    ("question", "qu'est-ce que l'autogestion", "autogestion"),
    ("question", "comment recruter un directeur", "directeur"),
    ("question", "où trouver des paniers de légumes d'un producteur local", "amap"),
    ("partial", "assemblée générale vote procuration quorum", "ag"),
    ("partial", "budget prévisionnel trésorière bilan comptable", "tresor"),
    ("partial", "clause sociale marché public handicap", "marche"),
    ("partial", "permanence juridique locataires expulsion", "interassociatif"),
    ("partial", "rotation des mandats transparence hiérarchie", "autogestion"),
    ("partial", "subvention fonctionnement cerfa mairie", "subvention"),
    ("partial", "multisociétariat usagers capital dividendes", "scic"),
    ("partial", "émissions chauffage déplacements bureau", "bilan"),
    ("acronym", "AMAP", "amap"),
    ("acronym", "SIAE", "siae"),
    ("acronym", "ESUS", "esus"),
    ("acronym", "scic", "scic"),
    ("acronym", "agrément ESUS avantages", "esus"),
    ("gender", "conseiller insertion professionnelle", "conseillere"),
    ("gender", "directrice salariée", "directeur"),
    ("gender", "médiateur numérique", "mediatrice"),
    ("gender", "animateur de réseau", "animatrice"),
    ("gender", "travailleur social épuisement", "travailleuses"),
    ("gender", "retraite actif", "active"),
    ("number", "enjeu numérique", "enjeux"),
    ("number", "milieu rural", "milieux"),
    ("gender", "trésorier comptes", "tresor"),
    ("compound", "auto-gestion", "autogestion"),
    ("compound", "interassociatif", "interassociatif"),
    ("compound", "inter associatif logement", "interassociatif"),
    ("compound", "tierslieu carbone", "bilan"),
    ("compound", "tiers lieu émissions", "bilan"),
    ("stem", "marché public", "marche"),
    ("stem", "marcher pour collecter des dons", "marcher"),
    ("stem", "organisme formation", "organisme"),
    ("stem", "agriculture organique compost", "organique"),
    ("phrase", '"partage de la valeur"', "partage"),
    ("phrase", "partage valeur -outils", "partage"),
    ("phrase", '"clause sociale"', "marche"),
    ("typo", "autogesion", "autogestion"),
    ("typo", "subventoin fonctionnement", "subvention"),
    ("typo", "trésorrière", "tresor"),
    ("typo", "bénévols motivés", "benevoles"),
    ("typo", "médiatrise numérique", "mediatrice"),
]

# Queries that must find nothing (and must not be « corrected » into something).
NONSENSE = ["zorglub", "xkcdqwv bzzt", "FNARS"]
