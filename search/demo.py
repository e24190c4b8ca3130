"""Demo content of search: editors' picks, then the index rebuilt (runs after every other app)."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from search import indexing
from search.models import SynonymSet

PROMOTIONS = [
    # (query, page slugs to try in order, description)
    (
        "maillage",
        ["a-propos"],
        "Ce qu'est Maillage et comment les réseaux y capitalisent leurs savoirs.",
    ),
    (
        "gouvernance",
        ["gouvernance-partagee", "a-propos"],
        "Notre sélection pour décider ensemble : instances, rôles et modes de décision.",
    ),
]


# The network's usual acronyms, as the committee would enter them.
SYNONYM_SETS = [
    "SIAE, structure d'insertion par l'activité économique",
    "AMAP, association pour le maintien d'une agriculture paysanne",
    "ESS, économie sociale et solidaire",
    "SCIC, société coopérative d'intérêt collectif",
    "SCOP, société coopérative et participative, société coopérative de production",
    "CAE, coopérative d'activité et d'emploi",
    "ESUS, entreprise solidaire d'utilité sociale",
    "AG, assemblée générale",
    "CA, conseil d'administration",
    "EI, entreprise d'insertion",
    "ACI, atelier et chantier d'insertion",
    "CRESS, chambre régionale de l'économie sociale et solidaire",
]


def _first_live(slugs, title_contains):
    for slug in slugs:
        page = Page.objects.live().public().filter(slug=slug).first()
        if page is not None:
            return page
    return Page.objects.live().public().filter(title__icontains=title_contains, depth__gt=2).first()


def load(ctx):
    for query_string, slugs, description in PROMOTIONS:
        page = _first_live(slugs, query_string)
        if page is None:
            continue
        query = Query.get(query_string)
        _, created = SearchPromotion.objects.get_or_create(
            query=query, page=page, defaults={"description": description, "sort_order": 0}
        )
        ctx.created += int(created)
    for terms in SYNONYM_SETS:
        _, created = SynonymSet.objects.get_or_create(terms=terms)
        ctx.created += int(created)
    indexed = indexing.rebuild()
    ctx.log(f"Search index rebuilt: {indexed} pages.")
