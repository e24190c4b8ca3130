"""Demo content of search: editors' picks, then the index rebuilt (runs after every other app)."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from search import indexing

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
    indexed = indexing.rebuild()
    ctx.log(f"Search index rebuilt: {indexed} pages.")
