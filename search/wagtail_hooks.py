from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymSet


class SynonymSetViewSet(SnippetViewSet):
    """The committee's synonym sets, under Snippets."""

    model = SynonymSet
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["terms", "note"]
    ordering = ["terms"]
    form_fields = ["terms", "note"]


register_snippet(SynonymSetViewSet)
