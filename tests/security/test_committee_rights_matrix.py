"""The committee's and the group editors' rights of issue 19, cell by cell, through Wagtail's
permission API and through HTTP.

Actors: a superuser, a committee member, group A's editor and writer, group B's editor, an
anonymous visitor. Rights: audio, images and documents in the site-wide « Podcasts » and
« Ressources » collections (audio nowhere else), themes and keywords, the locked-pages report
(its access, and which locked pages it names), unlocking a group's page, and the site history and
aging reports naming only pages of one's own group. `API` and `HTTP` are the whole tables; each
cell is one test, so a failure names the cell.
"""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from pypdf import PdfReader, PdfWriter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry
from wagtailmedia.models import get_media_model

from podcasts.factories import PodcastEpisodePageFactory, make_wav
from podcasts.models import PodcastShowPage
from site_core.models import Keyword, Theme
from tests.security.conftest import build_audit_world
from tests.utils import publish
from working_groups.factories import MeetingMinutesPageFactory
from working_groups.models import MeetingMinutesPage, WorkingGroupPage
from working_groups.provisioning import (
    PODCASTS_COLLECTION_NAME,
    RESOURCES_COLLECTION_NAME,
    add_member,
)

ACTORS = ["superuser", "committee", "editor_a", "writer_a", "editor_b", "anonymous"]
T, F = True, False
ADMIN = (T, F, F, F, F, F)  # the superuser only
COMMITTEE = (T, T, F, F, F, F)  # the committee (and the superuser)
REPORT_READERS = (T, T, T, F, T, F)  # those holding `unlock` somewhere
OWN_A = (T, T, T, F, F, F)  # group A's editor and the committee
OWN_A_ALL = (T, T, T, T, F, F)  # group A's people and the committee
OWN_B = (T, T, F, F, T, F)  # group B's editor and the committee

# fmt: off
API = {
    "media_add_in_podcasts":            COMMITTEE,
    "media_add_in_resources":           COMMITTEE,
    "media_add_in_group_a_collection":  ADMIN,
    "media_change_podcast_audio":       COMMITTEE,
    "image_add_in_podcasts":            COMMITTEE,
    "image_choose_podcast_image":       COMMITTEE,
    "document_add_in_resources":        COMMITTEE,
    "document_choose_resource_document": COMMITTEE,
    "theme_add":                        COMMITTEE,
    "theme_change":                     COMMITTEE,
    "theme_delete":                     COMMITTEE,
    "keyword_add":                      COMMITTEE,
    "keyword_change":                   COMMITTEE,
    "keyword_delete":                   COMMITTEE,
    "opens_locked_pages_report":        REPORT_READERS,
    "unlock_group_a_page":              OWN_A,
    "unlock_group_b_page":              OWN_B,
}
HTTP = {
    "media_index_lists_podcast_audio":      COMMITTEE,
    "media_chooser_lists_podcast_audio":    COMMITTEE,
    "media_upload_wav_into_podcasts":       COMMITTEE,
    "media_upload_wav_into_resources":      COMMITTEE,
    "media_upload_wav_into_group_a":        ADMIN,
    "image_upload_png_into_podcasts":       COMMITTEE,
    "image_chooser_lists_podcast_image":    COMMITTEE,
    "document_upload_pdf_into_resources":   COMMITTEE,
    "document_chooser_lists_resource_pdf":  COMMITTEE,
    "theme_add":                            COMMITTEE,
    "theme_edit":                           COMMITTEE,
    "keyword_add":                          COMMITTEE,
    "keyword_edit":                         COMMITTEE,
    "locked_report_opens":                  REPORT_READERS,
    "locked_report_names_group_a_page":     OWN_A,
    "locked_report_names_group_b_page":     OWN_B,
    "locked_report_names_committee_episode": COMMITTEE,
    "locked_report_filter_names_b_locker":  OWN_B,
    "unlock_group_a_page":                  OWN_A,
    "site_history_names_group_b_page":      OWN_B,
    "site_history_names_group_a_page":      OWN_A_ALL,
    "aging_report_names_group_b_page":      OWN_B,
}
# fmt: on

