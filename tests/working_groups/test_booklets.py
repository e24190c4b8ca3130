"""The admin's booklets screen: who may use it (every cell through HTTP), what goes in (real
PDFs read back with pypdf), bad input in French, large booklets through the task."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.working_groups.capital_data import build_network
from tests.working_groups.test_dossier import outline_titles
from working_groups import booklets, dossier
from working_groups.models import Booklet, BookletStatus
from working_groups.provisioning import add_member, provision_committee

SCREEN = "/admin/livrets/"


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def network(home_page, settings, tmp_path):
    """The capitalisation network; every minutes page (draft and private ones too) carries the
    theme « Gouvernance partagée » and the keyword « Tiers-lieux »."""
    settings.MEDIA_ROOT = str(tmp_path)
    network = build_network(home_page)
    for name in ("m1", "m2", "m3", "draft", "private", "s1"):
        page = network[name]
        page.themes.add(network["theme"])
        page.keywords.add("Tiers-lieux")
        page.save()
    return network


@pytest.fixture
def actors(network, django_user_model):
    def user(username, group_page=None, role=None, **extra):
        person = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password="x", **extra
        )
        if group_page is not None:
            add_member(group_page, person, role)
        return person

    committee = user("committee")
    committee.groups.add(provision_committee())
    return {
        "superuser": user("root", is_superuser=True, is_staff=True),
        "committee": committee,
        "editor_a": user("editor_a", network["praxis"], "editor"),
        "writer_a": user("writer_a", network["praxis"], "writer"),
        "editor_b": user("editor_b", network["sante"], "editor"),
        "anonymous": None,
    }


def criteria(network, **extra):
    return {"theme": network["theme"].pk, "group": network["praxis"].pk, **extra}


def client_for(client, actors, actor):
    if actors[actor] is not None:
        client.force_login(actors[actor])
    return client


# --- Who may do what --------------------------------------------------------------------------
ACTORS = ["superuser", "committee", "editor_a", "writer_a", "editor_b", "anonymous"]
# open the screen, preview group A's list, build a booklet of group A, download group A's booklet
# fmt: off
EXPECTED = {
    #            open  preview     build       download
    "superuser": (200, "list",     "built",    200),
    "committee": (200, "list",     "built",    200),
    "editor_a":  (200, "list",     "built",    200),
    "writer_a":  ("denied", "denied", "denied", "denied"),
    "editor_b":  (200, "refused",  "refused",  404),
    "anonymous": ("login", "login", "login",   "login"),
}
# fmt: on


def assert_login_redirect(response):
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def assert_denied(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with a message."""
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.mark.parametrize("actor", ACTORS)
    def test_open_screen(self, client, network, actors, actor):
        expected = EXPECTED[actor][0]
        response = client_for(client, actors, actor).get(SCREEN)
        if expected == "login":
            assert_login_redirect(response)
        elif expected == 200:
            assert response.status_code == 200
            html = response.content.decode()
            assert "Thématique" in html and "Mot-clé" in html
            assert '"url": "/admin/livrets/"' in html  # in the admin menu
        elif expected == "denied":
            assert_denied(response)  # and not in the menu either
            assert '"url": "/admin/livrets/"' not in client.get("/admin/").content.decode()

    @pytest.mark.parametrize("actor", ACTORS)
    def test_preview_list(self, client, network, actors, actor):
        expected = EXPECTED[actor][1]
        data = {**criteria(network), "action": "preview"}
        response = client_for(client, actors, actor).post(SCREEN, data)
        if expected == "login":
            assert_login_redirect(response)
            return
        if expected == "denied":
            assert_denied(response)
            return
        assert response.status_code == 200
        html = response.content.decode()
        if expected == "list":
            for name in ("m1", "m2", "m3"):
                assert f'value="{network[name].pk}"' in html and network[name].title in html
            assert "Rencontre en brouillon" not in html and "Rencontre réservée" not in html
            assert "Première rencontre SANTÉ" not in html  # another group
        else:
            assert "un des groupes dont vous assurez l’édition" in html
            assert "Première rencontre PRAXIS" not in html

    @pytest.mark.parametrize("actor", ACTORS)
    def test_build(self, client, network, actors, actor):
        expected = EXPECTED[actor][2]
        ids = [network[name].pk for name in ("m1", "m2")]
        data = {**criteria(network), "action": "build", "title": "Livret test", "pages": ids}
        response = client_for(client, actors, actor).post(SCREEN, data)
        if expected == "login":
            assert_login_redirect(response)
        elif expected == "denied":
            assert_denied(response)
        elif expected == "refused":
            assert response.status_code == 200
            assert "un des groupes dont vous assurez l’édition" in response.content.decode()
        else:
            assert response.status_code == 302 and response["Location"] == SCREEN
        booklet = Booklet.objects.filter(title="Livret test").first()
        if expected != "built":
            assert booklet is None
            return
        assert booklet.status == BookletStatus.READY and booklet.created_by == actors[actor]
        _reader, text = pdf_text(downloaded(client.get(download_url(booklet))))
        assert "Première rencontre PRAXIS" in text and "Deuxième rencontre PRAXIS" in text
        assert "Troisième rencontre PRAXIS" not in text

    @pytest.mark.parametrize("actor", ACTORS)
    def test_download(self, client, network, actors, actor):
        expected = EXPECTED[actor][3]
        booklet = assembled(network, actors["editor_a"], ["m1", "m3"])
        response = client_for(client, actors, actor).get(download_url(booklet))
        if expected == "login":
            assert_login_redirect(response)
            return
        if expected == "denied":
            assert_denied(response)
            return
        assert response.status_code == expected
        if expected == 200:
            assert response["Content-Type"] == "application/pdf"
            assert 'filename="livret-livret-de-praxis.pdf"' in response["Content-Disposition"]
            _reader, text = pdf_text(downloaded(response))
            assert "Troisième rencontre PRAXIS" in text


