"""Per-group isolation, cell by cell, through HTTP as each of the audit's six actors.

Each action answers « does this actor see / get the thing? ». A marked secret (a title with
« SECRET », a draft's keyword, a private file) may reach only those who may see its page: the
group's own writers and editors, and the committee. Live public pages of other groups stay
choosable. `EXPECTED` is the whole table; each cell is one test, so a failure names the cell.
"""

import json

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtailmedia.models import get_media_model

from podcasts.models import PodcastEpisodePage
from tests.security.conftest import ACTORS

T, F = True, False
OWN = (T, T, F, F, T, F)  # group A's people and the committee
ADMINS = (T, T, T, T, T, F)  # anyone with admin access
COMMITTEE = (F, F, F, F, T, F)
EVERYONE = (T, T, T, T, T, T)
NOBODY = (F, F, F, F, F, F)

# fmt: off
EXPECTED = {
    # Page chooser (browse, search) and Wagtail's own page views
    "chooser_browse_shows_draft":          OWN,
    "chooser_browse_shows_private_page":   OWN,
    "chooser_search_shows_draft":          OWN,
    "chooser_search_offers_public_page":   ADMINS,
    "explorer_shows_draft":                OWN,
    "admin_search_shows_draft":            OWN,
    "edit_view_of_draft":                  OWN,
    "history_of_draft":                    OWN,
    "bulk_confirmation_names_secrets":     OWN,
    # Reports
    "page_types_report_names_draft":       OWN,
    "page_types_report_names_episode":     COMMITTEE,
    # Admin API
    "api_page_detail_of_draft":            OWN,
    "api_pages_list_draft":                OWN,
    "api_documents_list_private":          OWN,
    "api_images_list_private":             OWN,
    # Document and image choosers
    "document_chooser_lists_private":      OWN,
    "image_chooser_lists_private":         OWN,
    # Keywords
    "autocomplete_offers_draft_keyword":   OWN,
    "autocomplete_offers_public_keyword":  ADMINS,
    "keyword_index_lists_draft_keyword":   NOBODY,
    "keyword_index_lists_public_keyword":  EVERYONE,
    # Files
    "download_document_of_draft":          OWN,
    "download_document_of_private_page":   OWN,
    "download_document_of_public_page":    EVERYONE,
    "audio_of_draft_episode":              COMMITTEE,
    "audio_of_private_episode":            COMMITTEE,
    "audio_of_public_episode":             EVERYONE,
}
# fmt: on
CELLS = [
    pytest.param(action, name, EXPECTED[action][i], id=f"{action}-{name}")
    for action in EXPECTED
    for i, name in enumerate(ACTORS)
]


