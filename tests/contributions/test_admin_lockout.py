"""django-axes on the Wagtail admin login: locked after repeated failures, in French."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
class TestAdminLockout:
    def login(self, client, password):
        return client.post(
            reverse("wagtailadmin_login"), {"username": "editrice", "password": password}
        )

    def test_sixth_failure_is_refused_and_then_the_right_password_too(
        self, client, django_user_model, settings
    ):
        assert settings.AXES_FAILURE_LIMIT == 5
        django_user_model.objects.create_user(
            username="editrice", password="le-bon-mot-de-passe", is_staff=True, is_superuser=True
        )
        for attempt in range(4):
            response = self.login(client, f"mauvais-{attempt}")
            assert response.status_code == 200, attempt  # the login form again, with an error
            assert "Trop de tentatives" not in response.content.decode()
        self.login(client, "mauvais-5")
        response = self.login(client, "mauvais-6")
        assert response.status_code == 429
        html = response.content.decode()
        assert "Trop de tentatives de connexion échouées" in html
        assert "5 tentatives de connexion échouées" in html
        assert "15 minutes" in html

        response = self.login(client, "le-bon-mot-de-passe")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("wagtailadmin_home")).status_code == 302

    def test_right_password_works_before_the_limit(self, client, django_user_model):
        django_user_model.objects.create_user(
            username="editrice", password="le-bon-mot-de-passe", is_staff=True, is_superuser=True
        )
        for attempt in range(3):
            self.login(client, f"mauvais-{attempt}")
        response = self.login(client, "le-bon-mot-de-passe")
        assert response.status_code == 302
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