def download_url(booklet):
    return reverse("working_groups_booklet_download", args=[booklet.pk])


def assembled(network, user, names, **fields):
    booklet = Booklet.objects.create(
        title="Livret de PRAXIS",
        theme=network["theme"],
        group=network["praxis"],
        page_ids=[network[name].pk for name in names],
        created_by=user,
        **fields,
    )
    return booklets.build_file(booklet)


# --- What goes in -----------------------------------------------------------------------------
@pytest.mark.django_db
class TestBookletContents:
    def test_theme_booklet_in_meeting_order_without_the_unticked_page_nor_forged_ids(
        self, client, network, actors
    ):
        client.force_login(actors["committee"])
        preview = client.post(SCREEN, {"theme": network["theme"].pk, "action": "preview"})
        html = preview.content.decode()
        # The whole network: both groups' live public minutes, ticked, the title proposed.
        for name in ("m1", "m2", "m3", "s1"):
            assert (
                f'value="{network[name].pk}" id="booklet-page-{network[name].pk}" checked' in html
            )
        assert 'value="Gouvernance partagée"' in html
        # Untick m2; forge the draft's and the private page's ids into the POST.
        ticked = [network[name].pk for name in ("s1", "m3", "m1", "draft", "private")]
        response = client.post(
            SCREEN,
            {
                "theme": network["theme"].pk,
                "action": "build",
                "title": "Gouverner ensemble",
                "pages": ticked,
            },
            follow=True,
        )
        html = response.content.decode()
        assert "2 page(s) cochée(s) ont été laissées de côté" in html
        assert "est prêt" in html
        booklet = Booklet.objects.get()
        assert booklet.page_ids == [network[name].pk for name in ("m1", "m3", "s1")]
        reader, text = pdf_text(downloaded(client.get(download_url(booklet))))
        assert "Gouverner ensemble" in reader.pages[0].extract_text()
        assert reader.metadata.title.startswith("Gouverner ensemble")
        body = "\n".join(page.extract_text() for page in reader.pages[2:])
        positions = [
            body.index(title)
            for title in (
                "Première rencontre PRAXIS",
                "Troisième rencontre PRAXIS",
                "Première rencontre SANTÉ",
            )
        ]
        assert positions == sorted(positions)
        for absent in ("Deuxième rencontre PRAXIS", "Rencontre en brouillon", "Rencontre réservée"):
            assert absent not in text
        assert "Action privée du bureau" not in text
        titles = outline_titles(reader)
        for expected in ("Première rencontre PRAXIS", "Troisième rencontre PRAXIS"):
            assert expected in titles
        assert "Première rencontre SANTÉ" in titles
        assert "Deuxième rencontre PRAXIS" not in titles
        assert "Rencontre en brouillon" not in titles

    def test_keyword_group_and_period(self, client, network, actors):
        client.force_login(actors["editor_a"])
        data = {
            "keyword": "tiers-LIEUX",
            "group": network["praxis"].pk,
            "date_from": "01/02/2024",
            "date_to": "30/06/2024",
            "action": "preview",
        }
        html = client.post(SCREEN, data).content.decode()
        assert "Deuxième rencontre PRAXIS" in html and "Troisième rencontre PRAXIS" in html
        assert "Première rencontre PRAXIS" not in html  # 10/01/2024, before the period
        assert "Première rencontre SANTÉ" not in html
        ids = [network["m2"].pk, network["m3"].pk]
        client.post(SCREEN, {**data, "action": "build", "title": "Tiers-lieux 2024", "pages": ids})
        booklet = Booklet.objects.get()
        assert booklet.keyword.name == "Tiers-lieux" and booklet.group == network["praxis"]
        _reader, text = pdf_text(downloaded(client.get(download_url(booklet))))
        assert "Deuxième rencontre PRAXIS" in text and "Troisième rencontre PRAXIS" in text
        assert "Première rencontre PRAXIS" not in text

    def test_a_page_unpublished_after_ticking_stays_out_of_the_build(self, network, actors):
        booklet = Booklet.objects.create(
            title="Livret",
            theme=network["theme"],
            page_ids=[network["m1"].pk, network["m2"].pk],
            created_by=actors["committee"],
        )
        network["m2"].unpublish()
        _reader, text = pdf_text(default_storage_bytes(booklets.build_file(booklet).file_name))
        assert "Première rencontre PRAXIS" in text and "Deuxième rencontre PRAXIS" not in text


