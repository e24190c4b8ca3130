from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks


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
