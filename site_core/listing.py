"""Cross-type listings of pages, through `BasePage` only (site_core imports no feature app)."""

from functools import reduce
from operator import add, or_

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page, get_page_models

from site_core.models import BasePage, Keyword, KeywordItemBase
from site_core.query import restricted_q


def base_page_models() -> list[type[BasePage]]:
    return [model for model in get_page_models() if issubclass(model, BasePage)]


def listable_page_models() -> list[type[BasePage]]:
    return [model for model in base_page_models() if model.listable]


def keyword_through_models() -> list[type[KeywordItemBase]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, KeywordItemBase) and not model._meta.abstract
    ]


def home_page_models() -> list[type[BasePage]]:
    return [model for model in listable_page_models() if model.show_on_home]


def public_pages():
    """Live pages that anonymous readers may see (no view restriction on them or above), as a
    NOT EXISTS subquery rather than Wagtail's extra query per listing (site_core/query.py)."""
    return Page.objects.live().exclude(restricted_q())


def listable_pages():
    return (
        public_pages().type(*listable_page_models())
        if listable_page_models()
        else Page.objects.none()
    )


def pages_with_keyword(keyword):
    """Every live public page of any type that carries `keyword`, in one query."""
    conditions = [
        Q(pk__in=through.objects.filter(tag=keyword).values("content_object_id"))
        for through in keyword_through_models()
    ]
    if not conditions:
        return Page.objects.none()
    return public_pages().filter(reduce(or_, conditions))


def keywords_of(pages):
    """Keywords that at least one of `pages` carries, in one query."""
    conditions = [
        Q(pk__in=through.objects.filter(content_object_id__in=pages.values("pk")).values("tag_id"))
        for through in keyword_through_models()
    ]
    if not conditions:
        return Keyword.objects.none()
    return Keyword.objects.filter(reduce(or_, conditions))


def pages_with_theme(theme):
    """Every live public page of any type that carries `theme`, in one query."""
    conditions = [
        Q(pk__in=model.objects.filter(themes=theme).values("pk")) for model in base_page_models()
    ]
    if not conditions:
        return Page.objects.none()
    return public_pages().filter(reduce(or_, conditions))


def newest_pages(count: int, exclude_ids=()):
    """The `count` newest live public pages of any listable type, as specific pages."""
    models = home_page_models()
    if not models:
        return []
    return list(
        public_pages()
        .type(*models)
        .exclude(pk__in=list(exclude_ids))
        .order_by("-first_published_at", "-pk")
        .specific()[:count]
    )


def newest_pages_by_type(count: int):
    """[(model, [pages])] for each listable type that has live public pages, newest first."""
    sections = []
    for model in home_page_models():
        pages = list(
            public_pages().type(model).order_by("-first_published_at", "-pk").specific()[:count]
        )
        if pages:
            sections.append((model, pages))
    return sections


# How many of the newest pages sharing a theme or keyword the database scores for « related
# resources »: the work per request stays bounded however many pages share a popular tag.
RELATED_CANDIDATES = 300
CARD_RENDITION = "fill-480x270"