def _admin_text(client, url, name):
    """The page's text, or "" when the admin refused (anonymous: sent to the login page)."""
    response = client.get(url)
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        return ""
    # 400: the admin API's « parent page doesn't exist » for a parent one may not see.
    assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
    if response.status_code != 200:
        return ""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _served(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.status_code == 200:
        b"".join(response.streaming_content) if response.streaming else response.content
        return True
    return False


def _audio_url(pk):
    media = get_media_model().objects.get(pk=PodcastEpisodePage.objects.get(pk=pk).audio_id)
    return reverse("podcasts:audio", args=(media.pk, media.filename))


def _document_url(pk):
    return get_document_model().objects.get(pk=pk).url


def sees(client, audit, action, name):  # noqa: C901 - one branch per column of the table
    draft_title = "Brouillon SECRET du groupe A"
    if action == "chooser_browse_shows_draft":
        url = reverse("wagtailadmin_choose_page_child", args=(audit["group_a"],))
        return draft_title in _admin_text(client, url, name)
    if action == "chooser_browse_shows_private_page":
        url = reverse("wagtailadmin_choose_page_child", args=(audit["group_a"],))
        return "Compte-rendu SECRET réservé" in _admin_text(client, url, name)
    if action == "chooser_search_shows_draft":
        url = reverse("wagtailadmin_choose_page_search") + "?q=SECRET"
        return draft_title in _admin_text(client, url, name)
    if action == "chooser_search_offers_public_page":
        url = reverse("wagtailadmin_choose_page_search") + "?q=publique"
        return "Rencontre publique du groupe A" in _admin_text(client, url, name)
    if action == "explorer_shows_draft":
        url = reverse("wagtailadmin_explore", args=(audit["group_a"],))
        response = client.get(url, follow=True)
        return name != "anonymous" and draft_title in response.content.decode()
    if action == "admin_search_shows_draft":
        url = reverse("wagtailadmin_pages:search") + "?q=SECRET"
        return draft_title in _admin_text(client, url, name)
    if action == "edit_view_of_draft":
        url = reverse("wagtailadmin_pages:edit", args=(audit["draft"],))
        return draft_title in _admin_text(client, url, name)
    if action == "history_of_draft":
        url = reverse("wagtailadmin_pages:history", args=(audit["draft"],))
        return draft_title in _admin_text(client, url, name)
    if action == "bulk_confirmation_names_secrets":
        url = "/admin/bulk/wagtailcore/page/delete/?id={}&id={}&id={}".format(
            audit["draft"], audit["private"], audit["episode_draft"]
        )
        text = _admin_text(client, url, name)
        if "Épisode SECRET" in text:
            assert name == "committee", "the episode's title reached " + name
        return "SECRET" in text
    if action == "page_types_report_names_draft":
        url = reverse("wagtailadmin_reports:page_types_usage")
        return draft_title in _admin_text(client, url, name)
    if action == "page_types_report_names_episode":
        url = reverse("wagtailadmin_reports:page_types_usage")
        return "Épisode SECRET" in _admin_text(client, url, name)
    if action == "api_page_detail_of_draft":
        url = reverse("wagtailadmin_api:pages:detail", args=(audit["draft"],))
        return draft_title in _admin_text(client, url, name)
    if action == "api_pages_list_draft":
        url = reverse("wagtailadmin_api:pages:listing") + f"?child_of={audit['group_a']}"
        return draft_title in _admin_text(client, url, name)
    if action == "api_documents_list_private":
        url = reverse("wagtailadmin_api:documents:listing")
        text = _admin_text(client, url, name)
        return "Note SECRET du brouillon" in text or "Annexe SECRET" in text
    if action == "api_images_list_private":
        url = reverse("wagtailadmin_api:images:listing")
        return "Photo SECRET interne" in _admin_text(client, url, name)
    if action == "document_chooser_lists_private":
        url = reverse("wagtaildocs_chooser:choose")
        return "Note SECRET du brouillon" in _admin_text(client, url, name)
    if action == "image_chooser_lists_private":
        url = reverse("wagtailimages_chooser:choose")
        return "Photo SECRET interne" in _admin_text(client, url, name)
    if action in ("autocomplete_offers_draft_keyword", "autocomplete_offers_public_keyword"):
        term = "motsecret" if "draft" in action else "motpub"
        url = reverse("wagtailadmin_tag_model_autocomplete", args=("site_core", "keyword"))
        text = _admin_text(client, f"{url}?term={term}", name)
        return term in text
    if action in ("keyword_index_lists_draft_keyword", "keyword_index_lists_public_keyword"):
        response = client.get(reverse("site_core:taxonomy_index"))
        assert response.status_code == 200
        word = "motsecretbrouillon" if "draft" in action else "motpublic"
        return word in response.content.decode()
    if action == "download_document_of_draft":
        return _served(client, _document_url(audit["draft_doc"]))
    if action == "download_document_of_private_page":
        return _served(client, _document_url(audit["private_doc"]))
    if action == "download_document_of_public_page":
        return _served(client, _document_url(audit["public_doc"]))
    if action == "audio_of_draft_episode":
        return _served(client, _audio_url(audit["episode_draft"]))
    if action == "audio_of_private_episode":
        return _served(client, _audio_url(audit["episode_private"]))
    if action == "audio_of_public_episode":
        return _served(client, _audio_url(audit["episode_public"]))
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "name", "expected"), CELLS)
def test_cell(as_actor, audit, action, name, expected):
    assert sees(as_actor(name), audit, action, name) is expected
