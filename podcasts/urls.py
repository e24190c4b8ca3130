from django.urls import path

from . import feeds, views

app_name = "podcasts"

urlpatterns = [
    path("audio/<int:pk>/<str:filename>", views.serve_audio, name="audio"),
    # Under the show's own URL (the page tree only serves paths that end with "/").
    path("podcasts/<slug:show_slug>/feed.xml", feeds.feed_view, name="feed"),
    path(
        "podcasts/<slug:show_slug>/chapitres/<int:episode_id>.json",
        feeds.chapters_view,
        name="chapters",
    ),
]
