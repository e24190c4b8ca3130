import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtailmedia.models import get_media_model

from podcasts.audio import read_audio_facts
from podcasts.factories import PodcastEpisodePageFactory, make_audio_media, make_wav
from podcasts.models import PodcastEpisodePage
from tests.podcasts.conftest import VTT, make_document, make_image
from tests.utils import make_private


@pytest.mark.django_db
class TestRangeRequests:
    def test_range_100_199_answers_206_with_exactly_those_bytes(self, client, show):
        episode = PodcastEpisodePageFactory(parent=show)
        content = episode.audio.file.open("rb").read()
        response = client.get(episode.audio_url, HTTP_RANGE="bytes=100-199")
        assert response.status_code == 206
        assert response["Content-Range"] == f"bytes 100-199/{len(content)}"
        assert response["Content-Length"] == "100"
        assert b"".join(response.streaming_content) == content[100:200]

    def test_whole_file_head_suffix_and_bad_ranges(self, client, show):
        episode = PodcastEpisodePageFactory(parent=show)
        size = episode.audio.file.size
        whole = client.get(episode.audio_url)
        assert whole.status_code == 200
        assert whole["Accept-Ranges"] == "bytes"
        assert int(whole["Content-Length"]) == size
        head = client.head(episode.audio_url)
        assert head.status_code == 200 and head.content == b""
        assert int(head["Content-Length"]) == size
        suffix = client.get(episode.audio_url, HTTP_RANGE="bytes=-10")
        assert suffix["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
        assert client.get(episode.audio_url, HTTP_RANGE=f"bytes={size + 5}-").status_code == 416
        assert client.get(episode.audio_url, HTTP_RANGE="bytes=20-10").status_code == 416
        assert client.get(episode.audio_url, HTTP_RANGE="bytes=abc").status_code == 416
        refused = client.get(episode.audio_url, HTTP_RANGE="bytes=-0")
        assert refused.status_code == 416 and refused["Content-Range"] == f"bytes */{size}"
        assert client.get(episode.audio_url.replace(".wav", ".mp3")).status_code == 404

    def test_ranges_it_may_ignore_serve_the_whole_file(self, client, show):
        """RFC 9110: an unknown unit is ignored; several ranges may be answered with everything."""
        episode = PodcastEpisodePageFactory(parent=show)
        size = episode.audio.file.size
        for header in ("octets=1-2", "bytes=0-1,5-6"):
            response = client.get(episode.audio_url, HTTP_RANGE=header)
            assert response.status_code == 200
            assert len(b"".join(response.streaming_content)) == size

    def test_head_range_if_range_and_conditional_get(self, client, show):
        episode = PodcastEpisodePageFactory(parent=show)
        size = episode.audio.file.size
        head = client.head(episode.audio_url, HTTP_RANGE="bytes=0-9")
        assert head.status_code == 206 and head.content == b""
        assert head["Content-Range"] == f"bytes 0-9/{size}" and head["Content-Length"] == "10"
        etag = client.get(episode.audio_url)["ETag"]
        assert client.get(episode.audio_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        same = client.get(episode.audio_url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
        assert same.status_code == 206
        stale = client.get(episode.audio_url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
        assert stale.status_code == 200
        assert len(b"".join(stale.streaming_content)) == size

    def test_audio_of_drafts_and_private_episodes_is_not_public(self, client, show, superuser):
        draft = PodcastEpisodePageFactory(parent=show, title="Brouillon")
        draft.unpublish()
        private = PodcastEpisodePageFactory(parent=show, title="Réservé")
        make_private(private)
        unused = make_audio_media(title="Pas encore dans un épisode")
        unused_url = f"/audio/{unused.pk}/{unused.filename}"
        for url in (draft.audio_url, private.audio_url, unused_url):
            assert client.get(url).status_code == 404
        client.force_login(superuser)  # editors listen before publishing
        for url in (draft.audio_url, private.audio_url, unused_url):
            assert client.get(url).status_code == 200


class TestAudioFacts:
    def test_duration_size_and_type_are_read_from_the_file(self):
        data = make_wav(seconds=3.0)
        facts = read_audio_facts(io.BytesIO(data), "entretien.wav")
        assert facts.duration == pytest.approx(3.0, abs=0.01)
        assert facts.size == len(data)
        assert facts.mime_type == "audio/wav"

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"Ceci est un texte, pas un son." * 20, "faux.mp3", "n'est pas un fichier son"),
            (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 5, "abime.wav", "abîmé"),
            (b"", "vide.mp3", "vide"),
        ],
    )
    def test_bad_files_are_refused_in_french(self, content, name, message):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            read_audio_facts(io.BytesIO(content), name)
        assert message in " ".join(error.value.messages)

    def test_too_large_is_refused_with_the_limit(self, settings):
        from django.core.exceptions import ValidationError

        settings.MAX_AUDIO_MB = 0
        with pytest.raises(ValidationError) as error:
            read_audio_facts(io.BytesIO(make_wav(1.0)), "long.wav")
        assert "la limite est de 0 Mo" in " ".join(error.value.messages)


def episode_form_data(media, **overrides):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    chapters = overrides.pop("chapters", [])
    data = {
        "title": "Titre à garder",
        "slug": "nouvel-episode",
        "summary": "Mon résumé à garder",
        "audio": media.pk,
        "published_on": "2026-03-01",
        "episode_type": "full",
        "show_notes": rich_text(""),
        "guests": inline_formset([]),
        "chapters": inline_formset(chapters),
        "further_links": inline_formset([]),
        "comments": inline_formset([]),
        "keywords": "",
        "transcript": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_episode_url(show):
    return f"/admin/pages/add/podcasts/podcastepisodepage/{show.pk}/"


@pytest.mark.django_db
class TestAdminUploads:
    def test_media_upload_reads_duration_and_refuses_fakes_keeping_the_title(
        self, client, superuser
    ):
        client.force_login(superuser)
        url = "/admin/media/audio/add/"
        fake = SimpleUploadedFile(
            "entretien.mp3", b"juste du texte " * 50, content_type="audio/mpeg"
        )
        response = client.post(
            url, {"title": "Mon entretien précieux", "file": fake, "collection": 1, "tags": ""}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "pas un fichier son" in html
        assert "Mon entretien précieux" in html
        assert not get_media_model().objects.filter(title="Mon entretien précieux").exists()

        lying = SimpleUploadedFile("entretien.mp3", make_wav(1.0), content_type="audio/mpeg")
        response = client.post(
            url, {"title": "Extension trompeuse", "file": lying, "collection": 1, "tags": ""}
        )
        assert "se termine par « .mp3 » mais il contient du son WAVE" in response.content.decode()

        real = SimpleUploadedFile("entretien.wav", make_wav(2.5), content_type="audio/wav")
        response = client.post(
            url, {"title": "Entretien réel", "file": real, "collection": 1, "tags": ""}
        )
        media = get_media_model().objects.get(title="Entretien réel")
        assert media.duration == pytest.approx(2.5, abs=0.01)

    def test_replacing_the_file_in_the_library_updates_the_episode_and_the_feed(
        self, client, superuser, show
    ):
        episode = PodcastEpisodePageFactory(parent=show, audio=make_audio_media(seconds=1.0))
        client.force_login(superuser)
        longer = make_wav(4.0)
        response = client.post(
            f"/admin/media/edit/{episode.audio.pk}/",
            {
                "title": episode.audio.title,
                "file": SimpleUploadedFile("remonte.wav", longer, content_type="audio/wav"),
                "collection": 1,
                "tags": "",
            },
        )
        assert response.status_code == 302
        episode.refresh_from_db()
        assert episode.audio_size == len(longer)
        assert episode.audio_duration == pytest.approx(4.0, abs=0.01)
        feed = client.get(f"/podcasts/{show.slug}/feed.xml").content.decode()
        assert f'length="{len(longer)}"' in feed and "<itunes:duration>00:00:04<" in feed

    def test_deleting_the_file_in_the_library_keeps_the_episode_out_of_the_feed(
        self, client, superuser, show
    ):
        kept = PodcastEpisodePageFactory(parent=show, title="Gardé")
        gone = PodcastEpisodePageFactory(parent=show, title="Son supprimé")
        client.force_login(superuser)
        response = client.post(f"/admin/media/delete/{gone.audio.pk}/")
        assert response.status_code == 302
        gone.refresh_from_db()
        assert gone.live and gone.audio is None
        feed = client.get(f"/podcasts/{show.slug}/feed.xml").content.decode()
        assert "Gardé" in feed and "Son supprimé" not in feed
        page = client.get(gone.url).content.decode()
        assert "<audio" not in page and kept.audio_url not in page

    def test_episode_form_reads_facts_and_refuses_a_corrupt_file_keeping_input(
        self, client, superuser, show
    ):
        client.force_login(superuser)
        good = make_audio_media(seconds=1.5)
        broken = make_audio_media(title="Abîmé")
        with broken.file.open("wb") as handle:
            handle.write(b"RIFF\x24\x00\x00\x00WAVEfmt garbage")

        refused = client.post(add_episode_url(show), episode_form_data(broken))
        html = refused.content.decode()
        assert refused.status_code == 200
        assert "abîmé" in html
        assert "Titre à garder" in html and "Mon résumé à garder" in html

        accepted = client.post(
            add_episode_url(show), episode_form_data(good, title="Épisode accepté")
        )
        assert accepted.status_code == 302
        episode = PodcastEpisodePage.objects.get(title="Épisode accepté")
        assert episode.audio_duration == pytest.approx(1.5, abs=0.01)
        assert episode.audio_size == good.file.size
        assert episode.audio_mime_type == "audio/wav"

    def test_chapters_are_typed_as_time_codes_within_the_audio(self, client, superuser, show):
        client.force_login(superuser)
        media = make_audio_media(seconds=75.0)

        def chapters(*rows):
            return [{"start_seconds": start, "title": title} for start, title in rows]

        typo = client.post(
            add_episode_url(show),
            episode_form_data(media, chapters=chapters(("une minute", "Le débat"))),
        )
        assert "heures:minutes:secondes" in typo.content.decode()
        assert "Le débat" in typo.content.decode()
        too_late = client.post(
            add_episode_url(show),
            episode_form_data(media, chapters=chapters(("0:00", "Début"), ("01:20", "Après"))),
        )
        assert "après la fin du son (00:01:15)" in too_late.content.decode()
        accepted = client.post(
            add_episode_url(show),
            episode_form_data(
                media, title="Chapitré", chapters=chapters(("0", "Début"), ("1:05", "Le débat"))
            ),
        )
        assert accepted.status_code == 302
        episode = PodcastEpisodePage.objects.get(title="Chapitré")
        assert [(c.start_seconds, c.title) for c in episode.chapters.all()] == [
            (0, "Début"),
            (65, "Le débat"),
        ]
        edit = client.get(f"/admin/pages/{episode.pk}/edit/").content.decode()
        assert 'value="00:01:05"' in edit

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("notes.txt", VTT, "WebVTT (.vtt) ou SRT (.srt)"),
            ("faux.vtt", "Bonjour\n", "ne commence pas par « WEBVTT »"),
            ("vide.srt", "1\nBonjour\n", "aucun passage minuté"),
        ],
    )
    def test_transcript_file_must_be_webvtt_or_srt(
        self, client, superuser, show, name, content, message
    ):
        client.force_login(superuser)
        media = make_audio_media()
        document = make_document(name, content)
        response = client.post(
            add_episode_url(show), episode_form_data(media, transcript_file=document.pk)
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html and "Titre à garder" in html

    def test_a_webvtt_transcript_is_accepted_and_searchable(self, client, superuser, show):
        client.force_login(superuser)
        document = make_document("sous-titres.vtt", VTT)
        response = client.post(
            add_episode_url(show),
            episode_form_data(make_audio_media(), title="Sous-titré", transcript_file=document.pk),
        )
        assert response.status_code == 302
        episode = PodcastEpisodePage.objects.get(title="Sous-titré")
        [attachment] = episode.get_search_attachments()
        assert attachment.kind == "transcript"
        assert attachment.text == "Bonjour et bienvenue.\nOn parle de coopération."

    @pytest.mark.parametrize(
        ("size", "fmt", "message"),
        [
            ((1400, 1000), "JPEG", "carrée"),
            ((1000, 1000), "PNG", "entre 1400 et 3000"),
            ((3200, 3200), "JPEG", "entre 1400 et 3000"),
            ((1400, 1400), "GIF", "JPEG ou PNG"),
        ],
    )
    def test_wrong_artwork_is_refused_keeping_input(
        self, client, superuser, show, size, fmt, message
    ):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data

        image = make_image(size, fmt)
        client.force_login(superuser)
        data = nested_form_data(
            {
                "title": "Nouveau nom gardé",
                "slug": show.slug,
                "description": "Une description gardée",
                "artwork": image.pk,
                "author": show.author,
                "owner_name": show.owner_name,
                "owner_email": show.owner_email,
                "category": show.category,
                "language": "fr",
                "comments": inline_formset([]),
                "keywords": "",
            }
        )
        response = client.post(f"/admin/pages/{show.pk}/edit/", data)
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert "Nouveau nom gardé" in html and "Une description gardée" in html
        show.refresh_from_db()
        assert show.artwork is None and show.title == "Les voix du Maillage"
