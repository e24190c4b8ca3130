"""The abstract page every Maillage page type is built on."""

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.search import index

from site_core import site_data
from site_core.api_fields import BASE_API_FIELDS
from site_core.indexing import SearchAttachment
from site_core.query import MaillagePageManager


class ListingFields(models.Model):
    """What a page shows of itself in listings (cards, feeds, search results)."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("Two or three sentences, shown in listings, search results and shares."),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_panels: ClassVar[list] = [FieldPanel("summary"), FieldPanel("listing_image")]

    class Meta:
        abstract = True


class SocialFields(models.Model):
    """What social networks and search engines show when the page is shared."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Preferably 1200 × 630 px. Defaults to the listing image."),
    )
    social_text = models.CharField(
        _("sharing text"),
        max_length=255,
        blank=True,
        help_text=_("Defaults to the summary."),
    )

    social_panels: ClassVar[list] = [
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("social_text")],
            heading=_("Social sharing"),
        )
    ]

    class Meta:
        abstract = True


class ThemeFields(models.Model):
    themes = ParentalManyToManyField(
        "site_core.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
    )

    class Meta:
        abstract = True


class ReactionsFields(models.Model):
    """Editors open or close reactions per page (used by `contributions`)."""

    reactions_open = models.BooleanField(
        _("reactions open"),
        default=True,
        help_text=_("Untick to close the reaction form under this page."),
    )

    class Meta:
        abstract = True


