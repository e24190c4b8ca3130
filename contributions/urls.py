from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("reactions/<int:page_id>/envoyer/", views.post_reaction, name="post"),
    path("reactions/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
