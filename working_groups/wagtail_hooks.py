from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("before_copy_page")
def refuse_copying_group_pages(request, page):
    """A copy would share the short name, hence the writers and editors, of the original."""
    if getattr(page.specific_class, "is_group_page", False):
        messages.error(
            request,
            _(
                "A working group cannot be copied: create a new group instead, it gets its own "
                "writers, editors and workflow."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_admin_urls")
def register_import_url():
    from django.urls import path

    from .admin_views import import_minutes

    return [
        path(
            "groupes/<int:group_pk>/importer/",
            import_minutes,
            name="working_groups_import_minutes",
        )
    ]


@hooks.register("register_admin_urls")
def register_booklet_urls():
    from django.urls import path

    from .booklet_views import booklet_download, booklets_screen

    return [
        path("livrets/", booklets_screen, name="working_groups_booklets"),
        path(
            "livrets/<int:booklet_pk>/telecharger/",
            booklet_download,
            name="working_groups_booklet_download",
        ),
    ]


class BookletsMenuItem(MenuItem):
    def is_shown(self, request):
        from .booklets import may_assemble

        # Asked once per request (the menu is drawn on every admin page).
        if not hasattr(request, "_maillage_may_assemble"):
            request._maillage_may_assemble = may_assemble(request.user)
        return request._maillage_may_assemble


@hooks.register("register_admin_menu_item")
def register_booklets_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    return BookletsMenuItem(
        gettext_lazy("Booklets"),
        reverse("working_groups_booklets"),
        name="booklets",
        icon_name="doc-full",
        order=260,
    )


@hooks.register("construct_homepage_panels")
def writers_dashboard(request, panels):
    from .dashboard import add_writers_panels

    add_writers_panels(request, panels)


def tell_about_chosen_slug(request, page):
    note = getattr(page, "slug_note", "")
    if note:
        messages.info(request, note)


hooks.register("after_create_page", tell_about_chosen_slug)
hooks.register("after_edit_page", tell_about_chosen_slug)


@hooks.register("insert_global_admin_css")
def minutes_editor_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<link rel="stylesheet" href="{}">', static("working_groups/css/minutes_admin.css")
    )


@hooks.register("construct_homepage_panels")
def add_open_actions_panel(request, panels):
    """The open actions of the groups the user edits, overdue first (the register's rows)."""
    from .dashboard import OpenActionsPanel

    panel = OpenActionsPanel(request)
    if panel.groups:
        panels.append(panel)


@hooks.register("maillage_home_sections")
def home_meetings_and_groups(request, shown_ids):
    """The home page's « next meetings of all groups » and « groups with their latest minutes »:
    three queries whatever the number of groups (groups, upcoming meetings, latest minutes)."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from .choices import GroupStatus
    from .models import MeetingMinutesPage, WorkingGroupPage

    groups = list(
        WorkingGroupPage.objects.live()
        .public()
        .filter(status=GroupStatus.ACTIVE)
        .only("title", "path", "url_path", "depth", "short_name", "summary")
        .order_by("title")
    )
    if not groups:
        return ""
    by_path = {group.path: group for group in groups}

    def group_of(minutes):
        return by_path.get(minutes.path[: -WorkingGroupPage.steplen])

    fields = ("title", "path", "url_path", "depth", "meeting_date", "next_meeting_at")
    minutes_pages = MeetingMinutesPage.objects.live().public().only(*fields)
    upcoming = []
    for minutes in minutes_pages.filter(next_meeting_at__gte=timezone.now()).order_by(
        "next_meeting_at"
    ):
        group = group_of(minutes)
        if group is not None and all(item["group"] is not group for item in upcoming):
            upcoming.append({"group": group, "minutes": minutes})
    latest = {}
    for minutes in minutes_pages.exclude(pk__in=list(shown_ids)).order_by("-meeting_date"):
        group = group_of(minutes)
        if group is not None and group.pk not in latest:
            latest[group.pk] = minutes
    rows = [{"group": group, "latest": latest.get(group.pk)} for group in groups]
    return render_to_string(
        "working_groups/includes/home_sections.html",
        {"upcoming": upcoming[:4], "rows": rows, "request": request},
    )


@hooks.register("maillage_purge_urls")
def group_listings_to_purge(page):
    """A page of a group's subtree shows in the network's agenda and register and in its group's
    feeds, calendar and register: front caches purge them with the page (site_core/front_cache)."""
    from django.urls import reverse

    from site_core.syndication import GROUP, FollowTarget

    from .models import WorkingGroupIndexPage, WorkingGroupPage

    group = WorkingGroupPage.objects.ancestor_of(page, inclusive=True).first()
    if group is None and not isinstance(page.specific_deferred, WorkingGroupIndexPage):
        return []
    urls = [
        reverse(f"working_groups:{name}")
        for name in (
            "agenda",
            "network_calendar",
            "network_register",
            "network_register_csv",
            "network_register_ods",
        )
    ]
    if group is not None:
        base = group.get_url() or ""
        urls += [
            base + suffix
            for suffix in (
                "comptes-rendus.xml",
                "prochaines-rencontres.ics",
                "decisions/",
                "decisions/registre.csv",
                "decisions/registre.ods",
            )
        ]
        urls += [FollowTarget(GROUP, group.slug).feed_url(fmt) for fmt in ("rss", "atom")]
    return urls
