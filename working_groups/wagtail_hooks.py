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


@hooks.register("construct_homepage_panels")
def add_open_actions_panel(request, panels):
    """The open actions of the groups the user edits, overdue first (the register's rows)."""
    from .dashboard import OpenActionsPanel

    panel = OpenActionsPanel(request)
    if panel.groups:
        panels.append(panel)
