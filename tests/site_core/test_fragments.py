"""The per-reader holes that the anonymous page cache fills on every response."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import format_html
from wagtail import hooks

from site_core import fragments

TEMPLATE = Template(
    '{% load fragment_tags %}<p>{% uncached_fragment "test.greeting" 7 "a b/c" %}</p>'
)


@pytest.fixture
def greeting():
    def render(request, number, text):
        return format_html("<em>{}:{}:{}</em>", request.GET.get("who", "personne"), number, text)

    with hooks.register_temporarily(fragments.HOOK, lambda: ("test.greeting", render)):
        yield


def test_the_tag_renders_in_place_outside_the_cache(greeting):
    request = RequestFactory().get("/", {"who": "Alice"})
    assert TEMPLATE.render(Context({"request": request})) == "<p><em>Alice:7:a b/c</em></p>"


def test_the_cache_stores_a_placeholder_and_each_reader_gets_their_own(greeting):
    storing = RequestFactory().get("/", {"who": "Alice"})
    storing.defer_fragments = True
    stored = TEMPLATE.render(Context({"request": storing}))
    assert "Alice" not in stored
    assert fragments.has_placeholders(stored)
    for who in ("Alice", "Bob"):
        reader = RequestFactory().get("/", {"who": who})
        assert fragments.fill(reader, stored) == f"<p><em>{who}:7:a b/c</em></p>"


def test_an_unknown_fragment_renders_nothing():
    request = RequestFactory().get("/")
    html = fragments.placeholder("nobody.registered", [1])
    assert fragments.fill(request, f"<p>{html}</p>") == "<p></p>"
    assert fragments.render(request, "nobody.registered", [1]) == ""


def test_a_renderer_returning_plain_text_is_escaped():
    request = RequestFactory().get("/")
    with hooks.register_temporarily(fragments.HOOK, lambda: ("test.plain", lambda request: "<b>")):
        assert fragments.render(request, "test.plain", []) == "&lt;b&gt;"
        assert fragments.fill(request, str(fragments.placeholder("test.plain", []))) == "&lt;b&gt;"
