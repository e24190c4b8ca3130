from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_core.models import Keyword, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Themes")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class KeywordViewSet(SnippetViewSet):
    model = Keyword
    icon = "tag"
    menu_label = _("Keywords")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    form_fields = ["name", "slug"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, KeywordViewSet)
    menu_icon = "tag"
    menu_label = _("Classification")
    menu_name = "taxonomy"
    menu_order = 250


register_snippet(TaxonomyViewSetGroup)
