from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from site_core.personal_data import PersonalDataSource, RetentionPeriod

from . import admin_urls, counters, retention, services
from .admin_views import user_may_moderate
from .display import (
    FRAGMENT_NAME,
    chapter_entry,
    reaction_count_badges,
    reactions_section,
    render_form_fragment,
)
from .models import Reaction


# --- Public pages ------------------------------------------------------------------------------
@hooks.register("before_serve_page")
def expect_reaction_counter(page, request, serve_args, serve_kwargs):
    # The page's own counter comes with its related cards' (one query, contributions/counters.py).
    if getattr(page, "accepts_reactions", False):
        counters.expect(request, page.pk)


@hooks.register("maillage_page_footer")
def page_reactions(page, request):
    return reactions_section(page, request)


@hooks.register("maillage_page_cards")
def card_reaction_counts(pages, request):
    return reaction_count_badges(pages, request)


@hooks.register("maillage_page_chapter")
def chapter_reactions(page, chapter_id, request):
    return chapter_entry(page, chapter_id, request)


@hooks.register("maillage_uncached_fragment")
def reactions_form_fragment():
    # The form with its tokens, the reader's pending reactions and notices (site_core.fragments).
    return FRAGMENT_NAME, render_form_fragment


# --- Admin -------------------------------------------------------------------------------------
@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reactions/", include(admin_urls, namespace="contributions_admin"))]


class ReactionsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ReactionsMenuItem(
        _("Reactions"),
        reverse("contributions_admin:index"),
        name="reactions",
        icon_name="comment",
        order=250,
    )


class PendingReactionsPanel(Component):
    name = "contributions_pending"
    template_name = "contributions/admin/dashboard_panel.html"
    order = 90

    def __init__(self, pending: int):
        self.pending = pending

    def get_context_data(self, parent_context):
        return {"pending": self.pending, "request": parent_context.get("request")}


@hooks.register("construct_homepage_panels")
def add_pending_panel(request, panels):
    if user_may_moderate(request.user):
        pending = Reaction.objects.moderated_by_user(request.user).pending().count()
        panels.append(PendingReactionsPanel(pending))


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(services.LOG_RECEIVED, _("Receive a reaction"), _("Reaction received"))
    actions.register_action(
        services.LOG_ANSWERED, _("Answer as the group"), _("Answered as the group")
    )
    actions.register_action(
        services.LOG_ACTIONS["approved"], _("Approve a reaction"), _("Reaction approved")
    )
    actions.register_action(
        services.LOG_ACTIONS["rejected"], _("Reject a reaction"), _("Reaction rejected")
    )
    actions.register_action(
        services.LOG_ACTIONS["spam"], _("Mark a reaction as spam"), _("Reaction marked as spam")
    )
    actions.register_action(
        services.LOG_ACTIONS["pending"],
        _("Put a reaction back to pending"),
        _("Reaction put back to pending"),
    )


# --- Personal data (site_core.personal_data) ---------------------------------------------------
@hooks.register("maillage_personal_data")
def reactions_personal_data():
    return PersonalDataSource(
        name="reactions",
        label=_("Reactions"),
        count=retention.count_email,
        export=lambda email: retention.export_email(email)["reactions"],
        erase=retention.erase_email,
    )


@hooks.register("maillage_retention_periods")
def reactions_retention_periods():
    return [
        RetentionPeriod(
            _("Reactions the site refused by itself (start of the text and reason)"),
            settings.REACTIONS_REFUSED_RETENTION_DAYS,
        ),
        RetentionPeriod(
            _("IP address and browser of a reaction"), settings.REACTIONS_IP_RETENTION_DAYS
        ),
        RetentionPeriod(
            _("Name, e-mail address and text of a reaction"),
            None,
            _("until you ask for them to be erased"),
        ),
    ]
