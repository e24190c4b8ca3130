"""Every writer's editor (minutes, method sheet, white paper, episode) given bad and clashing
input through the admin's own views: never a 500, a French error, and the input kept.

The form data are harvested from the add form the admin renders (as a browser would post it), then
spoiled field by field.
"""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import reverse
from wagtail.fields import StreamField

from articles.factories import (
    MethodSheetPageFactory,
    ResourceIndexPageFactory,
    WhitePaperPageFactory,
)
from articles.models import MethodSheetPage, WhitePaperPage
from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
)
from podcasts.models import PodcastEpisodePage
from working_groups.factories import MeetingMinutesPageFactory
from working_groups.models import MeetingMinutesPage

KEPT = "Texte à garder — ne pas perdre"


class FormHarvester(HTMLParser):
    """The values a browser would post from the page's edit form (no JavaScript)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._textarea = None
        self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if "__prefix__" in name or name in {"preview-size", "wagtail-side-panel-width"}:
            name = ""
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._first_option = None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.data[self._select] = value
            if "selected" in attrs:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def harvest(client, model, parent) -> dict:
    url = add_url(model, parent)
    response = client.get(url)
    assert response.status_code == 200
    parser = FormHarvester()
    parser.feed(response.content.decode())
    data = parser.data
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    for prefix in ("comments",):
        data.setdefault(f"{prefix}-TOTAL_FORMS", "0")
        data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
        data.setdefault(f"{prefix}-MIN_NUM_FORMS", "0")
        data.setdefault(f"{prefix}-MAX_NUM_FORMS", "1000")
    data.pop("csrfmiddlewaretoken", None)
    return data


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def fields_of(model, *types):
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, types) and getattr(field, "editable", False)
    ]


@pytest.fixture
def tree(group_a, home_page):
    resources = ResourceIndexPageFactory(parent=home_page)
    podcasts = PodcastIndexPageFactory(parent=home_page)
    show = PodcastShowPageFactory(parent=podcasts)
    existing = {
        MeetingMinutesPage: MeetingMinutesPageFactory(parent=group_a, title="Déjà là"),
        MethodSheetPage: MethodSheetPageFactory(parent=resources, title="Fiche déjà là"),
        WhitePaperPage: WhitePaperPageFactory(parent=resources, title="Livre déjà là"),
        PodcastEpisodePage: PodcastEpisodePageFactory(parent=show, title="Déjà là"),
    }
    return {
        MeetingMinutesPage: group_a,
        MethodSheetPage: resources,
        WhitePaperPage: resources,
        PodcastEpisodePage: show,
        "existing": existing,
    }


EDITORS = [MeetingMinutesPage, MethodSheetPage, WhitePaperPage, PodcastEpisodePage]


def assert_kept(response, value):
    assert response.status_code == 200, response.status_code
    assert value in unescape(response.content.decode())


@pytest.mark.django_db
class TestBadInputSweep:
    @pytest.mark.parametrize("model", EDITORS, ids=lambda m: m.__name__)
    def test_bad_dates_numbers_and_a_missing_title_come_back_in_french_with_the_input(
        self, client, superuser, tree, model
    ):
        client.force_login(superuser)
        parent = tree[model]
        data = harvest(client, model, parent)
        data.update(title="", slug="", summary=KEPT)
        date_fields = fields_of(model, models.DateField)
        for name in date_fields:
            is_datetime = isinstance(model._meta.get_field(name), models.DateTimeField)
            data[name] = "le 32 à midi" if is_datetime else "32/13/2026"
        for name in fields_of(model, models.PositiveSmallIntegerField, models.IntegerField):
            if name in data:
                data[name] = "beaucoup"
        response = client.post(add_url(model, parent), data)
        assert_kept(response, KEPT)
        form = response.context["form"]
        assert "title" in form.errors
        html = unescape(response.content.decode())
        checked = [name for name in date_fields if name in form.fields]
        assert checked, "every editor has at least its publishing dates"
        for name in checked:
            assert "par exemple" in form.errors[name][0], form.errors[name]
            assert f'value="{data[name]}"' in html, name
        assert not model.objects.filter(summary=KEPT).exists()

    @pytest.mark.parametrize("model", EDITORS, ids=lambda m: m.__name__)
    def test_a_slug_clash_is_an_error_on_the_field_or_a_new_slug_never_a_500(
        self, client, superuser, tree, model
    ):
        client.force_login(superuser)
        parent = tree[model]
        existing = tree["existing"][model]
        data = harvest(client, model, parent)
        data.update(title=existing.title, slug=existing.slug, summary=KEPT)
        if model is MeetingMinutesPage:
            data.update(meeting_date=existing.meeting_date.strftime("%d/%m/%Y"))
        response = client.post(add_url(model, parent), data)
        if response.status_code == 302:
            # Only the minutes choose a new address by themselves.
            assert model is MeetingMinutesPage
            created = model.objects.get(summary=KEPT)
            assert created.slug != existing.slug
            assert re.match(rf"^{re.escape(existing.slug)}-\d+$", created.slug)
        else:
            assert_kept(response, KEPT)
            errors = response.context["form"].errors
            assert errors, "a 200 without errors would lose the writer's work"
            if "slug" in errors:
                assert "déjà" in errors["slug"][0] or "utilis" in errors["slug"][0]

    @pytest.mark.parametrize("model", EDITORS, ids=lambda m: m.__name__)
    def test_a_title_far_too_long_is_refused_and_kept(self, client, superuser, tree, model):
        client.force_login(superuser)
        parent = tree[model]
        data = harvest(client, model, parent)
        long_title = "Rencontre " + "très " * 60
        data.update(title=long_title, slug="rencontre-longue", summary=KEPT)
        response = client.post(add_url(model, parent), data)
        assert_kept(response, KEPT)
        assert "title" in response.context["form"].errors

    def test_two_writers_saving_the_same_meeting_both_keep_their_minutes(
        self, client, superuser, tree
    ):
        client.force_login(superuser)
        group = tree[MeetingMinutesPage]
        for _ in range(2):
            data = harvest(client, MeetingMinutesPage, group)
            data.update(title="Rencontre du 3 mars", slug="rencontre-du-3-mars")
            data.update(meeting_date="03/03/2026", summary=KEPT)
            response = client.post(add_url(MeetingMinutesPage, group), data)
            assert response.status_code == 302
        assert sorted(
            MeetingMinutesPage.objects.filter(summary=KEPT).values_list("slug", flat=True)
        ) == [
            "2026-03-03-rencontre-du-3-mars",
            "2026-03-03-rencontre-du-3-mars-2",
        ]
