"""Per-group isolation, cell by cell, through HTTP with the real admin as each of the six actors.

The world (tests/security/conftest.py): group A's marked secrets (a draft with a comment, two
revisions and an alias, a page submitted to A's review, a private page locked by A's editor,
private documents and an image) and the committee's (a draft and a private episode, their audio).
Every marked title contains « SECRET ». A secret may reach only those who may see its page: A's
writers and editors, and the committee (the episodes: the committee only).

`ACTIONS` is the whole table: one row per action, with the expected outcome per actor (writer_a,
editor_a, writer_b, editor_b, committee, anonymous) and how the action is done. An outcome is
« sees the marker » for a read, « the effect happened » for a change (checked in the database
afterwards), « answered » for a form or a file. `None`: either outcome passes (rights another
change is granting); the cell still checks that no foreign secret is shown. Every cell also
checks, on every body it received, that writers and editors of B and anonymous readers see no
« SECRET » at all, and that A's people see none of the committee's episodes.

Reads are made once per actor and URL (bodies kept for the module); changes run in each test's
own transaction, rolled back afterwards.
"""

import json
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState
from wagtailmedia.models import get_media_model

from tests.security.conftest import ACTORS, PASSWORD

T, F, EITHER = True, False, None
OWN = (T, T, F, F, T, F)  # group A's people and the committee
A_EDITORS = (F, T, F, F, T, F)  # change rights over A: its editors and the committee
A_EDITOR_ONLY = (F, T, F, F, F, F)
COMMITTEE = (F, F, F, F, T, F)
ADMINS = (T, T, T, T, T, F)
EVERYONE = (T, T, T, T, T, T)
NOBODY = (F, F, F, F, F, F)
# Being granted by another change (h19-rights): A's editors get the locked-pages report scoped to
# their group, the committee media rights in the podcast collection. Either outcome passes there.
A_MAYBE = (EITHER, EITHER, F, F, EITHER, F)
COMMITTEE_MAYBE = (F, F, F, F, EITHER, F)

DRAFT = "Brouillon SECRET du groupe A"
PRIVATE = "Compte-rendu SECRET réservé"
SUBMITTED = "Soumission SECRET du groupe A"
PUBLIC = "Rencontre publique du groupe A"
EPISODE = "Épisode SECRET"
SOUND = "Son SECRET"
DOCS = "Note SECRET du brouillon", "Annexe SECRET réservée"
IMAGE = "Photo SECRET interne"
COMMENT = "Remarque SECRET de relecture"
KEYWORD = "motsecretbrouillon"
SEARCH = "secret"  # lower case: the echoed query is never mistaken for a marker


@dataclass(frozen=True)
class Get:
    """Sees any of `markers` in the 200 answer to GET `url` (a refusal's redirect to the
    dashboard or the login page sees nothing; `Get.follow` follows the view's own redirect)."""

    url: str
    markers: tuple
    follow: bool = False

    def __init__(self, url, *markers, follow=False):
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "markers", markers)
        object.__setattr__(self, "follow", follow)

    def run(self, actor, world):
        body = actor.read(self.url.format(**world), follow=self.follow)
        return any(marker in body for marker in self.markers)


@dataclass(frozen=True)
class Answers:
    """GET `url` answers 200 (a form, a file) for this actor."""

    url: str

    def run(self, actor, world):
        return actor.status(self.url.format(**world)) == 200


@dataclass(frozen=True)
class Post:
    """POST `data` to `url`; the outcome is `effect(world)`, read from the database afterwards."""

    url: str
    effect: object
    data: tuple = ()
    as_json: bool = False

    def run(self, actor, world):
        fill = {**world, "own_group": actor.own_group}
        data = {key: str(value).format(**fill) for key, value in self.data}
        if self.as_json:
            data = json.dumps(
                {key: int(value) if value.isdigit() else value for key, value in data.items()}
            )
        actor.post(self.url.format(**world), data, as_json=self.as_json)
        return self.effect(world)


def gone(key, model=Page):
    return lambda world: not model.objects.filter(pk=world[key]).exists()


def page_state(key, **state):
    return lambda world: Page.objects.filter(pk=world[key], **state).exists()


