from django import template

from site_core import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def uncached_fragment(context, name, *args):
    """A per-reader part of a page: see `site_core.fragments`."""
    return fragments.in_place(context.get("request"), name, args)
