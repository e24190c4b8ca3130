"""A working group's feeds, served under the group page's own URL (…/<groupe>/comptes-rendus.xml)."""

from django.urls import re_path

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
]
