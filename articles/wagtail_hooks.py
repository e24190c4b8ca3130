from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from site_core.listing import public_pages

from .models import WhitePaperSource


@hooks.register("maillage_backlinks")
def white_papers_fed_by(page, request):
    """ "A nourri : …" — live, public white papers that list `page` among their sources."""
    paper_ids = WhitePaperSource.objects.filter(source_id=page.pk).values("paper_id")
    papers = list(
        public_pages().filter(pk__in=paper_ids).order_by("-first_published_at").specific()
    )
    return [(_("Fed into"), papers)] if papers else []
