"""The resources section has no views of its own: Wagtail routes its pages (filters are GET
parameters of the index page). Kept so `site_core.urls` can include every feature app alike."""

urlpatterns = []