def moved_under(key, parent_key):
    return lambda world: Page.objects.get(pk=world[key]).get_parent().pk == world[parent_key]


def copied(slug):
    # The project prefixes minutes slugs with the meeting date.
    return lambda world: Page.objects.filter(slug__endswith=slug).exists()


def task_is(status):
    return lambda world: TaskState.objects.filter(pk=world["task_state"], status=status).exists()


DOC, MEDIA, IMG = get_document_model(), get_media_model(), get_image_model()
BULK = "/admin/bulk/{}/{}/?id={}"
PAGES_BULK, DOCS_BULK = "wagtailcore/page", "wagtaildocs/document"
A_PAGES = "{draft}&id={private}&id={submitted}&id={episode_draft}"

# fmt: off
ACTIONS = {
    # --- Explorer and Wagtail's page search --------------------------------------------------
    "explorer_lists_draft":            (OWN, Get("/admin/pages/{group_a}/", DRAFT)),
    "explorer_lists_private_page":     (OWN, Get("/admin/pages/{group_a}/", PRIVATE)),
    "explorer_lists_submitted":        (OWN, Get("/admin/pages/{group_a}/", SUBMITTED)),
    "explorer_results_list_draft":     (OWN, Get("/admin/pages/{group_a}/results/", DRAFT)),
    "explorer_lists_episodes":         (COMMITTEE, Get("/admin/pages/{show}/", EPISODE)),
    "explorer_lists_public_page":      (OWN, Get("/admin/pages/{group_a}/", PUBLIC)),
    "page_search_finds_draft":         (OWN, Get(f"/admin/pages/search/?q={SEARCH}", DRAFT)),
    "page_search_finds_private":       (OWN, Get(f"/admin/pages/search/?q={SEARCH}", PRIVATE)),
    "page_search_finds_episode":       (COMMITTEE, Get(f"/admin/pages/search/?q={SEARCH}", EPISODE)),
    "page_search_results_draft":       (OWN, Get(f"/admin/pages/search/results/?q={SEARCH}", DRAFT)),
    # --- Editing, preview, comments ----------------------------------------------------------
    "edit_draft":                      (OWN, Get("/admin/pages/{draft}/edit/", DRAFT)),
    "edit_shows_comment":              (OWN, Get("/admin/pages/{draft}/edit/", COMMENT)),
    "edit_private_page":               (A_EDITORS, Get("/admin/pages/{private}/edit/", PRIVATE)),
    "edit_episode_draft":              (COMMITTEE, Get("/admin/pages/{episode_draft}/edit/", EPISODE)),
    "preview_draft":                   (OWN, Answers("/admin/pages/{draft}/edit/preview/")),
    "view_draft":                      (OWN, Get("/admin/pages/{draft}/view_draft/", DRAFT)),
    "add_page_in_group_a":             (OWN, Answers("/admin/pages/add/working_groups/meetingminutespage/{group_a}/")),  # noqa: E501
    "import_minutes_into_group_a":     (OWN, Answers("/admin/groupes/{group_a}/importer/")),
    "privacy_form_shows_password":     (A_EDITORS, Get("/admin/pages/{private}/privacy/", PASSWORD)),
    # --- Revisions and history ---------------------------------------------------------------
    "revisions_index":                 (OWN, Get("/admin/pages/{draft}/revisions/", DRAFT, follow=True)),
    "revision_view":                   (OWN, Get("/admin/pages/{draft}/revisions/{revision_first}/view/", DRAFT)),  # noqa: E501
    "revisions_compare":               (OWN, Get("/admin/pages/{draft}/revisions/compare/earliest...latest/", DRAFT)),  # noqa: E501
    "revision_revert_form":            (OWN, Get("/admin/pages/{draft}/revisions/{revision_first}/revert/", DRAFT)),  # noqa: E501
    "history":                         (OWN, Get("/admin/pages/{draft}/history/", DRAFT)),
    "history_results":                 (OWN, Answers("/admin/pages/{draft}/history/results/")),
    "usage":                           (OWN, Get("/admin/pages/{draft}/usage/", DRAFT)),
    # --- Workflow ----------------------------------------------------------------------------
    "workflow_history":                (OWN, Get("/admin/pages/{submitted}/workflow_history/", SUBMITTED)),  # noqa: E501
    "workflow_history_detail":         (OWN, Get("/admin/pages/{submitted}/workflow_history/detail/{workflow_state}/", SUBMITTED)),  # noqa: E501
    "workflow_preview":                (A_EDITORS, Get("/admin/pages/workflow/preview/{submitted}/{task}/", SUBMITTED)),  # noqa: E501
    "workflow_action_form":            (A_EDITORS, Answers("/admin/pages/workflow/collect_action_data/{submitted}/reject/{task_state}/")),  # noqa: E501
    "workflow_cancellation_form":      (OWN, Answers("/admin/pages/workflow/confirm_cancellation/{submitted}/")),  # noqa: E501
    "workflow_approve":                (A_EDITORS, Post("/admin/pages/workflow/action/{submitted}/approve/{task_state}/", task_is("approved"))),  # noqa: E501
    "workflow_request_changes":        (A_EDITORS, Post("/admin/pages/workflow/action/{submitted}/reject/{task_state}/", task_is("rejected"))),  # noqa: E501
    # --- Copy, move, delete, unpublish, lock, alias ------------------------------------------
    "copy_form":                       (OWN, Get("/admin/pages/{draft}/copy/", DRAFT)),
    "copy_into_own_group":             (OWN, Post("/admin/pages/{draft}/copy/", copied("copie-du-brouillon"), (("new_title", "Copie"), ("new_slug", "copie-du-brouillon"), ("new_parent_page", "{own_group}")))),  # noqa: E501
    "move_form":                       (OWN, Get("/admin/pages/{draft}/move/", DRAFT)),
    "move_into_group_b":               (COMMITTEE, Post("/admin/pages/{draft}/move/{group_b}/confirm/", moved_under("draft", "group_b"))),  # noqa: E501
    "delete_form":                     (OWN, Get("/admin/pages/{draft}/delete/", DRAFT)),
    "delete":                          (OWN, Post("/admin/pages/{draft}/delete/", gone("draft"))),
    "unpublish_form":                  (A_EDITOR_ONLY, Get("/admin/pages/{private}/unpublish/", PRIVATE)),
    "unpublish":                       (A_EDITOR_ONLY, Post("/admin/pages/{private}/unpublish/", page_state("private", live=False))),  # noqa: E501
    "lock":                            (A_EDITORS, Post("/admin/pages/{draft}/lock/", page_state("draft", locked=True))),  # noqa: E501
    "unlock":                          (A_EDITORS, Post("/admin/pages/{private}/unlock/", page_state("private", locked=False))),  # noqa: E501
    "convert_alias_form":              (OWN, Get("/admin/pages/{alias}/convert_alias/", DRAFT)),
    "convert_alias":                   (OWN, Post("/admin/pages/{alias}/convert_alias/", page_state("alias", alias_of__isnull=True))),  # noqa: E501
    # --- Page chooser ------------------------------------------------------------------------
    "chooser_browse_draft":            (OWN, Get("/admin/choose-page/{group_a}/", DRAFT)),
    "chooser_browse_private_page":     (OWN, Get("/admin/choose-page/{group_a}/", PRIVATE)),
    "chooser_browse_public_page":      (ADMINS, Get("/admin/choose-page/{group_a}/", PUBLIC)),
    "chooser_browse_episodes":         (COMMITTEE, Get("/admin/choose-page/{show}/", EPISODE)),
    "chooser_search_draft":            (OWN, Get(f"/admin/choose-page/search/?q={SEARCH}", DRAFT, SUBMITTED)),  # noqa: E501
    "chooser_search_episode":          (COMMITTEE, Get(f"/admin/choose-page/search/?q={SEARCH}", EPISODE)),  # noqa: E501
    "chooser_search_public_page":      (ADMINS, Get("/admin/choose-page/search/?q=publique", PUBLIC)),
    "chooser_chosen_draft":            (OWN, Get("/admin/choose-page/chosen-multiple/?id={draft}", DRAFT)),  # noqa: E501
    # --- Documents ---------------------------------------------------------------------------
    "documents_listing":               (A_EDITORS, Get("/admin/documents/", *DOCS)),
    "documents_search":                (A_EDITORS, Get(f"/admin/documents/results/?q={SEARCH}", *DOCS)),
    "document_edit_form":              (A_EDITORS, Get("/admin/documents/edit/{private_doc}/", *DOCS)),
    "document_delete":                 (A_EDITORS, Post("/admin/documents/delete/{private_doc}/", gone("private_doc", DOC))),  # noqa: E501
    "document_usage":                  (A_EDITORS, Get("/admin/documents/usage/{private_doc}/", *DOCS)),  # noqa: E501
    "document_chooser":                (OWN, Get("/admin/documents/chooser/", *DOCS)),
    "document_chooser_search":         (OWN, Get(f"/admin/documents/chooser/results/?q={SEARCH}", *DOCS)),  # noqa: E501
    "document_chosen":                 (OWN, Get("/admin/documents/chooser/chosen/{private_doc}/", *DOCS)),  # noqa: E501
    # --- Images ------------------------------------------------------------------------------
    "images_listing":                  (A_EDITORS, Get("/admin/images/", IMAGE)),
    "image_edit_form":                 (A_EDITORS, Get("/admin/images/{image}/", IMAGE)),
    "image_delete":                    (A_EDITORS, Post("/admin/images/{image}/delete/", gone("image", IMG))),  # noqa: E501
    "image_usage":                     (A_EDITORS, Get("/admin/images/usage/{image}/", IMAGE)),
    "image_preview":                   (A_EDITORS, Answers("/admin/images/{image}/preview/original/")),
    "image_chooser":                   (OWN, Get("/admin/images/chooser/", IMAGE)),
    "image_chooser_search":            (OWN, Get(f"/admin/images/chooser/results/?q={SEARCH}", IMAGE)),
    "image_chosen":                    (OWN, Get("/admin/images/chooser/chosen/{image}/", IMAGE)),
    "image_select_format":             (OWN, Get("/admin/images/chooser/{image}/select_format/", IMAGE)),  # noqa: E501
    # --- Audio and video (wagtailmedia) ------------------------------------------------------
    "media_listing":                   (COMMITTEE_MAYBE, Get("/admin/media/", SOUND)),
    "media_chooser":                   (COMMITTEE_MAYBE, Get("/admin/media/chooser/", SOUND)),
    "media_edit_form":                 (COMMITTEE_MAYBE, Get("/admin/media/edit/{media_private}/", SOUND)),  # noqa: E501
    "media_usage":                     (COMMITTEE_MAYBE, Get("/admin/media/usage/{media_private}/", SOUND)),  # noqa: E501
    "media_chosen":                    (COMMITTEE_MAYBE, Get("/admin/media/chooser/{media_draft}/", SOUND)),  # noqa: E501
    "media_delete":                    (COMMITTEE_MAYBE, Post("/admin/media/delete/{media_draft}/", gone("media_draft", MEDIA))),  # noqa: E501
    # --- Bulk actions ------------------------------------------------------------------------
    "bulk_delete_confirmation":        (OWN, Get(BULK.format(PAGES_BULK, "delete", A_PAGES), "SECRET")),  # noqa: E501
    "bulk_unpublish_confirmation":     (OWN, Get(BULK.format(PAGES_BULK, "unpublish", A_PAGES), "SECRET")),  # noqa: E501
    "bulk_move_confirmation":          (OWN, Get(BULK.format(PAGES_BULK, "move", A_PAGES), "SECRET")),  # noqa: E501
    "bulk_delete_pages":               (OWN, Post(BULK.format(PAGES_BULK, "delete", "{draft}"), gone("draft"))),  # noqa: E501
    "bulk_documents_confirmation":     (OWN, Get(BULK.format(DOCS_BULK, "delete", "{private_doc}&id={draft_doc}"), *DOCS)),  # noqa: E501
    "bulk_delete_documents":           (A_EDITORS, Post(BULK.format(DOCS_BULK, "delete", "{private_doc}"), gone("private_doc", DOC))),  # noqa: E501
    "bulk_images_confirmation":        (OWN, Get(BULK.format("wagtailimages/image", "delete", "{image}"), IMAGE)),  # noqa: E501
    "bulk_delete_users":               (NOBODY, Post(BULK.format("auth/user", "delete", "{writer_a_pk}"), lambda w: not get_user_model().objects.filter(pk=w["writer_a_pk"]).exists())),  # noqa: E501
    # --- Reports and the dashboard -----------------------------------------------------------
    "locked_pages_report":             (A_MAYBE, Get("/admin/reports/locked/", PRIVATE)),
    "aging_pages_report":              (A_MAYBE, Get("/admin/reports/aging-pages/", PRIVATE)),
    "page_types_report_draft":         (OWN, Get("/admin/reports/page-types-usage/", DRAFT, SUBMITTED)),  # noqa: E501
    "page_types_report_episode":       (COMMITTEE, Get("/admin/reports/page-types-usage/", EPISODE)),
    "page_type_use_listing":           (OWN, Get("/admin/pages/usage/working_groups/meetingminutespage/", DRAFT, PRIVATE, SUBMITTED)),  # noqa: E501
    "workflow_report":                 (OWN, Get("/admin/reports/workflow/", SUBMITTED)),
    "workflow_tasks_report":           (OWN, Get("/admin/reports/workflow_tasks/", SUBMITTED)),
    "site_history_report":             (OWN, Get("/admin/reports/site-history/", DRAFT, PRIVATE, SUBMITTED)),  # noqa: E501
    "dashboard":                       (OWN, Get("/admin/", DRAFT, PRIVATE, SUBMITTED)),
    "users_listing":                   (NOBODY, Get("/admin/users/", "writer_a@example.org")),
    # --- Admin API ---------------------------------------------------------------------------
    "api_page_detail":                 (OWN, Get("/admin/api/main/pages/{draft}/", DRAFT)),
    "api_page_find":                   (OWN, Get("/admin/api/main/pages/find/?id={draft}", DRAFT, follow=True)),
    "api_pages_children":              (OWN, Get("/admin/api/main/pages/?child_of={group_a}", DRAFT, PRIVATE)),  # noqa: E501
    "api_pages_search":                (OWN, Get(f"/admin/api/main/pages/?search={SEARCH}", DRAFT, PRIVATE)),  # noqa: E501
    "api_episode_detail":              (COMMITTEE, Get("/admin/api/main/pages/{episode_draft}/", EPISODE)),  # noqa: E501
    "api_copy_action":                 (COMMITTEE, Post("/admin/api/main/pages/{draft}/action/copy/", copied("copie-api"), (("destination_page_id", "{group_b}"), ("slug", "copie-api")), as_json=True)),  # noqa: E501
    "api_documents_listing":           (OWN, Get("/admin/api/main/documents/", *DOCS)),
    "api_document_detail":             (OWN, Get("/admin/api/main/documents/{private_doc}/", *DOCS)),
    "api_images_listing":              (OWN, Get("/admin/api/main/images/", IMAGE)),
    "api_image_detail":                (OWN, Get("/admin/api/main/images/{image}/", IMAGE)),
    # --- Keywords and snippets ---------------------------------------------------------------
    "keyword_autocomplete_draft":      (OWN, Get("/admin/tag-autocomplete/site_core/keyword/?term=motsecret", KEYWORD)),  # noqa: E501
    "keyword_autocomplete_public":     (ADMINS, Get("/admin/tag-autocomplete/site_core/keyword/?term=motpub", "motpublic")),  # noqa: E501
    "tag_autocomplete_draft":          (NOBODY, Get("/admin/tag-autocomplete/?term=motsecret", KEYWORD)),  # noqa: E501
    # The committee manages themes and keywords (issue 19); it may see A's drafts anyway.
    "keyword_snippets_listing":        (COMMITTEE, Get("/admin/snippets/site_core/keyword/", KEYWORD)),
    "keyword_index_draft_keyword":     (NOBODY, Get("/mots-cles/", KEYWORD)),
    "keyword_index_public_keyword":    (EVERYONE, Get("/mots-cles/", "motpublic")),
    # --- Files -------------------------------------------------------------------------------
    "document_of_draft":               (OWN, Answers("{draft_doc_url}")),
    "document_of_private_page":        (OWN, Answers("{private_doc_url}")),
    "document_of_public_page":         (EVERYONE, Answers("{public_doc_url}")),
    "audio_of_draft_episode":          (COMMITTEE, Answers("{audio_draft_url}")),
    "audio_of_private_episode":        (COMMITTEE, Answers("{audio_private_url}")),
    "audio_of_public_episode":         (EVERYONE, Answers("{audio_public_url}")),
}
# fmt: on


