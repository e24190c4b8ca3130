"""The audit's set-up, built once per module: two groups, each with a writer and an editor, the
committee, an anonymous reader; in group A a marked secret draft, a private page, private
documents and images; a draft and a private podcast episode.

Every marked title contains « SECRET » so that a test can tell a leak from a legitimate listing.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Comment, PageViewRestriction

from podcasts.factories import (
    PodcastEpisodePageFactory,
    PodcastIndexPageFactory,
    PodcastShowPageFactory,
    make_audio_media,
)
from tests.utils import ensure_site_tree, publish
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import GroupEditorialSetup, MeetingMinutesPage
from working_groups.provisioning import add_member, provision_committee

ACTORS = ["writer_a", "editor_a", "writer_b", "editor_b", "committee", "anonymous"]
PASSWORD = "mot-de-passe-de-la-page"  # noqa: S105


def _document(title, filename, collection, content=b"Contenu confidentiel.\n"):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def _image(title, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 120, 60)).save(buffer, format="PNG")
    image = get_image_model()(title=title, collection=collection)
    image.file.save("photo-interne.png", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = 40, 30
    image.save()
    return image


def build_audit_world():
    home = ensure_site_tree()
    index = WorkingGroupIndexPageFactory(parent=home)
    group_a = WorkingGroupPageFactory(parent=index, title="Groupe A", short_name="A", slug="a")
    group_b = WorkingGroupPageFactory(parent=index, title="Groupe B", short_name="B", slug="b")
    setup_a = GroupEditorialSetup.objects.get(page=group_a)
    User = get_user_model()

    def person(username, group_page=None, role="writer"):
        user = User.objects.create_user(username=username, email=f"{username}@example.org")
        if group_page is None:
            user.groups.add(provision_committee())
        else:
            add_member(group_page, user, role)
        return user

    people = {
        "writer_a": person("writer_a", group_a, "writer"),
        "editor_a": person("editor_a", group_a, "editor"),
        "writer_b": person("writer_b", group_b, "writer"),
        "editor_b": person("editor_b", group_b, "editor"),
        "committee": person("committee"),
    }
    collection = setup_a.collection
    draft_doc = _document("Note SECRET du brouillon", "note-brouillon.txt", collection)
    private_doc = _document("Annexe SECRET réservée", "annexe-reservee.txt", collection)
    public_doc = _document("Relevé public", "releve-public.txt", collection, b"Public.\n")
    image = _image("Photo SECRET interne", collection)

    public = MeetingMinutesPageFactory(parent=group_a, title="Rencontre publique du groupe A")
    public.documents.create(document=public_doc)
    public.keywords.add("motpublic")
    public.save()
    public = publish(MeetingMinutesPage.objects.get(pk=public.pk))

    private = MeetingMinutesPageFactory(parent=group_a, title="Compte-rendu SECRET réservé")
    private.documents.create(document=private_doc)
    private.save()
    private = publish(MeetingMinutesPage.objects.get(pk=private.pk))
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )

    # Created last: the newest minutes, so that « last edited » in reports would name it.
    draft = MeetingMinutesPageFactory(
        parent=group_a, title="Brouillon SECRET du groupe A", live=False, owner=people["writer_a"]
    )
    draft.documents.create(document=draft_doc)
    draft.keywords.add("motsecretbrouillon")
    draft.save()
    revision = draft.save_revision(user=people["writer_a"])
    Comment.objects.create(
        page=draft,
        user=people["editor_a"],
        text="Remarque SECRET de relecture",
        contentpath="title",
        revision_created=revision,
    )
    # A second revision, so that revisions can be compared and reverted.
    draft.summary = "Résumé revu."
    draft.save_revision(user=people["writer_a"])
    # An alias of the draft (not live either), for « convert alias ».
    alias = draft.create_alias(parent=group_a, update_slug="alias-du-brouillon")

    # Submitted to group A's review: a task that A's editors (and the committee) approve.
    submitted = MeetingMinutesPageFactory(
        parent=group_a, title="Soumission SECRET du groupe A", live=False, owner=people["writer_a"]
    )
    submitted.save_revision(user=people["writer_a"])
    submitted.get_workflow().start(submitted, people["writer_a"])
    # Locked by A's editor: the locked-pages report names it.
    private.locked, private.locked_by, private.locked_at = True, people["editor_a"], timezone.now()
    private.save(update_fields=["locked", "locked_by", "locked_at"])

    podcasts = PodcastIndexPageFactory(parent=home)
    provision_committee()  # the podcast section now exists: the committee gets its rights
    show = PodcastShowPageFactory(parent=podcasts, title="Les voix", slug="les-voix")
    episode_public = publish(PodcastEpisodePageFactory(parent=show, title="Épisode public"))
    episode_private = publish(
        PodcastEpisodePageFactory(
            parent=show,
            title="Épisode SECRET réservé",
            audio=make_audio_media(title="Son SECRET réservé", filename="reserve.wav"),
        )
    )
    PageViewRestriction.objects.create(
        page=episode_private, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    episode_draft = PodcastEpisodePageFactory(
        parent=show,
        title="Épisode SECRET en préparation",
        live=False,
        audio=make_audio_media(title="Son SECRET en préparation", filename="preparation.wav"),
    )
    episode_draft.save_revision()
    return {
        "people": {name: user.pk for name, user in people.items()},
        "group_a": group_a.pk,
        "group_b": group_b.pk,
        "collection_a": collection.pk,
        "draft": draft.pk,
        "alias": alias.pk,
        "submitted": submitted.pk,
        "show": show.pk,
        "revision_first": draft.revisions.order_by("created_at", "pk").first().pk,
        "revision_latest": draft.revisions.order_by("created_at", "pk").last().pk,
        "workflow_state": submitted.current_workflow_state.pk,
        "task_state": submitted.current_workflow_task_state.pk,
        "task": submitted.current_workflow_task.pk,
        "media_private": episode_private.audio_id,
        "media_draft": episode_draft.audio_id,
        "private": private.pk,
        "public": public.pk,
        "draft_doc": draft_doc.pk,
        "private_doc": private_doc.pk,
        "public_doc": public_doc.pk,
        "image": image.pk,
        "episode_public": episode_public.pk,
        "episode_private": episode_private.pk,
        "episode_draft": episode_draft.pk,
    }


@pytest.fixture(scope="module")
def audit_ids(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_audit_world()
        transaction.set_rollback(True)


@pytest.fixture
def audit(audit_ids, db):
    return audit_ids


@pytest.fixture
def as_actor(client, audit):
    """`as_actor(name)`: the test client logged in as that actor (or anonymous)."""
    User = get_user_model()

    def log_in(name):
        client.logout()
        if name != "anonymous":
            client.force_login(User.objects.get(pk=audit["people"][name]))
        return client

    return log_in
