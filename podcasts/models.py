"""Podcast shows and episodes, woven into the knowledge base."""

import functools
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from site_core import site_data
from site_core.api_fields import RowsField, rows
from site_core.indexing import SearchAttachment
from site_core.models import BasePage, KeywordItemBase
from site_core.views import paginate

from .audio import format_duration, read_audio_facts
from .choices import AppleCategory, EpisodeType, PersonRole
from .fields import TimecodeField
from .forms import PodcastEpisodeForm, PodcastShowForm
from .transcripts import read_subtitles, subtitles_to_text

logger = logging.getLogger(__name__)

# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL (without scheme) in this namespace.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


class PodcastIndexPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "podcasts.PodcastIndexPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class PodcastIndexPage(BasePage):
    keywords = ClusterTaggableManager(
        through=PodcastIndexPageKeyword, blank=True, verbose_name=_("keywords")
    )

    listable = False
    feed_types = ["podcasts.PodcastEpisodePage"]
    uses_committee_workflow = True
    max_count = 1
    template = "podcasts/podcast_index_page.html"
    parent_page_types = ["site_core.HomePage"]
    subpage_types = ["podcasts.PodcastShowPage"]
    content_panels = BasePage.content_panels + [FieldPanel("keywords")]

    class Meta:
        verbose_name = _("podcasts index")
        verbose_name_plural = _("podcasts indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["shows"] = list(
            PodcastShowPage.objects.child_of(self).live().public().select_related("artwork")
        )
        return context


class PodcastShowPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "podcasts.PodcastShowPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class PodcastShowPage(BasePage):
    description = models.TextField(
        _("description"), help_text=_("Shown in podcast apps (plain text).")
    )
    artwork = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("artwork"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square JPEG or PNG between 1400 and 3000 px."),
    )
    author = models.CharField(_("author"), max_length=255)
    owner_name = models.CharField(_("owner name"), max_length=255)
    owner_email = models.EmailField(
        _("owner e-mail"), help_text=_("Podcast directories write here; not shown on the site.")
    )
    category = models.CharField(
        _("category"),
        max_length=50,
        choices=AppleCategory.choices,
        default=AppleCategory.SOCIETY_CULTURE,
    )
    language = models.CharField(_("language"), max_length=10, default="fr")
    explicit = models.BooleanField(_("explicit content"), default=False)
    feed_locked = models.BooleanField(
        _("locked"),
        default=True,
        help_text=_("Forbids other platforms from importing the feed (podcast:locked)."),
    )
    podcast_guid = models.UUIDField(_("podcast GUID"), null=True, blank=True, editable=False)
    keywords = ClusterTaggableManager(
        through=PodcastShowPageKeyword, blank=True, verbose_name=_("keywords")
    )

    base_form_class = PodcastShowForm
    template = "podcasts/podcast_show_page.html"
    parent_page_types = ["podcasts.PodcastIndexPage"]
    subpage_types = ["podcasts.PodcastEpisodePage"]

    content_panels = BasePage.content_panels + [
        FieldPanel("description"),
        FieldPanel("artwork"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
            ],
            heading=_("Authors"),
        ),
        FieldRowPanel(
            [
                FieldPanel("category"),
                FieldPanel("language"),
                FieldPanel("explicit"),
                FieldPanel("feed_locked"),
            ]
        ),
        FieldPanel("keywords"),
    ]
    # Wagtail API v2: never the owner's e-mail address.
    api_fields = BasePage.api_fields + [
        APIField("description"),
        APIField("author"),
        APIField("category"),
        APIField("language"),
        APIField("feed_url", serializer=RowsField(source="api_feed_url")),
    ]

    @property
    def api_feed_url(self):
        from site_core.syndication import absolute

        return absolute(self.feed_url)

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("author"),
    ]

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")

    def save(self, *args, **kwargs):
        if self.podcast_guid is None and self.slug:
            # Podcasting 2.0: UUIDv5 of the feed URL without its scheme. Stable once set: a later
            # change of slug or domain keeps the show's identity.
            self.podcast_guid = uuid.uuid5(PODCAST_NAMESPACE, self.feed_url_without_scheme())
        super().save(*args, **kwargs)

    def get_social_image(self):
        return super().get_social_image() or self.artwork

    def feed_url_without_scheme(self) -> str:
        # Before the first save the page's own url_path is not set yet: ask its parent.
        parent = self.get_parent() if self.path and self.depth and self.depth > 1 else None
        site = parent.get_site() if parent is not None else None
        host = site.root_url.split("://", 1)[-1].rstrip("/") if site is not None else "maillage"
        return f"{host}{self.feed_url}".rstrip("/")

    def episodes(self):
        return (
            PodcastEpisodePage.objects.child_of(self)
            .live()
            .public()
            .select_related("audio")
            .order_by("-published_on", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj = paginate(request, self.episodes(), 10)
        context.update({"page_obj": page_obj, "episodes": page_obj.object_list})
        return context

    @property
    def feed_url(self) -> str:
        from django.urls import reverse

        return reverse("podcasts:feed", kwargs={"show_slug": self.slug})


class PodcastEpisodePageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "podcasts.PodcastEpisodePage", related_name="keyword_items", on_delete=models.CASCADE
    )


class PodcastEpisodePage(BasePage):
    feed_prefetch = ("audio",)  # read by get_feed_enclosures
    route_select_related = ("audio", "transcript_file")  # the player and the subtitles link

    audio = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("audio file"),
        null=True,
        blank=False,
        # Deleting the file in the media library (whose view cannot handle PROTECT) takes the
        # episode out of the feed and its player off the page; the episode itself stays.
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audio_duration = models.FloatField(
        _("duration (seconds)"), null=True, blank=True, editable=False
    )
    audio_size = models.PositiveBigIntegerField(
        _("size (bytes)"), null=True, blank=True, editable=False
    )
    audio_mime_type = models.CharField(_("MIME type"), max_length=50, blank=True, editable=False)
    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    season = models.PositiveSmallIntegerField(_("season"), null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("episode number"), null=True, blank=True)
    episode_type = models.CharField(
        _("episode type"), max_length=10, choices=EpisodeType.choices, default=EpisodeType.FULL
    )
    show_notes = RichTextField(
        _("show notes"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    transcript = models.TextField(
        _("transcript"), blank=True, help_text=_("The full text of the episode, shown on the page.")
    )
    transcript_file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("transcript file (WebVTT or SRT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, editable=False)
    keywords = ClusterTaggableManager(
        through=PodcastEpisodePageKeyword, blank=True, verbose_name=_("keywords")
    )

    accepts_reactions = True
    base_form_class = PodcastEpisodeForm
    template = "podcasts/podcast_episode_page.html"
    parent_page_types = ["podcasts.PodcastShowPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("audio"),
        FieldRowPanel(
            [
                FieldPanel("published_on"),
                FieldPanel("season"),
                FieldPanel("number"),
                FieldPanel("episode_type"),
            ]
        ),
        FieldPanel("show_notes"),
        InlinePanel("guests", label=_("Guest"), heading=_("Guests")),
        InlinePanel("chapters", label=_("Chapter"), heading=_("Chapters")),
        MultiFieldPanel(
            [FieldPanel("transcript"), FieldPanel("transcript_file")], heading=_("Transcript")
        ),
        InlinePanel(
            "further_links",
            label=_("Page"),
            heading=_("Going further (minutes, sheets, white papers)"),
        ),
        FieldPanel("keywords"),
    ]
    # Wagtail API v2: the episode with its audio and chapters.
    api_fields = BasePage.api_fields + [
        APIField("published_on"),
        APIField("season"),
        APIField("number"),
        APIField("episode_type"),
        APIField("show_notes"),
        APIField("transcript"),
        APIField("audio", serializer=RowsField(source="api_audio")),
        rows("chapters", "api_chapters"),
        rows("guests", "api_guests"),
    ]

    @property
    def api_audio(self):
        from site_core.syndication import absolute

        if self.audio is None:
            return None
        return {
            "url": absolute(self.audio_url),
            "duration_seconds": self.audio_duration,
            "size": self.audio_size,
            "mime_type": self.audio_mime_type,
        }

    @property
    def api_chapters(self):
        return [{"start_seconds": c.start_seconds, "title": c.title} for c in self.chapters.all()]

    @property
    def api_guests(self):
        return [
            {"name": g.name, "role": g.role, "organisation": g.organisation, "url": g.url}
            for g in self.guests.all()
        ]

    search_fields = BasePage.search_fields + [
        index.SearchField("show_notes"),
        index.SearchField("transcript"),
        index.RelatedFields(
            "guests", [index.SearchField("name"), index.SearchField("organisation")]
        ),
        index.RelatedFields("chapters", [index.SearchField("title")]),
    ]
    # The transcript is indexed as an attachment (get_search_attachments), not in the body.
    search_body_skip = BasePage.search_body_skip | {"transcript"}

    class Meta:
        verbose_name = _("podcast episode")
        verbose_name_plural = _("podcast episodes")

    def get_listing_date(self):
        return self.published_on

    def get_social_image(self):
        image = super().get_social_image()
        if image is None:
            show = self.get_parent().specific
            image = getattr(show, "artwork", None)
        return image

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.refresh_audio_facts()
        super().save(*args, **kwargs)

    def refresh_audio_facts(self) -> bool:
        """Measure the audio again when the stored facts do not match the file (a file replaced
        in the media library, a revision published later). True when something changed."""
        if self.audio_id is None:
            return False
        try:
            size = self.audio.file.size
        except (FileNotFoundError, ValueError):
            return False
        if size == self.audio_size and self.audio_duration and self.audio_mime_type:
            return False
        try:
            with self.audio.file.open("rb") as handle:
                facts = read_audio_facts(handle, self.audio.file.name)
        except (ValidationError, OSError) as error:
            logger.warning("Audio of episode %s cannot be measured: %s", self.pk, error)
            return False
        self.audio_duration, self.audio_size = facts.duration, facts.size
        self.audio_mime_type = facts.mime_type
        return True

    @property
    def duration_label(self) -> str:
        return format_duration(self.audio_duration)

    @property
    def audio_url(self) -> str:
        from django.urls import reverse

        if self.audio is None:
            return ""
        return reverse(
            "podcasts:audio", kwargs={"pk": self.audio.pk, "filename": self.audio.filename}
        )

    def get_feed_enclosures(self) -> list:
        from site_core.syndication import FeedEnclosure

        if self.audio is None:
            return []
        mime_type = self.audio_mime_type or "audio/mpeg"
        return [FeedEnclosure(self.audio_url, self.audio_size or 0, mime_type)]

    def live_further_pages(self):
        from site_core.listing import public_pages  # the restrictions as a subquery

        rows = list(self.further_links.all())
        visible = {
            page.pk: page
            for page in public_pages().filter(pk__in=[row.page_id for row in rows]).specific()
        }
        return [visible[row.page_id] for row in rows if row.page_id in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by the template only when it renders them (it calls callables, once each): the
        # kept block that shows them (`kept_block`) comes from the page cache's store on most
        # renderings.
        people = self.guests.all()
        context.update(
            {
                "show": functools.cache(
                    lambda: site_data.kept(
                        request, f"episode-show:{self.pk}", lambda: self.get_parent().specific
                    )
                ),
                "hosts": functools.cache(
                    lambda: [person for person in people if person.role != PersonRole.GUEST]
                ),
                "guests": functools.cache(
                    lambda: [person for person in people if person.role == PersonRole.GUEST]
                ),
                "chapters": self.chapters.all(),
                # The same for every reader: kept under the page cache's stamp (not in previews).
                "further": functools.cache(
                    lambda: site_data.kept(
                        request, f"episode-further:{self.pk}", self.live_further_pages
                    )
                ),
            }
        )
        return context

    def get_search_attachments(self) -> list[SearchAttachment]:
        """The transcript: the text on the page, else the spoken text of the WebVTT/SRT file."""
        text = self.transcript
        if not text and self.transcript_file is not None:
            try:
                text = subtitles_to_text(read_subtitles(self.transcript_file))
            except (ValidationError, OSError) as error:
                logger.warning("Transcript file of episode %s unreadable: %s", self.pk, error)
        if not text:
            return []
        return [SearchAttachment(label=str(_("Transcript")), kind="transcript", text=text)]


class EpisodeGuest(Orderable):
    episode = ParentalKey(PodcastEpisodePage, related_name="guests", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=20, choices=PersonRole.choices, default=PersonRole.GUEST
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("guest")
        verbose_name_plural = _("guests")


class EpisodeChapter(Orderable):
    episode = ParentalKey(PodcastEpisodePage, related_name="chapters", on_delete=models.CASCADE)
    start_seconds = TimecodeField(
        _("starts at"), help_text=_("Hours:minutes:seconds from the start, e.g. 00:12:30.")
    )
    title = models.CharField(_("title"), max_length=200)

    panels = [FieldRowPanel([FieldPanel("start_seconds"), FieldPanel("title")])]

    class Meta(Orderable.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["start_seconds"]

    @property
    def start_label(self) -> str:
        return format_duration(self.start_seconds)


class EpisodeFurtherLink(Orderable):
    episode = ParentalKey(
        PodcastEpisodePage, related_name="further_links", on_delete=models.CASCADE
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("page to go further")
        verbose_name_plural = _("pages to go further")
