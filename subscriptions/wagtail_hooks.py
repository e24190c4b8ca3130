from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from site_core.personal_data import PersonalDataSource, RetentionPeriod

from . import admin_views, services
from .models import Kind, Subscription


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


# --- Personal data (site_core.personal_data) ---------------------------------------------------
@hooks.register("maillage_personal_data")
def subscriptions_personal_data():
    return PersonalDataSource(
        name="subscriptions",
        label=gettext_lazy("Subscriptions"),
        count=lambda email: Subscription.objects.filter(email=email.strip().lower()).count(),
        export=lambda email: services.export_data(email)["subscriptions"],
        erase=services.erase_address,
    )


@hooks.register("maillage_retention_periods")
def subscriptions_retention_periods():
    return [
        RetentionPeriod(
            gettext_lazy("E-mail address of a subscription never confirmed"),
            settings.SUBSCRIPTIONS_PENDING_DAYS,
        ),
        RetentionPeriod(
            gettext_lazy("E-mail address of a subscription"),
            None,
            gettext_lazy(
                "until you ask for it to be erased (after unsubscribing, it is kept only so "
                "that nothing more is sent to it)"
            ),
        ),
    ]
