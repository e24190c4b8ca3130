"""The resources section: method sheets and white papers together, filtered by plain links."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from site_core import site_data
from site_core.listing import french_sort_key, prepare_cards, public_pages
from site_core.models import BasePage, Keyword, Theme
from site_core.params import get_text
from site_core.views import paginate

from ..choices import ResourceType


class ResourceIndexPage(BasePage):
    listable = False
    uses_committee_workflow = True
    max_count = 1
    template = "articles/resource_index_page.html"
    parent_page_types = ["site_core.HomePage"]
    subpage_types = ["articles.MethodSheetPage", "articles.WhitePaperPage"]
    per_page = 12

    class Meta:
        verbose_name = _("resources index")
        verbose_name_plural = _("resources indexes")

    @staticmethod
    def resource_models():
        from .sheets import MethodSheetPage
        from .white_papers import WhitePaperPage

        return {
            ResourceType.METHOD_SHEET: MethodSheetPage,
            ResourceType.WHITE_PAPER: WhitePaperPage,
        }

    def filtered_resources(self, params):
        """Live public sheets and white papers anywhere on the site, filtered by GET parameters.

        Returns (queryset, active filters as dict, the Theme or None, the Keyword or None).
        """
        models = self.resource_models()
        chosen_type = get_text(params, "type", max_length=50)
        types = [models[chosen_type]] if chosen_type in models else list(models.values())
        pages = public_pages().type(*types)
        theme_slug = get_text(params, "theme", max_length=255)
        keyword_slug = get_text(params, "keyword", max_length=255)
        theme = Theme.objects.filter(slug=theme_slug).first() if theme_slug else None
        keyword = Keyword.objects.filter(slug=keyword_slug).first() if keyword_slug else None
        if theme is not None:
            condition = Q()
            for model in types:
                condition |= Q(pk__in=model.objects.filter(themes=theme).values("pk"))
            pages = pages.filter(condition)
        if keyword is not None:
            condition = Q()
            for model in types:
                through = model.keywords.through
                condition |= Q(
                    pk__in=through.objects.filter(tag=keyword).values("content_object_id")
                )
            pages = pages.filter(condition)
        active = {
            "type": chosen_type if chosen_type in models else "",
            "theme": theme.slug if theme else "",
            "keyword": keyword.slug if keyword else "",
        }
        return pages.order_by("-first_published_at", "-pk"), active, theme, keyword

    def _visible_resource_ids(self):
        return public_pages().type(*self.resource_models().values()).values("pk")

    def themes_in_use(self):
        """Themes carried by at least one live, public resource: no link leads to an empty list."""
        visible = self._visible_resource_ids()
        condition = Q()
        for model in self.resource_models().values():
            condition |= Q(pk__in=model.objects.filter(pk__in=visible).values("themes"))
        return Theme.objects.filter(condition).order_by("sort_order", "name")

    def keywords_in_use(self):
        """Keywords of live, public resources only (a draft's or a private page's stay hidden)."""
        visible = self._visible_resource_ids()
        condition = Q()
        for model in self.resource_models().values():
            through = model.keywords.through
            condition |= Q(
                pk__in=through.objects.filter(content_object_id__in=visible).values("tag_id")
            )
        return Keyword.objects.filter(condition).order_by("name")

    def facets(self, params, active):
        """Themes and keywords that still lead somewhere under the other active filters, each
        with its number of resources (``.result_count``); an active value always stays listed."""
        from collections import Counter

        models = list(self.resource_models().values())

        def ids_without(name):
            others = {key: value for key, value in active.items() if key != name and value}
            pages, *_ = self.filtered_resources(others)
            return list(pages.values_list("pk", flat=True))

        theme_counts: Counter = Counter()
        ids = ids_without("theme")
        for model in models:
            theme_counts.update(
                pk for pk in model.objects.filter(pk__in=ids).values_list("themes", flat=True) if pk
            )
        keyword_counts: Counter = Counter()
        ids = ids_without("keyword")
        for model in models:
            through = model.keywords.through
            keyword_counts.update(
                through.objects.filter(content_object_id__in=ids).values_list("tag_id", flat=True)
            )
        themes = sorted(
            Theme.objects.filter(Q(pk__in=theme_counts) | Q(slug=active["theme"] or None))
            .order_by("sort_order", "name")
            .distinct(),
            key=lambda theme: (theme.sort_order, french_sort_key(theme.name)),
        )
        keywords = sorted(
            Keyword.objects.filter(Q(pk__in=keyword_counts) | Q(slug=active["keyword"] or None))
            .order_by("name")
            .distinct(),
            key=lambda keyword: french_sort_key(keyword.name),
        )
        for theme in themes:
            theme.result_count = theme_counts.get(theme.pk, 0)
        for keyword in keywords:
            keyword.result_count = keyword_counts.get(keyword.pk, 0)
        return themes, keywords

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages, active, theme, keyword = self.filtered_resources(request.GET)
        page_obj = paginate(request, pages.specific(), self.per_page)
        page_obj.object_list = prepare_cards(page_obj.object_list, request)
        # The same for every reader with these filters (validated slugs only): kept under the
        # page cache's stamp.
        themes, keywords = site_data.kept(
            request,
            "resource-facets:{}:{type}:{theme}:{keyword}".format(self.pk, **active),
            lambda: self.facets(request.GET, active),
        )
        context.update(
            {
                "page_obj": page_obj,
                "resources": page_obj.object_list,
                "active": active,
                "active_theme": theme,
                "active_keyword": keyword,
                "type_choices": ResourceType.choices,
                "themes": themes,
                "keywords": keywords,
                "any_filter": any(active.values()),
            }
        )
        return context
