"""Extension points for page templates, filled by feature apps through Wagtail hooks.

site_core imports no feature app: a feature app registers a hook and every page template that
includes these tags shows its fragment.

- `maillage_backlinks_list`: fn(pages, request) -> {page id: list of (heading, [pages])} — pages
  that point to each of these pages ("A nourri : …" from white papers, "Écouter : …" from
  episodes), called once per list (a group's dossier asks for hundreds of minutes at once): a
  fixed number of queries whatever the number of pages.
- `maillage_backlinks`: fn(page, request) -> list of (heading, [pages]) — the same for one page,
  kept for hooks not written for lists (the dossier then calls it once per minutes page).
- `maillage_page_footer`: fn(page, request) -> safe HTML or "" — what goes under a page's content
  (reactions and their form).
- `maillage_page_cards`: fn(pages, request) -> {page id: safe HTML} — lines added to the cards
  of a whole list of pages, called once per list (`site_core.listing.prepare_cards`): one query
  for the list at most.
- `maillage_page_card`: fn(page, request) -> safe HTML or "" — the same for one card, kept for
  hooks not yet written for lists; such a hook must keep the listing's query count fixed (one
  query per request at most, e.g. memoised on the request).
- `maillage_page_chapter`: fn(page, chapter_id, request) -> safe HTML or "" — what follows a
  chapter's entry in a page's table of contents (the reactions to that chapter); `chapter_id` is
  the id of the chapter's StreamField block.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from wagtail import hooks

from site_core import site_data
from site_core.listing import prepare_cards, related_pages

register = template.Library()


def _render(context, template_name: str, values: dict) -> str:
    """`template_name` rendered as an inclusion tag would render it (a new context that keeps
    the request and the autoescaping)."""
    template = context.template.engine.get_template(template_name)
    return template.render(context.new(values))


@register.simple_tag(takes_context=True)
def page_backlinks(context, page):
    """The pages that point to `page` (`maillage_backlinks_list` / `maillage_backlinks` hooks),
    kept under the page cache's stamp (`site_data.kept`): the same for every reader."""
    request = context.get("request")

    def build():
        found = []
        for fn in hooks.get_hooks("maillage_backlinks_list"):
            found.extend((fn([page], request) or {}).get(page.pk, []))
        for fn in hooks.get_hooks("maillage_backlinks"):
            found.extend(fn(page, request) or [])
        sections = [(heading, pages) for heading, pages in found if pages]
        ids = [p.pk for _heading, pages in sections for p in pages]
        return _render(context, "components/backlinks.html", {"sections": sections}), ids

    html, ids = site_data.kept(request, f"backlinks:{page.pk}", build)
    _shown_ids(context).update(ids)
    return mark_safe(html)  # noqa: S308 (a rendered template)


def _shown_ids(context) -> set:
    """Pages already linked on this page (backlinks, « same group », « related sheets »,
    previous and next): the « related » block does not repeat them."""
    request = context.get("request")
    holder = request if request is not None else context
    if not hasattr(holder, "_maillage_shown_ids"):
        holder._maillage_shown_ids = set()
    shown = holder._maillage_shown_ids
    for name in ("same_group", "related_sheets", "sources"):
        items = context.get(name)
        if callable(items):  # read on first use (as the template does)
            items = items()
        for item in items or []:
            item = item[0] if isinstance(item, tuple) else item
            if getattr(item, "pk", None):
                shown.add(item.pk)
    for name in ("previous_minutes", "next_minutes", "group"):
        item = context.get(name)
        if getattr(item, "pk", None):
            shown.add(item.pk)
    return shown


@register.simple_tag(takes_context=True)
def page_related(context, page, limit=4):
    """« Related resources »: up to `limit` pages sharing themes and keywords with `page`, other
    than those this page already links to; the rendered block is kept under the page cache's
    stamp (`site_data.kept`, never in a preview)."""
    request = context.get("request")
    shown = _shown_ids(context)

    def build():
        related = [
            item
            for item in related_pages(page, limit=limit + len(shown))
            if item.pk not in shown and getattr(item, "show_on_home", True)
        ][:limit]
        prepare_cards(related, request)
        html = _render(context, "components/related_pages.html", {"related": related})
        return html, [item.pk for item in related]

    left_out = hashlib.sha256(",".join(map(str, sorted(shown))).encode()).hexdigest()[:16]
    html, ids = site_data.kept(request, f"related:{page.pk}:{limit}:{left_out}", build)
    shown.update(ids)
    return mark_safe(html)  # noqa: S308 (a rendered template)


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
    prepared = getattr(page, "_card_extras", None)
    if prepared is None:  # a card outside a prepared list: the list hooks for this one page
        prepared = [
            (fn([page], request) or {}).get(page.pk, "")
            for fn in hooks.get_hooks("maillage_page_cards")
        ]
    fragments += prepared
    return mark_safe("".join(str(fragment) for fragment in fragments if fragment))  # noqa: S308 (fragments are rendered templates)


@register.simple_tag
def breadcrumb_ancestors(page):
    """The ancestors a breadcrumb lists, below the home page: those `BasePage.route` met on its
    way (no query), else one query."""
    root = getattr(page, "_route_root", None)
    if root is not None and root.depth == 2:
        return page._route_ancestors
    return list(page.get_ancestors()[2:])


@register.simple_tag(takes_context=True)
def page_chapter_extras(context, page, chapter_id):
    request = context.get("request")
    fragments = [fn(page, chapter_id, request) for fn in hooks.get_hooks("maillage_page_chapter")]
    return mark_safe("".join(str(fragment) for fragment in fragments if fragment))  # noqa: S308 (fragments are rendered templates)
