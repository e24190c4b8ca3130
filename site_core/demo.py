"""Demo content of the site itself: home, themes, plain pages, site settings, the administrator."""

from django.utils.text import slugify
from wagtail.models import Page, Site

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
    privacy = ctx.page(
        home,
        StandardPage,
        "donnees-personnelles",
        title="Données personnelles",
        summary="Ce que le site garde de vous, combien de temps, et comment le récupérer ou l'effacer.",
        body=[
            paragraph(
                "Maillage ne demande que ce dont il a besoin : un nom et, si vous le voulez, une "
                "adresse e-mail pour réagir ; une adresse e-mail pour recevoir les nouveautés. "
                "Rien n'est cédé, rien ne sert à de la publicité."
            ),
            paragraph(
                "Le tableau ci-dessous suit la configuration du site : il change dès que les durées "
                "changent."
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
    if site_settings.privacy_page_id is None:
        site_settings.privacy_page = privacy
        site_settings.save(update_fields=["privacy_page"])


def mesh_picture(size: int, *, background=(255, 255, 255, 0)):
    """The Maillage mark, drawn offline: five knots of a net joined by brick-red threads."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    scale = 4  # drawn large, then reduced: smooth edges without antialiasing support
    big = size * scale
    picture = PILImage.new("RGBA", (big, big), background)
    draw = ImageDraw.Draw(picture)
    knots = [(0.2, 0.25), (0.75, 0.2), (0.5, 0.52), (0.22, 0.8), (0.8, 0.78)]
    points = [(x * big, y * big) for x, y in knots]
    for a, b in ((0, 1), (0, 2), (1, 2), (2, 3), (2, 4), (3, 4), (0, 3), (1, 4)):
        draw.line([points[a], points[b]], fill=(122, 46, 14, 255), width=big // 18)
    radius = big // 9
    for index, (x, y) in enumerate(points):
        colour = (11, 79, 138, 255) if index == 2 else (122, 46, 14, 255)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return picture.resize((size, size), PILImage.LANCZOS)


def png_image(ctx, title: str, picture):
    """Store a Pillow picture as a Wagtail image (once: found again by its title)."""
    import io

    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title=title)
    image.file.save(f"demo-{slugify(title)}.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = picture.size
    image.file_size = len(buffer.getvalue())
    image._set_file_hash()
    image.save()
    ctx.created += 1
    return image


def finish(ctx):
    """Identity and home page picks, once every app has built its pages."""
    from site_core.models import HomePageFeatured

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if site_settings.logo_id is None:
        site_settings.logo = png_image(ctx, "Logo Maillage", mesh_picture(128))
        site_settings.favicon = png_image(
            ctx, "Favicon Maillage", mesh_picture(128, background=(255, 255, 255, 255))
        )
        site_settings.save()

    home = HomePage.objects.first()
    if home.headline_title:
        return
    live = Page.objects.live().public().order_by("path")
    paper = live.filter(content_type__model="whitepaperpage").last()
    sheet = live.filter(content_type__model="methodsheetpage").first()
    episode = live.filter(content_type__model="podcastepisodepage").first()
    home.headline_title = paper.title if paper else "Capitaliser ensemble"
    home.headline_text = (
        "<p>Deux ans de rencontres entre coopératives ont nourri ce livre blanc : "
        "ce qui use, ce qui protège, et ce que chacun peut changer dès lundi.</p>"
    )
    home.headline_page = paper
    home.headline_image = ctx.image(
        "Une — santé au travail", width=1440, height=810, label="Santé au travail"
    )
    home.featured_pages.all().delete()
    for order, picked in enumerate(p for p in (sheet, episode) if p is not None):
        home.featured_pages.add(HomePageFeatured(page=picked, sort_order=order))
    home.save_revision().publish()
