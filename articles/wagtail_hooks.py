from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from site_core.listing import linked_pages_by_target

from .models import WhitePaperPage, WhitePaperSource


@hooks.register("maillage_backlinks_list")
def white_papers_fed_by(pages, request):
    """ "A nourri : …" — live, public white papers that list each of `pages` among their sources,
    in two queries for the whole list: {page id: [(heading, [papers])]}."""
    links = WhitePaperSource.objects.filter(source_id__in=[page.pk for page in pages])
    # The white paper type's own manager: one query (its `public()` is a subquery).
    papers = WhitePaperPage.objects.live().public().order_by("-first_published_at", "-pk")
    found = linked_pages_by_target(links.values_list("source_id", "paper_id"), papers)
    return {page_id: [(_("Fed into"), fed)] for page_id, fed in found.items()}
