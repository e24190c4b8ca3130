"""The OpenAPI 3.1 description of the read API, written by hand and checked against the real
responses by schemathesis (tests/api/test_schemathesis.py)."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from site_core.syndication import absolute

from .views import MAX_LIMIT

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}

ERROR = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}
DETAIL_META_BASE = {
    "type": {"type": "string"},
    "detail_url": {"type": "string", "format": "uri"},
}
TERM = {
    "type": "object",
    "required": ["name", "slug"],
    "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
}
PAGE_META = {
    "type": "object",
    "required": ["type", "detail_url", "html_url", "slug", "first_published_at"],
    "properties": {
        **DETAIL_META_BASE,
        "html_url": NULLABLE_STRING,
        "slug": {"type": "string"},
        "first_published_at": {"type": ["string", "null"], "format": "date-time"},
        "show_in_menus": {"type": "boolean"},
        "seo_title": {"type": "string"},
        "search_description": {"type": "string"},
        "alias_of": {"type": ["object", "null"]},
        "parent": {"type": ["object", "null"]},
    },
}
PAGE_ITEM = {
    "type": "object",
    "required": ["id", "meta", "title"],
    "properties": {
        "id": {"type": "integer"},
        "meta": PAGE_META,
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "themes": {"type": "array", "items": TERM},
        "keywords": {"type": "array", "items": TERM},
        "group": {
            "type": ["object", "null"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "slug": {"type": "string"},
            },
        },
        # Meeting minutes
        "meeting_date": {"type": "string", "format": "date"},
        "participants": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "organisation", "role"],
                "properties": {
                    "name": {"type": "string"},
                    "organisation": {"type": "string"},
                    "role": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
        "decisions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["what", "who", "due_date", "status"],
                "properties": {
                    "what": {"type": "string"},
                    "who": {"type": "string"},
                    "due_date": {"type": ["string", "null"], "format": "date"},
                    "status": {"type": "string"},
                },
            },
        },
        # Method sheets
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "instructions", "duration_minutes"],
                "properties": {
                    "title": {"type": "string"},
                    "instructions": {"type": "string"},
                    "duration_minutes": NULLABLE_INT,
                },
            },
        },
        # Podcast episodes
        "audio": {
            "type": ["object", "null"],
            "properties": {
                "url": {"type": "string"},
                "duration_seconds": {"type": ["number", "null"]},
                "size": NULLABLE_INT,
                "mime_type": {"type": "string"},
            },
        },
        "chapters": {"type": "array"},
    },
    # Never a personal e-mail address: the API has no such field.
    "not": {
        "anyOf": [
            {"required": ["contact_email"]},
            {"required": ["owner_email"]},
            {"required": ["email"]},
        ]
    },
}
LISTING_META = {
    "type": "object",
    "required": ["total_count"],
    "properties": {"total_count": {"type": "integer", "minimum": 0}},
}


def listing(item):
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {"meta": LISTING_META, "items": {"type": "array", "items": item}},
    }


def simple_item(*fields):
    return {
        "type": "object",
        "required": ["id", "meta", *fields],
        "properties": {
            "id": {"type": "integer"},
            "meta": {"type": "object", "required": ["type", "detail_url"]},
            **{field: {"type": ["string", "null"]} for field in fields},
        },
    }


IMAGE = {**simple_item("title"), "properties": {**simple_item("title")["properties"]}}
DOCUMENT = simple_item("title")
THEME = simple_item("name", "slug")
KEYWORD = simple_item("name", "slug")


def param(name, schema, description):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGINATION = [
    param(
        "limit",
        {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT},
        "Items per page (at most 50; 20 by default).",
    ),
    param("offset", {"type": "integer", "minimum": 0}, "Items to skip."),
]
FIELDS = {"type": "string", "enum": ["*", "_", "-title", "_,title"]}
TERM_FIELDS = {"type": "string", "enum": ["*", "_", "-name", "_,name,slug"]}
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,80}$"}
PAGE_FILTERS = [
    param(
        "type",
        {"type": "string", "enum": []},
        "A page type, e.g. working_groups.MeetingMinutesPage; its own fields may then be asked with `fields`.",
    ),
    param("group", SLUG, "Pages of the working group with this slug."),
    param("theme", SLUG, "Pages with the theme of this slug."),
    param("keyword", SLUG, "Pages with the keyword of this slug."),
    param(
        "published_after",
        {"type": "string", "format": "date"},
        "First published on or after this date (YYYY-MM-DD).",
    ),
    param(
        "published_before",
        {"type": "string", "format": "date"},
        "First published on or before this date (YYYY-MM-DD).",
    ),
    param(
        "fields",
        FIELDS,
        "Fields to add (`*` for all, `-field` to remove).",
    ),
]
JSON = "application/json"


def ok(schema, description):
    return {"description": description, "content": {JSON: {"schema": schema}}}


ERRORS = {
    "400": ok(ERROR, "Bad query parameter."),
    "429": ok(ERROR, "Too many requests from this address."),
}
NOT_FOUND = {"404": ok(ERROR, "No such public item.")}


def detail(tag, schema, summary, fields=FIELDS):
    return {
        "get": {
            "tags": [tag],
            "summary": summary,
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                },
                param("fields", fields, "Fields to add or remove."),
            ],
            "responses": {"200": ok(schema, "The item."), **ERRORS, **NOT_FOUND},
        }
    }


def collection(tag, item, summary, extra=()):
    return {
        "get": {
            "tags": [tag],
            "summary": summary,
            "parameters": [*PAGINATION, *extra],
            "responses": {"200": ok(listing(item), "A page of results."), **ERRORS},
        }
    }


def page_types() -> list[str]:
    from wagtail.models import get_page_models

    return sorted(f"{m._meta.app_label}.{m.__name__}" for m in get_page_models())


def schema() -> dict:
    type_filter = {**PAGE_FILTERS[0], "schema": {"type": "string", "enum": page_types()}}
    page_filters = [type_filter, *PAGE_FILTERS[1:]]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Maillage — API de lecture",
            "version": "2.0.0",
            "description": (
                "Read-only access to everything public on the site: live public pages of every "
                "type with their structured fields, images, public documents, themes and "
                "keywords. No authentication; CORS allows GET from any origin; rate limited per "
                "address (HTTP 429 with Retry-After)."
            ),
        },
        "servers": [{"url": absolute("/api/v2")}],
        "paths": {
            "/pages/": collection(
                "pages", PAGE_ITEM, "Live public pages, filterable.", page_filters
            ),
            "/pages/{id}/": detail("pages", PAGE_ITEM, "One live public page with all its fields."),
            "/images/": collection("images", IMAGE, "Images."),
            "/images/{id}/": detail("images", IMAGE, "One image."),
            "/documents/": collection(
                "documents", DOCUMENT, "Documents outside restricted collections."
            ),
            "/documents/{id}/": detail("documents", DOCUMENT, "One public document."),
            "/themes/": collection("themes", THEME, "Themes."),
            "/themes/{id}/": detail("themes", THEME, "One theme.", TERM_FIELDS),
            "/keywords/": collection("keywords", KEYWORD, "Keywords carried by public pages."),
            "/keywords/{id}/": detail("keywords", KEYWORD, "One keyword.", TERM_FIELDS),
        },
    }


@require_GET
@cache_control(public=True, max_age=3600)
def openapi_view(request):
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