LOCKED_A = "Page A VERROU du groupe A"
LOCKED_B = "Page B SECRET verrouillée"
LOCKED_EPISODE = "Épisode VERROU du comité"
PUBLISHED_B = "Rencontre SECRET publiée du groupe B"
PODCAST_AUDIO = "Audio SECRET des podcasts"
PODCAST_IMAGE = "Visuel SECRET des podcasts"
RESOURCE_PDF = "Guide SECRET des ressources"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 24), (200, 80, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _lock(page, user):
    page.locked, page.locked_by, page.locked_at = True, user, timezone.now()
    page.save(update_fields=["locked", "locked_by", "locked_at"])
    log(instance=page, action="wagtail.lock", user=user)


def build_rights_world():
    ids = build_audit_world()
    User = get_user_model()
    people = {name: User.objects.get(pk=pk) for name, pk in ids["people"].items()}
    people["superuser"] = User.objects.create_superuser("root", "root@example.org", "x")
    group_a = WorkingGroupPage.objects.get(pk=ids["group_a"])
    group_b = WorkingGroupPage.objects.get(pk=ids["group_b"])
    colleague = User.objects.create_user("editor_a2", "editor_a2@example.org")
    add_member(group_a, colleague, "editor")

    page_a = MeetingMinutesPageFactory(parent=group_a, title=LOCKED_A)
    _lock(page_a, colleague)
    page_b = MeetingMinutesPageFactory(parent=group_b, title=LOCKED_B, live=False)
    _lock(page_b, people["editor_b"])
    published_b = MeetingMinutesPageFactory(parent=group_b, title=PUBLISHED_B)
    publish(MeetingMinutesPage.objects.get(pk=published_b.pk))
    show = PodcastShowPage.objects.get(slug="les-voix")
    episode = PodcastEpisodePageFactory(parent=show, title=LOCKED_EPISODE)
    _lock(episode, people["committee"])

    root = Collection.get_first_root_node()
    podcasts = root.get_children().get(name=PODCASTS_COLLECTION_NAME)
    resources = root.get_children().get(name=RESOURCES_COLLECTION_NAME)
    audio = get_media_model()(title=PODCAST_AUDIO, type="audio", collection=podcasts)
    audio.file.save("podcast.wav", ContentFile(make_wav(1.0)), save=False)
    audio.save()
    image = get_image_model()(title=PODCAST_IMAGE, collection=podcasts)
    image.file.save("visuel.png", ContentFile(png_bytes()), save=False)
    image.width, image.height = 32, 24
    image.save()
    document = get_document_model()(title=RESOURCE_PDF, collection=resources)
    document.file.save("guide.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()
    return {
        **ids,
        "people": {name: user.pk for name, user in people.items()},
        "podcasts": podcasts.pk,
        "resources": resources.pk,
        "locked_a": page_a.pk,
        "locked_b": page_b.pk,
        "audio": audio.pk,
        "image_p": image.pk,
        "document_r": document.pk,
        "theme": Theme.objects.create(name="Coopération", slug="cooperation").pk,
        "keyword": Keyword.objects.create(name="tiers-lieu", slug="tiers-lieu").pk,
    }


@pytest.fixture(scope="module")
def world_ids(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_rights_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(world_ids, db):
    return world_ids


def _user(world, name):
    if name == "anonymous":
        return AnonymousUser()
    return get_user_model().objects.get(pk=world["people"][name])


# --- Through the permission API ----------------------------------------------------------------
def allowed(world, action, user):
    media_policy = policy_registry.get_by_type(get_media_model())
    image_policy = policy_registry.get_by_type(get_image_model())
    document_policy = policy_registry.get_by_type(get_document_model())
    podcasts = Collection.objects.get(pk=world["podcasts"])
    resources = Collection.objects.get(pk=world["resources"])
    if action == "media_add_in_podcasts":
        return podcasts in media_policy.collections_user_has_permission_for(user, "add")
    if action == "media_add_in_resources":
        return resources in media_policy.collections_user_has_permission_for(user, "add")
    if action == "media_add_in_group_a_collection":
        collections = media_policy.collections_user_has_permission_for(user, "add")
        return collections.filter(pk=world["collection_a"]).exists()
    if action == "media_change_podcast_audio":
        audio = get_media_model().objects.get(pk=world["audio"])
        return media_policy.user_has_permission_for_instance(user, "change", audio)
    if action == "image_add_in_podcasts":
        return podcasts in image_policy.collections_user_has_permission_for(user, "add")
    if action == "image_choose_podcast_image":
        image = get_image_model().objects.get(pk=world["image_p"])
        return image_policy.user_has_permission_for_instance(user, "choose", image)
    if action == "document_add_in_resources":
        return resources in document_policy.collections_user_has_permission_for(user, "add")
    if action == "document_choose_resource_document":
        document = get_document_model().objects.get(pk=world["document_r"])
        return document_policy.user_has_permission_for_instance(user, "choose", document)
    if action.startswith(("theme_", "keyword_")):
        kind, verb = action.split("_")
        model = Theme if kind == "theme" else Keyword
        return ModelPermissionPolicy(model).user_has_permission(user, verb)
    if action == "opens_locked_pages_report":
        return PagePermissionPolicy().user_has_permission(user, "unlock")
    if action in ("unlock_group_a_page", "unlock_group_b_page"):
        page = MeetingMinutesPage.objects.get(pk=world["locked_" + action[-6]])
        return PagePermissionPolicy().user_has_permission_for_instance(user, "unlock", page)
    raise AssertionError(action)


API_CELLS = [
    pytest.param(action, name, API[action][i], id=f"api-{action}-{name}")
    for action in API
    for i, name in enumerate(ACTORS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "name", "expected"), API_CELLS)
def test_api_cell(world, action, name, expected):
    assert allowed(world, action, _user(world, name)) is expected


# --- Through HTTP ------------------------------------------------------------------------------
def _admin_text(client, url, name):
    """The page's text, or "" when the admin refused (anonymous: sent to the login page)."""
    response = client.get(url)
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        return ""
    assert response.status_code in (200, 302, 403), (url, response.status_code)
    if response.status_code != 200:
        return ""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _post(client, url, data, name):
    response = client.post(url, data)
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code in (200, 302, 403), (url, response.status_code)
    return response


def _upload(client, world, name, kind, collection):
    title = f"Téléversé par {name} ({kind})"
    if kind == "audio":
        model, url = get_media_model(), reverse("wagtailmedia:add", args=("audio",))
        upload = SimpleUploadedFile("entretien.wav", make_wav(1.0), content_type="audio/wav")
    elif kind == "image":
        model, url = get_image_model(), reverse("wagtailimages:add")
        upload = SimpleUploadedFile("visuel.png", png_bytes(), content_type="image/png")
    else:
        model, url = get_document_model(), reverse("wagtaildocs:add")
        upload = SimpleUploadedFile("guide.pdf", pdf_bytes(), content_type="application/pdf")
    data = {"title": title, "file": upload, "collection": collection, "tags": ""}
    _post(client, url, data, name)
    stored = model.objects.filter(title=title, collection_id=collection).first()
    if stored is None:
        return False
    # The very file: a real WAV of one second, a real PNG, a PDF pypdf reads back.
    with stored.file.open("rb") as handle:
        content = handle.read()
    if kind == "audio":
        assert stored.duration == pytest.approx(1.0, abs=0.01)
        assert content[:4] == b"RIFF"
    elif kind == "image":
        assert (stored.width, stored.height) == (32, 24)
    else:
        assert len(PdfReader(io.BytesIO(content)).pages) == 1
    return True


def _snippet_saved(client, world, name, model, verb):
    label = f"{model._meta.model_name}-{name}"
    data = {"name": f"Nom {label}", "slug": label, "description": "", "sort_order": 0}
    if verb == "add":
        url = reverse(f"wagtailsnippets_site_core_{model._meta.model_name}:add")
    else:
        pk = world[model._meta.model_name]
        url = reverse(f"wagtailsnippets_site_core_{model._meta.model_name}:edit", args=(pk,))
    _post(client, url, data, name)
    return model.objects.filter(slug=label, name=f"Nom {label}").exists()


def reached(client, world, action, name):  # noqa: C901 - one branch per column of the table
    if action == "media_index_lists_podcast_audio":
        return PODCAST_AUDIO in _admin_text(client, reverse("wagtailmedia:index"), name)
    if action == "media_chooser_lists_podcast_audio":
        return PODCAST_AUDIO in _admin_text(client, reverse("wagtailmedia:chooser"), name)
    if action == "media_upload_wav_into_podcasts":
        return _upload(client, world, name, "audio", world["podcasts"])
    if action == "media_upload_wav_into_resources":
        return _upload(client, world, name, "audio", world["resources"])
    if action == "media_upload_wav_into_group_a":
        return _upload(client, world, name, "audio", world["collection_a"])
    if action == "image_upload_png_into_podcasts":
        return _upload(client, world, name, "image", world["podcasts"])
    if action == "image_chooser_lists_podcast_image":
        url = reverse("wagtailimages_chooser:choose")
        return PODCAST_IMAGE in _admin_text(client, url, name)
    if action == "document_upload_pdf_into_resources":
        return _upload(client, world, name, "document", world["resources"])
    if action == "document_chooser_lists_resource_pdf":
        url = reverse("wagtaildocs_chooser:choose")
        return RESOURCE_PDF in _admin_text(client, url, name)
    if action in ("theme_add", "theme_edit", "keyword_add", "keyword_edit"):
        kind, verb = action.split("_")
        return _snippet_saved(client, world, name, Theme if kind == "theme" else Keyword, verb)
    locked_url = reverse("wagtailadmin_reports:locked_pages")
    if action == "locked_report_opens":
        return "Pages verrouillées" in _admin_text(client, locked_url, name)
    if action == "locked_report_names_group_a_page":
        return LOCKED_A in _admin_text(client, locked_url, name)
    if action == "locked_report_names_group_b_page":
        return LOCKED_B in _admin_text(client, locked_url, name)
    if action == "locked_report_names_committee_episode":
        return LOCKED_EPISODE in _admin_text(client, locked_url, name)
    if action == "locked_report_filter_names_b_locker":
        return "editor_b" in _admin_text(client, locked_url, name)
    if action == "unlock_group_a_page":
        url = reverse("wagtailadmin_pages:unlock", args=(world["locked_a"],))
        _post(client, url, {}, name)
        return not MeetingMinutesPage.objects.get(pk=world["locked_a"]).locked
    history_url = reverse("wagtailadmin_reports:site_history")
    if action == "site_history_names_group_b_page":
        return LOCKED_B in _admin_text(client, history_url, name)
    if action == "site_history_names_group_a_page":
        return LOCKED_A in _admin_text(client, history_url, name)
    if action == "aging_report_names_group_b_page":
        url = reverse("wagtailadmin_reports:aging_pages")
        return PUBLISHED_B in _admin_text(client, url, name)
    raise AssertionError(action)


HTTP_CELLS = [
    pytest.param(action, name, HTTP[action][i], id=f"http-{action}-{name}")
    for action in HTTP
    for i, name in enumerate(ACTORS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "name", "expected"), HTTP_CELLS)
def test_http_cell(client, world, action, name, expected):
    if name != "anonymous":
        client.force_login(_user(world, name))
    assert reached(client, world, action, name) is expected
