from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
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
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    peertube_url = models.URLField(_("PeerTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    newsletter_url = models.URLField(_("newsletter"), blank=True)

    panels = [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")], heading=_("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("legal_notice_page"),
                FieldPanel("accessibility_page"),
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

    def social_links(self):
        links = [
            ("Mastodon", self.mastodon_url),
            ("PeerTube", self.peertube_url),
            ("LinkedIn", self.linkedin_url),
            (_("Newsletter"), self.newsletter_url),
        ]
        return [(label, url) for label, url in links if url]
