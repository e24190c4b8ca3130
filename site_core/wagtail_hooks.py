from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from site_core import personal_data, personal_data_views
from site_core.models import Keyword, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Themes")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class KeywordViewSet(SnippetViewSet):
    model = Keyword
    icon = "tag"
    menu_label = _("Keywords")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    form_fields = ["name", "slug"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, KeywordViewSet)
    menu_icon = "tag"
    menu_label = _("Classification")
    menu_name = "taxonomy"
    menu_order = 250


register_snippet(TaxonomyViewSetGroup)


# --- Personal data (RGPD): one screen for every app's data about an address -----------------
@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [
        path(
            "donnees-personnelles/",
            personal_data_views.personal_data_view,
            name="site_core_personal_data",
        )
    ]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return personal_data.user_may_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data"),
        reverse("site_core_personal_data"),
        name="personal-data",
        icon_name="user",
        order=900,
    )


@hooks.register("register_permissions")
def register_personal_data_permission():
    return Permission.objects.filter(
        content_type__app_label="site_core", codename="manage_personal_data"
    )


# --- Documents in a bucket --------------------------------------------------------------------
@hooks.register("before_serve_document", order=1000)
def documents_from_the_bucket(document, request):
    """Last of the document hooks: every permission and privacy check (the security app's,
    Wagtail's collection restrictions) has let the reader through. A document in a bucket is
    then fetched from there by a short-lived signed URL, as an attachment; on the local disk,
    Wagtail's view (and nginx) serves it as before."""
    from wagtail.models import CollectionViewRestriction

    from site_core.access import pages_referring_to, public_pages
    from site_core.storage import remote_file_redirect, serves_by_redirect

    if not serves_by_redirect(document.file):
        return None
    public = (
        not CollectionViewRestriction.objects.filter(
            collection__in=document.collection.get_ancestors(inclusive=True)
        ).exists()
        and public_pages().filter(pk__in=pages_referring_to(document).values("pk")).exists()
    )
    return remote_file_redirect(
        document.file,
        public=public,
        content_type=document.content_type,
        filename=document.filename,
        attachment=True,
    )
