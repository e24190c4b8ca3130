"""`<link rel="alternate">` in the head and a visible « S'abonner » box on every listing page.

Other apps add ways to follow (e-mail) through the `maillage_follow_links` hook: a function
`(target) -> (label, url) | None`.
"""

from django import template
from wagtail import hooks

from site_core.syndication import resolve, targets_for_context

register = template.Library()


def _feeds(context):
    cache_key = "_maillage_follow_feeds"
    if cache_key not in context:
        feeds = []
        for target in targets_for_context(context):
            resolved = resolve(target)
            if resolved is None:
                continue
            extra = [
                link
                for hook in hooks.get_hooks("maillage_follow_links")
                if (link := hook(target)) is not None
            ]
            feeds.append(
                {
                    "title": resolved.title,
                    "rss": target.feed_url("rss"),
                    "atom": target.feed_url("atom"),
                    "extra": extra,
                }
            )
        context.dicts[0][cache_key] = feeds
    return context[cache_key]


@register.inclusion_tag("components/feed_alternate_links.html", takes_context=True)
def feed_alternate_links(context):
    return {"feeds": _feeds(context)}


@register.inclusion_tag("components/follow_box.html", takes_context=True)
def follow_box(context):
    return {"feeds": _feeds(context)}
