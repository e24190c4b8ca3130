from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import Kind


@hooks.register("maillage_follow_links")
def email_follow_link(target):
    """« Par e-mail » beside a listing's feeds, for what a reader may follow by e-mail."""
    if target.kind not in Kind.values:
        return None
    query = f"?kind={target.kind}" + (f"&key={target.key}" if target.key else "")
    return (_("By e-mail"), reverse("subscriptions:subscribe") + query)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", admin_views.overview, name="overview"),
        path("adresse/", admin_views.address, name="address"),
    ]
    return [path("abonnements/", include((urls, "subscriptions_admin")))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return MenuItem(
        gettext_lazy("Subscriptions"),
        reverse("subscriptions_admin:overview"),
        icon_name="mail",
        order=900,
    )
