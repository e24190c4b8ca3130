from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("abonnement/envoye/", views.sent, name="sent"),
    path("abonnement/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/gerer/<str:token>/", views.manage, name="manage"),
    path("abonnement/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
