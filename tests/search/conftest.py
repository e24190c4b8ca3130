"""Fixtures of the search suite: every available engine, and a small French corpus."""

import datetime
import itertools
import os

import pytest
from django.utils import timezone
from django.utils.text import slugify

from site_core.models import StandardPage, Theme
from tests.utils import add_child

ENGINES = ["database"] + (["elasticsearch"] if os.environ.get("SEARCH_URL") else [])
_slugs = itertools.count()


@pytest.fixture(params=ENGINES)
def engine(request, settings, db):
    """The engine under test, with an empty index (Elasticsearch only when SEARCH_URL is set)."""
    from search.engines import get_engine

    if request.param == "elasticsearch":
        settings.SEARCH_URL = os.environ["SEARCH_URL"]
        settings.SEARCH_INDEX = f"maillage-test-{os.getpid()}"
    else:
        settings.SEARCH_URL = ""
    engine = get_engine()
    engine.clear()
    return engine


@pytest.fixture
def publish_now(django_capture_on_commit_callbacks):
    """Run `action` and the after-commit callbacks it scheduled (the index updates)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def make_page(home_page, publish_now):
    def make(
        title,
        body="",
        *,
        summary="",
        keywords=(),
        themes=(),
        year=2024,
        parent=None,
        live=True,
    ):
        page = StandardPage(
            title=title,
            slug=f"{slugify(title)[:40]}-{next(_slugs)}",
            summary=summary,
            body=[("paragraph", f"<p>{body}</p>")] if body else [],
        )
        page.first_published_at = timezone.make_aware(datetime.datetime(year, 3, 15, 10))
        if keywords:
            page.keywords.add(*keywords)
        if themes:
            page.themes = list(themes)
        return publish_now(add_child, parent or home_page, page, live=live)

    return make


@pytest.fixture
def themes(db):
    return {
        "ess": Theme.objects.create(name="Économie sociale et solidaire", slug="ess"),
        "travail": Theme.objects.create(name="Santé au travail", slug="sante-au-travail"),
    }


@pytest.fixture
def corpus(engine, make_page, themes):
    """Six public pages of various years, themes and keywords."""
    return {
        "economie": make_page(
            "L'économie sociale en pratique",
            "Les coopératives et les associations font vivre une économie au service des "
            "territoires.",
            keywords=["gouvernance"],
            themes=[themes["ess"]],
            year=2023,
        ),
        "circulaire": make_page(
            "Réemploi et circuits courts",
            "Une économie circulaire ancrée dans les quartiers, sans dimension sociale affichée.",
            year=2024,
        ),
        "cooperative": make_page(
            "Créer une coopérative d'activité",
            "Le statut de coopérative d'activité et d'emploi protège les entrepreneurs salariés.",
            keywords=["statuts"],
            themes=[themes["ess"], themes["travail"]],
            year=2024,
        ),
        "association": make_page(
            "Vie associative",
            "Tenir l'assemblée générale d'une association loi 1901 sans s'épuiser.",
            keywords=["gouvernance"],
            year=2022,
        ),
        "sante": make_page(
            "Prévenir l'usure professionnelle",
            "La santé au travail des salariées de l'aide à domicile : organisation et soin.",
            themes=[themes["travail"]],
            year=2024,
        ),
        "phrase": make_page(
            "Lettre d'information",
            "Nous parlons de sociale économie et de la vie des réseaux.",
            year=2023,
        ),
    }
