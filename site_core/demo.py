"""Demo content of the site itself: home, themes, plain pages, site settings, the administrator."""

from wagtail.models import Site

from site_core.models import HomePage, SiteSettings, StandardPage

THEMES = [
    ("Accompagnement", "Accompagner des structures collectives dans leurs transformations."),
    (
        "Santé au travail",
        "Prévenir l'usure, penser l'organisation du travail et le soin des équipes.",
    ),
    ("Coopération territoriale", "Faire alliance entre acteurs d'un même territoire."),
    ("Gouvernance partagée", "Décider ensemble : instances, rôles, modes de décision."),
    ("Éducation populaire", "Des méthodes pour penser et agir collectivement, à égalité."),
    ("Économie sociale et solidaire", "Associations, coopératives, mutuelles, tiers-lieux."),
    ("Emploi et formation", "Parcours, compétences, métiers de l'ESS."),
    ("Transition écologique", "Sobriété, alimentation, mobilités, réemploi."),
]


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


def load(ctx):
    for order, (name, description) in enumerate(THEMES):
        ctx.theme(name, description, sort_order=order)

    ctx.user("admin", role="administrateur", first_name="Alex", last_name="Admin", superuser=True)

    home = HomePage.objects.first()
    if home.title == "Accueil" and not home.intro:
        home.title = "Maillage"
        home.intro = (
            "<p>Les réseaux de l'économie sociale et solidaire mettent en commun ce qu'ils apprennent : "
            "comptes-rendus de rencontres, fiches méthode, podcasts et livres blancs, "
            "classés par thématique et ouverts à toutes et tous.</p>"
        )
        home.summary = "La base de connaissances partagée des réseaux de l'ESS."
        home.save_revision().publish()
        home.refresh_from_db()

    about = ctx.page(
        home,
        StandardPage,
        "a-propos",
        title="À propos",
        summary="Pourquoi et comment les réseaux capitalisent leurs savoirs sur Maillage.",
        show_in_menus=True,
        themes=ctx.themes("Économie sociale et solidaire"),
        keywords=["capitalisation", "réseau"],
        body=[
            ("heading", {"text": "Capitaliser ce que nous apprenons", "level": "h2"}),
            paragraph(
                "Chaque groupe de travail rédige le compte-rendu de ses rencontres, transforme ses "
                "pratiques en fiches méthode et enregistre ses débats. Rien ne se perd : tout est classé, "
                "relié et consultable."
            ),
            (
                "quote",
                {
                    "quote": "Ce que l'on écrit ensemble, on peut le transmettre.",
                    "attribution": "Un membre du comité éditorial",
                },
            ),
        ],
    )
    legal = ctx.page(
        home,
        StandardPage,
        "mentions-legales",
        title="Mentions légales",
        summary="Éditeur, hébergement et données personnelles.",
        body=[
            paragraph(
                "Ce site est édité par le réseau Maillage, association loi 1901 (démonstration)."
            ),
            paragraph(
                "Les adresses e-mail laissées avec une réaction ne sont jamais publiées ni cédées."
            ),
        ],
    )
    accessibility = ctx.page(
        home,
        StandardPage,
        "accessibilite",
        title="Déclaration d'accessibilité",
        summary="Notre engagement pour un site utilisable par toutes et tous (RGAA).",
        body=[
            paragraph(
                "Les pages publiques sont testées automatiquement avec axe-core (règles WCAG 2.1 AA) et "
                "restent utilisables sans JavaScript. Signalez-nous toute difficulté."
            )
        ],
    )
    del about

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if not site_settings.tagline:
        site_settings.tagline = "Ce que les réseaux de l'ESS apprennent ensemble"
        site_settings.contact_email = "contact@maillage.localhost"
        site_settings.contact_address = (
            "Maison des associations\n12 rue de la Coopération\n69001 Lyon"
        )
        site_settings.footer_text = "Un bien commun des réseaux de l'économie sociale et solidaire."
        site_settings.legal_notice_page = legal
        site_settings.accessibility_page = accessibility
        site_settings.mastodon_url = "https://mastodon.example/@maillage"
        site_settings.save()