def _users_no_secret(name, body):
    """What no response may carry for `name`, whatever the action."""
    if name in ("writer_b", "editor_b", "anonymous"):
        assert "SECRET" not in body and KEYWORD not in body and PASSWORD not in body, name
    elif name in ("writer_a", "editor_a"):
        assert EPISODE not in body and SOUND not in body, name


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")


class Actor:
    """One actor's client, logged in once for the module; GET bodies are kept per URL."""

    def __init__(self, name, world):
        self.name = name
        self.client = Client()
        if name != "anonymous":
            user = get_user_model().objects.get(pk=world["people"][name])
            self.client.force_login(user)
        self.own_group = world["group_b"] if name.endswith("_b") else world["group_a"]
        self.reads = {}

    def _get(self, url, follow=False):
        if (url, follow) not in self.reads:
            response = self.client.get(url, follow=follow)
            assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
            body = _body(response)
            _users_no_secret(self.name, body)
            self.reads[url, follow] = (response.status_code, body)
        return self.reads[url, follow]

    def read(self, url, follow=False):
        status, body = self._get(url, follow)
        return body if status == 200 else ""

    def status(self, url):
        return self._get(url)[0]

    def post(self, url, data, as_json=False):
        if as_json:
            response = self.client.post(url, data, content_type="application/json")
        else:
            response = self.client.post(url, data)
        # Messages are kept in a cookie: drop them, the next read must not see this change's.
        self.client.cookies.pop("messages", None)
        assert response.status_code in (200, 201, 302, 400, 403, 404, 405), (
            url,
            response.status_code,
        )
        _users_no_secret(self.name, _body(response))


