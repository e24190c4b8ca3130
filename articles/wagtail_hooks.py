from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import WhitePaperPage, WhitePaperSource


@hooks.register("maillage_backlinks")
def white_papers_fed_by(page, request):
    """ "A nourri : …" — live, public white papers that list `page` among their sources."""
    paper_ids = WhitePaperSource.objects.filter(source_id=page.pk).values("paper_id")
    # The white paper type's own manager: one query (its `public()` is a subquery).
    papers = list(
        WhitePaperPage.objects.live()
        .public()
        .filter(pk__in=paper_ids)
        .order_by("-first_published_at", "-pk")
    )
    return [(_("Fed into"), papers)] if papers else []
