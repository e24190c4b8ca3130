"""Routes of the working groups app.

A group's feeds, register and dossier are served under the group page's own URL
(…/<groupe>/comptes-rendus.xml, …/<groupe>/decisions/); the network's register and agenda at the
site's root (/decisions/, /agenda/).
"""

from django.urls import path, re_path

from . import views

app_name = "working_groups"

GROUP_PATH = r"^(?P<path>(?:[\w-]+/)+)"

urlpatterns = [
    re_path(GROUP_PATH + r"comptes-rendus\.xml$", views.minutes_feed, name="minutes_feed"),
    re_path(
        GROUP_PATH + r"prochaines-rencontres\.ics$",
        views.meetings_calendar,
        name="meetings_calendar",
    ),
    path("agenda/", views.network_agenda, name="agenda"),
    path("agenda/rencontres.ics", views.network_calendar, name="network_calendar"),
    path("decisions/", views.network_register, name="network_register"),
    path("decisions/registre.csv", views.network_register_csv, name="network_register_csv"),
    path("decisions/registre.ods", views.network_register_ods, name="network_register_ods"),
    re_path(GROUP_PATH + r"dossier\.pdf$", views.group_dossier, name="group_dossier"),
    path("livrets/thematique/<slug:slug>.pdf", views.theme_booklet, name="theme_booklet"),
    path("livrets/mot-cle/<slug:slug>.pdf", views.keyword_booklet, name="keyword_booklet"),
    re_path(GROUP_PATH + r"decisions/$", views.group_register, name="group_register"),
    re_path(
        GROUP_PATH + r"decisions/registre\.csv$",
        views.group_register_csv,
        name="group_register_csv",
    ),
    re_path(
        GROUP_PATH + r"decisions/registre\.ods$",
        views.group_register_ods,
        name="group_register_ods",
    ),
]