def _file_urls(world):
    from django.urls import reverse

    from podcasts.models import PodcastEpisodePage

    def audio(key):
        media = MEDIA.objects.get(pk=PodcastEpisodePage.objects.get(pk=world[key]).audio_id)
        return reverse("podcasts:audio", args=(media.pk, media.filename))

    return {
        "draft_doc_url": DOC.objects.get(pk=world["draft_doc"]).url,
        "private_doc_url": DOC.objects.get(pk=world["private_doc"]).url,
        "public_doc_url": DOC.objects.get(pk=world["public_doc"]).url,
        "audio_draft_url": audio("episode_draft"),
        "audio_private_url": audio("episode_private"),
        "audio_public_url": audio("episode_public"),
        "writer_a_pk": world["people"]["writer_a"],
    }


@pytest.fixture(scope="module")
def matrix(audit_ids, django_db_blocker):
    """The world's ids and URLs, and the six actors' clients (logged in inside the module's
    transaction, so their sessions outlive each test's rollback)."""
    with django_db_blocker.unblock():
        world = {**audit_ids, **_file_urls(audit_ids)}
        actors = {name: Actor(name, world) for name in ACTORS}
    return world, actors


CELLS = [
    pytest.param(action, name, expected[i], id=f"{action}-{name}")
    for action, (expected, _how) in ACTIONS.items()
    for i, name in enumerate(ACTORS)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "name", "expected"), CELLS)
def test_cell(matrix, action, name, expected):
    world, actors = matrix
    outcome = ACTIONS[action][1].run(actors[name], world)
    if expected is not EITHER:
        assert outcome is expected


def test_the_table_is_whole():
    """73 actions at least, each with one outcome per actor."""
    assert len(ACTIONS) >= 73
    assert all(len(expected) == len(ACTORS) for expected, _how in ACTIONS.values())