class BasePage(ListingFields, SocialFields, ThemeFields, ReactionsFields, Page):
    """Abstract base of every page type.

    What search, listings and contributions need from a page goes through the methods below; a
    page type overrides them, so adding a type needs no change in `search` or `contributions`.
    """

    # Shown in cross-type listings (home, keyword and theme pages, search facets).
    listable: ClassVar[bool] = True
    # Shown in the home page's "latest publications" and per-type sections (plain pages such as
    # the legal notice are listable by keyword but are not news).
    show_on_home: ClassVar[bool] = True
    # A working group's root page sets this; its descendants belong to that group.
    is_group_page: ClassVar[bool] = False
    # Page types that may carry reader reactions set this (contributions app).
    accepts_reactions: ClassVar[bool] = False
    # Site-wide section roots (resources, podcasts) set this: the editorial committee's workflow
    # applies to them and their subtree (working_groups provisions it).
    uses_committee_workflow: ClassVar[bool] = False
    # The content types whose feeds a section page links ("app_label.ModelName"); by default a
    # section that is not listed itself links the feeds of the listable types it holds.
    feed_types: ClassVar[list[str] | None] = None
    # Relations `get_feed_enclosures` reads: feeds prefetch them for all their items at once.
    feed_prefetch: ClassVar[tuple[str, ...]] = ()
    # Relations the page's own template reads (an episode's audio file): read with the page
    # when a request is routed to it, in the query that loads its specific fields.
    route_select_related: ClassVar[tuple[str, ...]] = ()

    content_panels = Page.content_panels + ListingFields.listing_panels + [FieldPanel("themes")]
    promote_panels = Page.promote_panels + SocialFields.social_panels
    settings_panels = Page.settings_panels

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("live"),
    ]

    # Wagtail API v2 (/api/v2/): what every type exposes; types add theirs.
    api_fields: ClassVar[list] = BASE_API_FIELDS

    # `public()` without the extra view-restriction query (site_core/query.py).
    objects = MaillagePageManager()

    class Meta:
        abstract = True

    # --- Serving -------------------------------------------------------------------------------
    def route(self, request, path_components):
        """Wagtail's route with the whole path in one query, or none.

        Wagtail walks the path one level at a time, two queries per level (the child, then its
        specific page): six for a minutes page. Here the pages whose `url_path` is a prefix of
        the requested one come in one query, then the deepest one's specific page; what is left
        of the path (if any) goes to that page's own `route`, as in Wagtail. The page found is
        the same for every reader: kept under the page cache's stamp (`site_data.kept`) when the
        whole path is pages, never for a path that leads nowhere or into a page's own sub-path,
        so that unknown addresses fill nothing.
        """
        if len(path_components) < 2:
            return super().route(request, path_components)
        partial = []

        def build():
            found = self._routed_leaf(path_components)
            if found is not None and found[1] < len(path_components):
                partial.append(found)  # a page's own sub-path (« decisions/… »): not kept
                return None
            return found

        name = f"route:{self.pk}:{'/'.join(path_components)}"
        found = site_data.kept(request, name, build, keep_none=False) or (
            partial[0] if partial else None
        )
        if found is None:
            return super().route(request, path_components)
        leaf, consumed = found
        return leaf.route(request, path_components[consumed:])

    def _routed_leaf(self, path_components):
        """(the deepest page on the path, specific, the number of components it takes) or None."""
        prefixes = [
            f"{self.url_path}{'/'.join(path_components[:count])}/"
            for count in range(1, len(path_components) + 1)
        ]
        found = {
            page.depth: page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            )
        }
        chain, parent = [], self
        for depth in range(self.depth + 1, self.depth + 1 + len(path_components)):
            page = found.get(depth)
            if page is None or not page.path.startswith(parent.path):
                break
            page._cached_parent_obj = parent
            chain.append(page)
            parent = page
        if not chain:
            return None
        leaf = _specific_for_route(chain[-1])
        leaf._cached_parent_obj = chain[-1]._cached_parent_obj
        if not path_components[len(chain) :] and isinstance(leaf, BasePage):
            # Read together at their first use (`routed_taxonomy`): a page whose blocks come
            # from the page cache's store never reads them.
            leaf._taxonomy_on_first_use = True
        # The breadcrumb reads them (`page_ancestors` tag) instead of querying again.
        leaf._route_ancestors = chain[:-1]
        leaf._route_root = self
        return leaf, len(chain)

    def prefetch_taxonomy(self):
        """Themes and keywords once for the request: the page shows them, « related resources »
        and the social tags read them again."""
        lookups = ["themes"] + (["keywords"] if hasattr(self, "keywords") else [])
        models.prefetch_related_objects([self], *lookups)

    def routed_taxonomy(self) -> tuple[list, list]:
        """(themes, keywords): on a page a request was routed to, both read at once the first
        time anything asks (previews read their revision's own)."""
        if getattr(self, "_taxonomy_on_first_use", False):
            self._taxonomy_on_first_use = False
            self.prefetch_taxonomy()
        return list(self.themes.all()), self.get_keywords()

    def get_view_restrictions(self):
        """Wagtail's, in one query: restrictions on this page, its ancestors (paths computed from
        `path`) or the pages these alias; none at all on a public page request whose site-wide
        bundle lists no restricted path above this page."""
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        known = site_data.restricted_paths()
        if known is not None and known.isdisjoint(paths):
            # A public page request knows every restricted path (site_core/site_data.py).
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths) | models.Q(page__aliases__path__in=paths)
        ).distinct()

    # --- Listing ---------------------------------------------------------------------------------
    @property
    def type_label(self) -> str:
        return str(self._meta.verbose_name).capitalize()

    def get_listing_date(self):
        """The date a listing shows for this page (minutes override it with the meeting date)."""
        when = self.first_published_at or self.latest_revision_created_at
        return when.date() if when else None

    def get_listing_summary(self) -> str:
        return self.summary or self.search_description or ""

    def get_listing_image(self):
        return self.listing_image

    def get_social_image(self):
        return self.social_image or self.listing_image

    def get_social_text(self) -> str:
        return self.social_text or self.get_listing_summary()

    def get_keywords(self):
        manager = getattr(self, "keywords", None)
        return list(manager.all()) if manager is not None else []

    # --- Groups ----------------------------------------------------------------------------------
    @cached_property
    def group_page(self):
        """The working group page this page belongs to (itself for a group page), or None."""
        group_types = _group_content_types()
        if not group_types:
            return None
        if "_route_ancestors" in self.__dict__:
            # Served page: its ancestors were met on the way (`route`), no query to find them.
            type_ids = {content_type.pk for content_type in group_types}
            chain = [self, *reversed(self._route_ancestors), self._route_root]
            found = next((page for page in chain if page.content_type_id in type_ids), None)
            return found.specific if found else None
        found = (
            Page.objects.ancestor_of(self, inclusive=True)
            .filter(content_type__in=group_types)
            .order_by("-depth")
            .first()
        )
        return found.specific if found else None

    @staticmethod
    def prefetch_group_pages(pages) -> None:
        """`group_page` of a whole list in two queries (the groups, then their specific pages),
        rather than two for each page."""
        group_types = _group_content_types()
        pages = [page for page in pages if "group_page" not in page.__dict__]
        if not pages:
            return
        if not group_types:
            for page in pages:
                page.__dict__["group_page"] = None
            return
        steplen = Page.steplen
        prefixes = {
            page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)
        }
        groups = {
            group.path: group
            for group in Page.objects.filter(
                path__in=prefixes, content_type__in=group_types
            ).specific()
        }
        for page in pages:
            found = None
            for end in range(len(page.path), 0, -steplen):  # the deepest group first
                found = groups.get(page.path[:end])
                if found is not None:
                    break
            page.__dict__["group_page"] = found

    # --- Reactions -------------------------------------------------------------------------------
    def reactions_allowed(self) -> bool:
        """Whether readers may post a reaction now (white papers add their consultation period)."""
        return self.accepts_reactions and self.reactions_open

    # --- Search ----------------------------------------------------------------------------------
    # Declared search fields the public index reads elsewhere: the title and summary have their
    # own columns, themes are facets, and a type lists here what it gives as an attachment.
    search_body_skip: ClassVar[frozenset] = frozenset(
        {"title", "summary", "search_description", "themes", "slug"}
    )

    def get_search_body(self) -> str:
        """Plain text of what the type declares in `search_fields` (the admin search reads the
        same declaration), taken from each field's own content: nothing rendered."""
        from site_core.search_text import declared_text

        return "\n".join(declared_text(self, self.search_fields, skip=self.search_body_skip))

    def get_search_attachments(self) -> list[SearchAttachment]:
        """Files whose text the search index reads (PDFs, transcripts). Types override."""
        return []

    # --- Feeds and subscriptions -----------------------------------------------------------------
    def get_feed_enclosures(self) -> list:
        """Files a feed item of this page carries (`site_core.syndication.FeedEnclosure`: PDFs,
        audio), first the main one. Types override."""
        return []

    def get_follow_targets(self) -> list:
        """What a reader of this page may follow by feed or e-mail (`FollowTarget`s)."""
        from django.apps import apps

        from site_core.syndication import GROUP, TYPE, FollowTarget

        if self.is_group_page:
            return [FollowTarget(GROUP, self.slug)]
        if self.feed_types is not None:
            models = [apps.get_model(label) for label in self.feed_types]
        elif not self.listable:
            models = [m for m in self.specific_class.allowed_subpage_models() if m in _listable()]
        else:
            models = []
        return [FollowTarget(TYPE, model._meta.model_name) for model in models]


def _listable():
    from site_core.listing import listable_page_models

    return listable_page_models()


def _group_content_types() -> list:
    return [
        ContentType.objects.get_for_model(model)
        for model in get_page_models()
        if getattr(model, "is_group_page", False)
    ]


def _specific_for_route(page):
    """`page.specific`, with the type's `route_select_related` in the same query."""
    model = page.specific_class
    related = getattr(model, "route_select_related", ())
    if not related:
        return page.specific
    found = model._default_manager.select_related(*related).filter(pk=page.pk).first()
    return found if found is not None else page.specific
