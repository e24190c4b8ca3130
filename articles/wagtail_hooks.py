from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from site_core.listing import linked_pages_by_target

from .models import WhitePaperPage, WhitePaperSource


@hooks.register("maillage_backlinks_list")
def white_papers_fed_by(pages, request):
    """ "A nourri : …" — live, public white papers that list each of `pages` among their sources,
    in one query for the whole list: {page id: [(heading, [papers])]}."""
    links = (
        WhitePaperSource.objects.filter(
            source_id__in=[page.pk for page in pages],
            # The white paper type's own manager: its `public()` is a subquery.
            paper__in=WhitePaperPage.objects.live().public(),
        )
        .select_related("paper")
        .order_by("-paper__first_published_at", "-paper_id")
    )
    found = linked_pages_by_target(links, "source", "paper")
    return {page_id: [(_("Fed into"), fed)] for page_id, fed in found.items()}