def default_storage_bytes(name):
    from django.core.files.storage import default_storage

    with default_storage.open(name, "rb") as handle:
        return handle.read()


# --- Bad input --------------------------------------------------------------------------------
@pytest.mark.django_db
class TestBadInput:
    @pytest.fixture
    def editor(self, client, actors):
        client.force_login(actors["editor_a"])
        return client

    def test_no_theme_nor_keyword(self, editor, network):
        response = editor.post(SCREEN, {"group": network["praxis"].pk, "action": "preview"})
        assert response.status_code == 200
        assert "Choisissez une thématique ou un mot-clé" in response.content.decode()

    def test_unreadable_date_keeps_the_choices(self, editor, network):
        data = {
            **criteria(network),
            "keyword": "Tiers-lieux",
            "date_from": "31/02/2024",
            "title": "Mon livret",
            "pages": [network["m1"].pk],
            "action": "build",
        }
        response = editor.post(SCREEN, data)
        html = response.content.decode()
        assert response.status_code == 200 and not Booklet.objects.exists()
        assert "Saisissez la date sous la forme jour/mois/année" in html
        assert 'value="31/02/2024"' in html and 'value="Mon livret"' in html
        assert 'value="Tiers-lieux"' in html

    def test_no_page_ticked(self, editor, network):
        data = {**criteria(network), "title": "Vide", "action": "build"}
        response = editor.post(SCREEN, data)
        html = response.content.decode()
        assert "Cochez au moins une page" in html and not Booklet.objects.exists()
        assert 'value="Vide"' in html
        assert "Première rencontre PRAXIS" in html  # the list is shown again to tick from

    def test_only_forged_ids_is_no_page(self, editor, network):
        data = {
            **criteria(network),
            "title": "Forgé",
            "pages": [network["draft"].pk, network["s1"].pk, "abc"],
            "action": "build",
        }
        html = editor.post(SCREEN, data).content.decode()
        assert not Booklet.objects.exists()
        assert "La liste des pages cochées est illisible" in html

    def test_unknown_keyword_and_reversed_period(self, editor, network):
        data = {
            "keyword": "inexistant",
            "group": network["praxis"].pk,
            "date_from": "01/06/2024",
            "date_to": "01/01/2024",
            "action": "preview",
        }
        html = editor.post(SCREEN, data).content.decode()
        assert "Aucun mot-clé ne s’appelle «\u00a0inexistant\u00a0»" in html
        assert "La fin de la période précède son début" in html

    def test_missing_title(self, editor, network):
        data = {**criteria(network), "pages": [network["m1"].pk], "action": "build"}
        html = editor.post(SCREEN, data).content.decode()
        assert not Booklet.objects.exists()
        assert "Donnez un titre au livret" in html
        assert f'value="{network["m1"].pk}" id="booklet-page-{network["m1"].pk}" checked' in html
        assert f'value="{network["m2"].pk}" id="booklet-page-{network["m2"].pk}">' in html


# --- Large booklets: the task ----------------------------------------------------------------
@pytest.mark.django_db
class TestLargeBooklet:
    def test_built_by_the_task_then_downloadable(
        self, client, network, actors, settings, monkeypatch
    ):
        from django.tasks import default_task_backend

        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        monkeypatch.setattr(dossier, "SYNC_MAX_MINUTES", 1)
        client.force_login(actors["editor_a"])
        ids = [network["m1"].pk, network["m3"].pk]
        data = {**criteria(network), "action": "build", "title": "Gros livret", "pages": ids}
        html = client.post(SCREEN, data, follow=True).content.decode()
        booklet = Booklet.objects.get()
        assert booklet.status == BookletStatus.PENDING
        assert "construit en arrière-plan" in html and "En préparation" in html
        assert client.get(download_url(booklet)).status_code == 302  # not ready: back to screen
        result = default_task_backend.results[-1]
        assert result.task.name == "build_booklet" and result.args == [booklet.pk]
        booklets.build_booklet.call(booklet.pk)  # what the worker does
        html = client.get(SCREEN).content.decode()
        assert download_url(booklet) in html and "Télécharger" in html
        _reader, text = pdf_text(downloaded(client.get(download_url(booklet))))
        assert "Troisième rencontre PRAXIS" in text
