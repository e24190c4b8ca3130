"""Per-group isolation in Wagtail's own admin views: choosers, explorer, bulk actions, admin API,
and document downloads (the rule lives in `site_core.access`); the second factor's menu item and
the superuser's reset button."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.pages import bulk_actions as pages_bulk_actions
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.views import bulk_actions as documents_bulk_actions
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.views import bulk_actions as images_bulk_actions
from wagtail.models import Page
from wagtail.permissions import policy_registry

from security.files import document_visible_to
from site_core.access import pages_visible_to


# --- Choosers and explorer ----------------------------------------------------------------------
@hooks.register("construct_page_chooser_queryset")
def chooser_shows_visible_pages_only(pages, request):
    """Other groups' live public pages stay choosable (provenance links); their drafts do not."""
    return pages.filter(pk__in=pages_visible_to(request.user).values("pk"))


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_visible_pages_only(parent_page, pages, request):
    return pages.filter(pk__in=pages_visible_to(request.user).values("pk"))


def _collections_query(user, queryset, actions=("add", "change", "choose", "delete")):
    """Documents or images in a collection where `user` holds a permission."""
    if user.is_active and user.is_superuser:
        return queryset
    policy = policy_registry.get_by_type(queryset.model)
    collections = policy.collections_user_has_any_permission_for(user, list(actions))
    return queryset.filter(collection__in=collections)


@hooks.register("construct_document_chooser_queryset")
def document_chooser_in_own_collections(documents, request):
    return _collections_query(request.user, documents)


@hooks.register("construct_image_chooser_queryset")
def image_chooser_in_own_collections(images, request):
    return _collections_query(request.user, images)


# --- Bulk actions -------------------------------------------------------------------------------
class VisibleItemsOnly:
    """The confirmation lists no title of an object the user may not see at all."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        hidden = extra["items_with_no_access"]
        if hidden and issubclass(self.model, Page):
            visible = set(
                pages_visible_to(self.request.user)
                .filter(pk__in=[obj.pk for obj in hidden])
                .values_list("pk", flat=True)
            )
            hidden = [obj for obj in hidden if obj.pk in visible]
        elif hidden:
            allowed = set(
                _collections_query(
                    self.request.user, self.model.objects.filter(pk__in=[o.pk for o in hidden])
                ).values_list("pk", flat=True)
            )
            hidden = [obj for obj in hidden if obj.pk in allowed]
        return objects, {**extra, "items_with_no_access": hidden}


for _module in (pages_bulk_actions, documents_bulk_actions, images_bulk_actions):
    for _name in _module.__all__:
        _action = getattr(_module, _name)
        # Registered after Wagtail's own (higher order): the registry keeps the last one.
        hooks.register(
            "register_bulk_action",
            type(_name, (VisibleItemsOnly, _action), {"__module__": __name__}),
            order=100,
        )


# --- Admin API ----------------------------------------------------------------------------------
class VisiblePagesAdminAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=pages_visible_to(self.request.user).values("pk"))
        )


class OwnDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return _collections_query(self.request.user, super().get_queryset())


class OwnImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return _collections_query(self.request.user, super().get_queryset())


@hooks.register("construct_admin_api", order=100)
def narrowed_admin_api(router):
    router.register_endpoint("pages", VisiblePagesAdminAPIViewSet)
    router.register_endpoint("documents", OwnDocumentsAdminAPIViewSet)
    router.register_endpoint("images", OwnImagesAdminAPIViewSet)


# --- Files --------------------------------------------------------------------------------------
@hooks.register("before_serve_document")
def serve_documents_of_visible_pages_only(document, request):
    if not document_visible_to(document, request):
        raise Http404


# --- Second factor --------------------------------------------------------------------------------
@hooks.register("register_account_menu_item")
def second_factor_account_item(request):
    return {
        "url": reverse("security_second_factor_manage"),
        "label": _("Second factor"),
        "help_text": _("Your authentication application and your recovery codes."),
    }


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Reset the second factor"),
            url=reverse("security_second_factor_reset", args=(user.pk,)),
            icon_name="key",
            priority=90,
        )
