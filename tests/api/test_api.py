"""The read API: structured fields per type, filters, pagination, no private data (IDOR sweep),
CORS for GET only, rate limit per address and the published OpenAPI description."""

import pytest
from django.core.cache import cache
from wagtail.models import Collection, CollectionViewRestriction, Page

from tests.follow_corpus import build_corpus, make_pdf

API = "/api/v2"


@pytest.fixture
def corpus(home_page, settings):
    settings.API_RATE_LIMIT = 10_000
    cache.clear()
    return build_corpus(home_page)


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, (path, params, response.content[:300])
    return response.json()


def titles(data):
    return sorted(item["title"] for item in data["items"])


def test_fields_per_type(client, corpus):
    minutes = get(client, f"/pages/{corpus['minutes'].pk}/")
    assert minutes["meta"]["type"] == "working_groups.MeetingMinutesPage"
    assert minutes["meta"]["html_url"] == corpus["minutes"].get_full_url()
    assert minutes["participants"] == [
        {"name": "Inès Morel", "organisation": "La Ruche", "role": "present"}
    ]
    assert minutes["decisions"][0]["what"] == "Écrire la fiche « brise-glace »"
    assert minutes["documents"][0]["url"].endswith(".pdf")
    assert minutes["themes"] == [{"name": "Économie sociale et solidaire", "slug": "ess"}]
    assert minutes["keywords"] == [{"name": "gouvernance", "slug": "gouvernance"}]
    assert minutes["group"] == {
        "id": corpus["group"].pk,
        "title": "Tiers-lieux en réseau",
        "slug": "tiers-lieux",
    }
    sheet = get(client, f"/pages/{corpus['group_sheet'].pk}/")
    assert sheet["steps"][0]["title"] == "Se présenter"
    episode = get(client, f"/pages/{corpus['episode'].pk}/")
    assert episode["audio"]["url"] == f"http://localhost{corpus['episode'].audio_url}"
    assert episode["audio"]["size"] == corpus["episode"].audio_size
    assert episode["chapters"] == []
    paper = get(client, f"/pages/{corpus['paper'].pk}/")
    assert paper["pdf"]["url"].startswith("http://localhost/documents/")
    group = get(client, f"/pages/{corpus['group'].pk}/")
    assert group["short_name"] == "TLR" and "contact_email" not in group
    show = get(client, f"/pages/{corpus['show'].pk}/")
    assert "owner_email" not in show and show["feed_url"].endswith("/feed.xml")
    # Listing with a type asks its own fields.
    listing = get(
        client,
        "/pages/",
        type="working_groups.MeetingMinutesPage",
        fields="participants,meeting_date",
    )
    assert {len(item["participants"]) for item in listing["items"]} >= {1}


def test_filters_and_pagination(client, corpus):
    assert titles(get(client, "/pages/", group="tiers-lieux")) == [
        "Le brise-glace des tiers-lieux",
        "Troisième rencontre",
    ]
    assert titles(get(client, "/pages/", theme="ess")) == [
        "Coopérer sans s'épuiser",
        "Rencontre des cantines",
        "Troisième rencontre",
    ]
    assert titles(get(client, "/pages/", keyword="gouvernance")) == [
        "Livre blanc des coopérations",
        "Troisième rencontre",
    ]
    dated = get(client, "/pages/", published_after="2026-03-12", published_before="2026-03-14")
    assert titles(dated) == ["Le brise-glace des tiers-lieux", "Livre blanc des coopérations"]
    assert get(client, "/pages/", theme="inconnue")["items"] == []
    typed = get(client, "/pages/", type="articles.MethodSheetPage")
    assert titles(typed) == ["Le brise-glace des tiers-lieux"]
    first = get(client, "/pages/", limit=2, order="id")
    second = get(client, "/pages/", limit=2, offset=2, order="id")
    assert first["meta"]["total_count"] == second["meta"]["total_count"] > 4
    assert len(first["items"]) == 2 and not {i["id"] for i in first["items"]} & {
        i["id"] for i in second["items"]
    }
    for bad in (
        {"published_after": "hier"},
        {"limit": "1000"},
        {"type": "nope.Nope"},
        {"offset": "-1"},
    ):
        response = client.get(API + "/pages/", bad)
        assert response.status_code == 400 and "message" in response.json(), bad
    assert [t["slug"] for t in get(client, "/themes/")["items"]] == ["ess", "sante-au-travail"]
    assert [k["slug"] for k in get(client, "/keywords/")["items"]] == ["gouvernance"]


def test_no_draft_private_page_private_document_or_email_idor_sweep(client, corpus):
    secret = Collection.get_first_root_node().add_child(name="Réservé")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    hidden = make_pdf("budget-interne.pdf", "Budget interne")
    hidden.collection = secret
    hidden.save()
    public_ids = set(Page.objects.live().public().values_list("pk", flat=True))
    hidden_ids = {corpus["draft"].pk, corpus["private_sheet"].pk}
    top = Page.objects.order_by("-pk").first().pk
    seen = set()
    for pk in range(1, top + 5):
        response = client.get(f"{API}/pages/{pk}/")
        assert response.status_code in (200, 404), pk
        body = response.content.decode()
        assert "@" not in body.replace("@exemple", ""), pk  # no e-mail address anywhere
        if response.status_code == 200:
            seen.add(pk)
    assert not seen & hidden_ids and seen <= public_ids
    assert client.get(f"{API}/documents/{hidden.pk}/").status_code == 404
    listed = get(client, "/documents/", limit=50)
    assert hidden.pk not in [d["id"] for d in listed["items"]]
    all_pages = get(client, "/pages/", limit=50)["items"]
    assert not {p["id"] for p in all_pages} & hidden_ids
    # The detail of the group and show, with every field, carries no e-mail address.
    for page in (corpus["group"], corpus["show"]):
        body = client.get(f"{API}/pages/{page.pk}/", {"fields": "*"}).content.decode()
        assert "@" not in body


def test_cors_get_only_and_cache_headers(client, corpus):
    response = client.get(API + "/pages/", HTTP_ORIGIN="https://partenaire.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=" in response["Cache-Control"]
    preflight = client.options(
        API + "/pages/",
        HTTP_ORIGIN="https://partenaire.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert (
        preflight.status_code == 204
        and preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    )
    for method in (client.post, client.put, client.delete):
        assert method(API + "/pages/").status_code == 405
    # Outside /api/ nothing changes.
    assert not client.get("/").has_header("Access-Control-Allow-Origin")


def test_rate_limit_per_address(client, corpus, settings):
    settings.API_RATE_LIMIT = 3
    cache.clear()
    codes = [client.get(API + "/themes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = client.get(API + "/themes/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    limited = client.get(API + "/themes/")
    assert limited["Retry-After"] == "60" and "minute" in limited.json()["message"]


def test_openapi_description_is_published(client, corpus):
    schema = client.get(API + "/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert {"/pages/", "/pages/{id}/", "/documents/", "/images/", "/themes/", "/keywords/"} <= set(
        schema["paths"]
    )
    names = {p["name"] for p in schema["paths"]["/pages/"]["get"]["parameters"]}
    assert {
        "type",
        "group",
        "theme",
        "keyword",
        "published_after",
        "published_before",
        "limit",
        "offset",
    } <= names
