"""Extension points for page templates, filled by feature apps through Wagtail hooks.

site_core imports no feature app: a feature app registers a hook and every page template that
includes these tags shows its fragment.

- `maillage_backlinks`: fn(page, request) -> list of (heading, [pages]) — pages that point to this
  page ("A nourri : …" from white papers, "Écouter : …" from episodes).
- `maillage_page_footer`: fn(page, request) -> safe HTML or "" — what goes under a page's content
  (reactions and their form).
- `maillage_page_card`: fn(page, request) -> safe HTML or "" — a line added to a page's card in
  listings (the number of reactions). A hook must keep the listing's query count fixed (one
  query per request at most, e.g. memoised on the request).
"""

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

from site_core.listing import related_pages

register = template.Library()


@register.inclusion_tag("components/backlinks.html", takes_context=True)
def page_backlinks(context, page):
    request = context.get("request")
    sections = []
    for fn in hooks.get_hooks("maillage_backlinks"):
        for heading, pages in fn(page, request) or []:
            if pages:
                sections.append((heading, pages))
    return {"sections": sections}


@register.inclusion_tag("components/related_pages.html")
def page_related(page, limit=4):
    return {"related": related_pages(page, limit=limit)}


@register.simple_tag(takes_context=True)
def page_footer_extras(context, page):
    request = context.get("request")
    fragments = [fn(page, request) for fn in hooks.get_hooks("maillage_page_footer")]
    return mark_safe("".join(str(fragment) for fragment in fragments if fragment))  # noqa: S308 (fragments are rendered templates)


@register.simple_tag(takes_context=True)
def page_card_extras(context, page):
    # Inside an inclusion tag's template the context is a copy that still carries the request.
    request = getattr(context, "request", None) or context.get("request")
    fragments = [fn(page, request) for fn in hooks.get_hooks("maillage_page_card")]
    return mark_safe("".join(str(fragment) for fragment in fragments if fragment))  # noqa: S308 (fragments are rendered templates)
