"""`load_demo_content`: every page it builds answers, and running it twice changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "axes"}
    }


@pytest.mark.django_db
class TestDemoContent:
    def test_every_page_answers_in_public_in_the_explorer_and_in_its_edit_view(
        self, client, home_page, superuser
    ):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        pages = list(Page.objects.filter(depth__gt=1).specific().order_by("path"))
        assert len(pages) >= 5
        restricted = {r.page_id for r in PageViewRestriction.objects.all()}
        failures = []
        for page in pages:
            if page.live and page.pk not in restricted:
                response = client.get(page.url)
                if response.status_code != 200:
                    failures.append(("public", page.url, response.status_code))
        client.force_login(superuser)
        for page in pages:
            for kind, url in (
                ("explorer", f"/admin/pages/{page.pk}/"),
                ("edit", f"/admin/pages/{page.pk}/edit/"),
            ):
                response = client.get(url)
                if response.status_code != 200:
                    failures.append((kind, url, response.status_code))
        assert failures == []

    def test_running_it_twice_changes_nothing(self, home_page):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        first = row_counts()
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        second = row_counts()
        changed = {
            label: (first[label], second[label]) for label in first if first[label] != second[label]
        }
        assert changed == {}

    def test_if_empty_skips_a_site_that_has_content(self, home_page):
        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        before = row_counts()
        call_command("load_demo_content", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert row_counts() == before

    def test_demo_builds_every_page_type_that_exists(self, home_page):
        from site_core.listing import base_page_models

        call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        missing = [
            model._meta.label for model in base_page_models() if not model.objects.live().exists()
        ]
        assert missing == []
