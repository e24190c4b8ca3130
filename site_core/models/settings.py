from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    # Every page shows them (header, footer): one query rather than five.
    select_related = [
        "logo",
        "favicon",
        "legal_notice_page",
        "accessibility_page",
        "privacy_page",
    ]

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # « Données personnelles »: the page shows the retention periods of every app (live settings).
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personal data page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page shows the retention periods of personal data below its content."),
    )
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    peertube_url = models.URLField(_("PeerTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    newsletter_url = models.URLField(_("newsletter"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header, next to the site's name (a wide image reads best)."),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("favicon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square image, at least 64 × 64 pixels: browsers show it in their tabs."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=200,
        blank=True,
        default="Creative Commons BY-SA 4.0",
        help_text=_("The licence of the published texts, printed at the end of every page."),
    )

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("favicon"), FieldPanel("licence")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("legal_notice_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Footer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("mastodon_url"),
                FieldPanel("peertube_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("newsletter_url"),
            ],
            heading=_("Social networks"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        permissions = [
            ("manage_personal_data", _("Can export and erase the personal data of an address"))
        ]

    def social_links(self):
        links = [
            ("Mastodon", self.mastodon_url),
            ("PeerTube", self.peertube_url),
            ("LinkedIn", self.linkedin_url),
            (_("Newsletter"), self.newsletter_url),
        ]
        return [(label, url) for label, url in links if url]
