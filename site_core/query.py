"""Page querysets that keep public listings at one query.

Wagtail's `PageQuerySet.public()` first reads every view restriction of the site, then builds
one `path LIKE …` condition per restricted section: one more query for each listing on a page.
Here the restriction test is a `NOT EXISTS` subquery (the restricted page's path is a prefix of
the listed page's path), so `public()` adds no query, whatever the number of listings.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


def restricted_q(outer_path: str = "path") -> Q:
    """True for a page at or below a page that has a view restriction (any kind)."""
    return Q(
        Exists(
            PageViewRestriction.objects.filter(
                page__path=Substr(OuterRef(outer_path), 1, Length("page__path"))
            )
        )
    )


class MaillagePageQuerySet(PageQuerySet):
    def private_q(self):
        return restricted_q()


class MaillagePageManager(PageManager):
    _queryset_class = MaillagePageQuerySet