def _tag_count(through, source: str, target: str, ids) -> Coalesce:
    """How many of `ids` the page `OuterRef("pk")` carries in the `through` table."""
    counted = (
        through.objects.filter(**{source: OuterRef("pk"), f"{target}__in": ids})
        .order_by()
        .values(source)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def related_pages(page, limit: int = 4):
    """Other live public pages sharing themes and keywords with `page`, best matches first.

    Score = shared themes + shared keywords, computed by the database over the
    RELATED_CANDIDATES newest pages that share at least one of them, in one query; then one
    `specific()` query per type among the `limit` chosen. Nothing grows with the site.
    """
    # `.all()` rather than values_list("pk"): a previewed revision's themes are a modelcluster
    # FakeQuerySet, which knows field names only ("pk" raises FieldDoesNotExist).
    if hasattr(page, "routed_taxonomy"):
        themes, keywords = page.routed_taxonomy()
    else:
        themes = page.themes.all() if hasattr(page, "themes") else []
        keywords = page.get_keywords() if hasattr(page, "get_keywords") else []
    theme_ids = [theme.pk for theme in themes]
    keyword_ids = [keyword.pk for keyword in keywords]
    shares, counts = [], []
    if theme_ids:
        for model in base_page_models():
            if model._meta.abstract:
                continue
            field = model._meta.get_field("themes")
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            shares.append(
                Q(pk__in=through.objects.filter(**{f"{target}__in": theme_ids}).values(source))
            )
            counts.append(_tag_count(through, source, target, theme_ids))
    if keyword_ids:
        for through in keyword_through_models():
            shares.append(
                Q(pk__in=through.objects.filter(tag_id__in=keyword_ids).values("content_object_id"))
            )
            counts.append(_tag_count(through, "content_object_id", "tag_id", keyword_ids))
    if not shares:
        return []
    candidates = (
        listable_pages()
        .filter(reduce(or_, shares))
        .exclude(pk=page.pk)
        .order_by("-first_published_at", "-pk")
        .values("pk")[:RELATED_CANDIDATES]
    )
    chosen = (
        Page.objects.filter(pk__in=candidates)
        .annotate(score=reduce(add, counts))
        .order_by("-score", "-first_published_at", "-pk")[:limit]
        .specific()
    )
    return list(chosen)


def prepare_cards(pages, request=None):
    """Load what cards show for a whole list in a fixed number of queries: the listing images
        with their card rendition (one query for any number of cards: the renditions with their
    images; one more for images whose card rendition does not exist yet), and
        (with a request) the `maillage_page_cards` hooks, called once for the list. Returns the
        list."""
    from wagtail import hooks
    from wagtail.images import get_image_model

    pages = list(pages)
    if request is not None:
        extras = {page.pk: [] for page in pages}
        for fn in hooks.get_hooks("maillage_page_cards"):
            for page_id, html in (fn(pages, request) or {}).items():
                if html and page_id in extras:
                    extras[page_id].append(str(html))
        for page in pages:
            page._card_extras = extras[page.pk]

    # Pages loaded with `specific(defer=True)` keep their image deferred: reading it here would
    # cost a query each.
    pages_with_images = [
        page
        for page in pages
        # Read from the instance's own dict: a deferred attribute is absent from it.
        if page.__dict__.get("listing_image_id")
        and not page._meta.get_field("listing_image").is_cached(page)
    ]
    wanted = {page.listing_image_id for page in pages_with_images}
    if wanted:
        found = _images_by_card_rendition(wanted)
        missing = wanted - found.keys()
        if missing:  # images whose card rendition was never made: Wagtail makes it
            images = get_image_model().objects.filter(pk__in=missing)
            found.update({image.pk: image for image in images.prefetch_renditions(CARD_RENDITION)})
        for page in pages_with_images:
            if page.listing_image_id in found:
                page.listing_image = found[page.listing_image_id]
    return pages


def _images_by_card_rendition(image_ids) -> dict:
    """{image id: image} for the images that have a card rendition, in one query: the
    renditions with their image joined, set as the image's prefetched renditions (what
    `prefetch_renditions` gives in two queries)."""
    from wagtail.images import get_image_model

    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=image_ids, filter_spec=CARD_RENDITION)
        .select_related("image")
    )
    found = {}
    for rendition in renditions:
        image = found.get(rendition.image_id)
        if image is None:
            image = found[rendition.image_id] = rendition.image
            image.prefetched_renditions = []
        rendition.image = image
        image.prefetched_renditions.append(rendition)
    return found


def french_sort_key(text: str):
    """Sort the way a French index does: accents and case ignored first (« évaluation » among
    the E, « SCOP » among the S), then accented after plain, then lower case first."""
    import unicodedata

    text = str(text)
    folded = "".join(
        char
        for char in unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
        if not unicodedata.combining(char)
    ).casefold()
    return (folded, unicodedata.normalize("NFKD", text).casefold(), text.swapcase())


def taxonomy_counts():
    """({theme id: pages}, {keyword id: pages}) over live public pages: a fixed number of
    queries (one per page type for themes, one per keyword table)."""
    from collections import Counter

    visible = public_pages().values("pk")
    themes: Counter = Counter()
    for model in base_page_models():
        if hasattr(model, "themes") and not model._meta.abstract:
            themes.update(
                pk
                for pk in model.objects.filter(pk__in=visible)
                .values_list("themes", flat=True)
                .distinct()
                if pk
            )
    keywords: Counter = Counter()
    for through in keyword_through_models():
        keywords.update(
            tag_id
            for tag_id, _page in through.objects.filter(content_object_id__in=visible)
            .values_list("tag_id", "content_object_id")
            .distinct()
        )
    return themes, keywords


def linked_pages_by_target(links, target_field: str, page_field: str) -> dict:
    """{target id: [pages]} from link rows (already filtered to live, public pages, ordered and
    read with `select_related(page_field)`: one query), each page once per target: what a
    `maillage_backlinks_list` hook returns once it has its rows."""
    found = {}
    for link in links:
        pages = found.setdefault(getattr(link, f"{target_field}_id"), [])
        page = getattr(link, page_field)
        if all(known.pk != page.pk for known in pages):
            pages.append(page)
    return found
