import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from tests.utils import publish
from working_groups.factories import WorkingGroupPageFactory
from working_groups.models import GroupEditorialSetup
from working_groups.provisioning import (
    COMMITTEE_GROUP_NAME,
    provision_all,
    provision_committee,
    provision_group,
)


def snapshot():
    """Everything provisioning writes, as comparable sets."""
    return {
        "groups": set(Group.objects.values_list("name", flat=True)),
        "page_perms": set(
            GroupPagePermission.objects.values_list(
                "group__name", "page_id", "permission__codename"
            )
        ),
        "collection_perms": set(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        ),
        "collections": set(Collection.objects.values_list("name", flat=True)),
        "workflows": set(Workflow.objects.values_list("name", "active")),
        "workflow_pages": set(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "tasks": set(GroupApprovalTask.objects.values_list("name", "groups__name")),
        "setups": GroupEditorialSetup.objects.count(),
    }


@pytest.mark.django_db
class TestProvisioning:
    def test_creating_a_group_page_provisions_its_editorial_set_up(self, group_a):
        setup = GroupEditorialSetup.objects.get(page=group_a)

        assert setup.writers.name == "PRAXIS — rédaction"
        assert setup.editors.name == "PRAXIS — édition"
        writer_perms = set(
            GroupPagePermission.objects.filter(group=setup.writers).values_list(
                "page_id", "permission__codename"
            )
        )
        assert writer_perms == {(group_a.pk, "add_page")}
        editor_perms = set(
            GroupPagePermission.objects.filter(group=setup.editors).values_list(
                "page_id", "permission__codename"
            )
        )
        assert editor_perms == {
            (group_a.pk, f"{action}_page")
            for action in ("add", "change", "publish", "lock", "unlock")
        }
        for group in (setup.writers, setup.editors):
            assert group.permissions.filter(codename="access_admin").exists()

        assert setup.collection.name == "PRAXIS — Pratiques d'accompagnement"
        assert setup.collection.get_parent().name == "Groupes de travail"
        assert set(
            GroupCollectionPermission.objects.filter(group=setup.writers).values_list(
                "collection_id", "permission__codename"
            )
        ) == {
            (setup.collection.pk, codename)
            for codename in ("add_document", "choose_document", "add_image", "choose_image")
        }
        assert (
            GroupCollectionPermission.objects.filter(
                group=setup.editors, collection=setup.collection
            ).count()
            == 8
        )

        assert WorkflowPage.objects.get(page=group_a).workflow == setup.workflow
        assert setup.workflow.active
        assert [t.specific for t in setup.workflow.tasks] == [setup.task]
        assert set(setup.task.groups.values_list("name", flat=True)) == {
            "PRAXIS — édition",
            COMMITTEE_GROUP_NAME,
        }

    def test_the_minutes_of_a_group_go_through_the_group_workflow(self, group_a, group_b):
        from working_groups.factories import MeetingMinutesPageFactory

        minutes = MeetingMinutesPageFactory(parent=group_a, live=False)
        assert minutes.get_workflow() == GroupEditorialSetup.objects.get(page=group_a).workflow
        assert minutes.get_workflow() != GroupEditorialSetup.objects.get(page=group_b).workflow

    def test_provisioning_twice_changes_nothing(self, group_a, group_b):
        before = snapshot()
        provision_group(group_a)
        provision_group(group_a)
        provision_all()
        provision_committee()
        assert snapshot() == before

    def test_renaming_the_short_name_renames_everything_in_place(self, group_a):
        setup = GroupEditorialSetup.objects.get(page=group_a)
        ids = (setup.writers_id, setup.editors_id, setup.collection_id, setup.workflow_id)

        group_a.short_name = "ACCOMP"
        group_a.title = "Accompagner ensemble"
        publish(group_a)

        setup.refresh_from_db()
        assert (setup.writers_id, setup.editors_id, setup.collection_id, setup.workflow_id) == ids
        assert setup.writers.name == "ACCOMP — rédaction"
        assert setup.editors.name == "ACCOMP — édition"
        assert setup.collection.name == "ACCOMP — Accompagner ensemble"
        assert setup.workflow.name == "ACCOMP — relecture"
        assert not Group.objects.filter(name__startswith="PRAXIS").exists()

    def test_a_draft_rename_waits_for_publication(self, group_a):
        group_a.short_name = "BROUILLON"
        group_a.save_revision()
        assert Group.objects.filter(name="PRAXIS — rédaction").exists()
        assert not Group.objects.filter(name__startswith="BROUILLON").exists()

    def test_members_stay_in_the_renamed_groups(self, group_a, make_user):
        writer = make_user("w", group_page=group_a)
        group_a.short_name = "NOUVEAU"
        publish(group_a)
        assert list(writer.groups.values_list("name", flat=True)) == ["NOUVEAU — rédaction"]

    def test_moving_a_group_keeps_its_set_up(self, group_a, groups_index):
        other_group = WorkingGroupPageFactory(parent=groups_index, short_name="AUTRE")
        before = snapshot()
        group_a.move(groups_index, pos="last-child")
        group_a.refresh_from_db()
        assert snapshot() == before
        assert other_group.pk != group_a.pk

    def test_deleting_a_group_removes_its_groups_workflow_and_empty_collection(self, group_a):
        setup = GroupEditorialSetup.objects.get(page=group_a)
        collection_id, workflow_id = setup.collection_id, setup.workflow_id

        Page.objects.get(pk=group_a.pk).delete()

        assert not Group.objects.filter(name__startswith="PRAXIS").exists()
        assert not Workflow.objects.filter(pk=workflow_id).exists()
        assert not GroupApprovalTask.objects.filter(name__contains="PRAXIS").exists()
        assert not Collection.objects.filter(pk=collection_id).exists()
        assert not GroupEditorialSetup.objects.exists()
        assert Group.objects.filter(name=COMMITTEE_GROUP_NAME).exists()

    def test_deleting_a_group_keeps_its_documents(self, group_a):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document

        setup = GroupEditorialSetup.objects.get(page=group_a)
        document = Document(title="Ordre du jour", collection=setup.collection)
        document.file.save("odj.txt", ContentFile(b"Ordre du jour"), save=False)
        document.save()

        group_a.delete()

        document.refresh_from_db()
        assert document.collection.name == "PRAXIS — Pratiques d'accompagnement (groupe supprimé)"
        assert not GroupCollectionPermission.objects.filter(collection=document.collection).exists()

    def test_two_groups_cannot_share_a_short_name(self, group_a, groups_index):
        from django.core.exceptions import ValidationError

        clash = WorkingGroupPageFactory.build(title="Copie", slug="copie", short_name="praxis")
        clash.path, clash.depth = groups_index.path + "0009", groups_index.depth + 1
        with pytest.raises(ValidationError) as error:
            clash.clean()
        assert "Pratiques d'accompagnement" in str(error.value)


@pytest.mark.django_db
class TestDefaultGroups:
    def test_default_groups_have_no_site_wide_rights_after_migrations_and_provisioning(
        self, group_a, group_b
    ):
        provision_all()
        for name in ("Editors", "Moderators"):
            group = Group.objects.filter(name=name).first()
            if group is None:  # a flushed (transactional) database has none
                continue
            assert not group.page_permissions.exists()
            assert not group.collection_permissions.exists()
            assert not group.permissions.exists()
        root = Page.get_first_root_node()
        assert not WorkflowPage.objects.filter(page=root).exists()
        assert not Workflow.objects.filter(name="Moderators approval").exists()

    def test_default_groups_exist_and_are_stripped_by_the_migration(self):
        # The test database is built by the migrations: Wagtail created both groups, ours
        # stripped them.
        assert Group.objects.filter(name__in=["Editors", "Moderators"]).count() == 2
        assert not GroupPagePermission.objects.filter(
            group__name__in=["Editors", "Moderators"]
        ).exists()

    def test_committee_has_rights_on_the_groups_index_and_the_whole_library(self, groups_index):
        committee = provision_committee()
        codenames = set(
            GroupPagePermission.objects.filter(group=committee, page=groups_index).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
        root_collection = Collection.get_first_root_node()
        assert (
            GroupCollectionPermission.objects.filter(
                group=committee, collection=root_collection
            ).count()
            == 8
        )


@pytest.mark.django_db
class TestCommitteeSections:
    def test_a_page_class_flagged_for_the_committee_gets_its_workflow(self, home_page):
        from site_core.models import StandardPage

        section = StandardPage(title="Ressources", slug="ressources")
        home_page.add_child(instance=section)
        StandardPage.uses_committee_workflow = True
        try:
            provision_committee()
            committee = Group.objects.get(name=COMMITTEE_GROUP_NAME)
            workflow = WorkflowPage.objects.get(page=section).workflow
            assert workflow.name == "Comité éditorial — relecture"
            assert list(workflow.tasks.first().specific.groups.all()) == [committee]
            assert GroupPagePermission.objects.filter(
                group=committee, page=section, permission__codename="publish_page"
            ).exists()
        finally:
            StandardPage.uses_committee_workflow = False
        provision_committee()
        assert not WorkflowPage.objects.filter(page=section).exists()
        assert not GroupPagePermission.objects.filter(page=section).exists()


@pytest.mark.django_db
class TestAddGroupMemberCommand:
    def test_adds_a_writer_and_an_editor(self, group_a, django_user_model):
        alice = django_user_model.objects.create_user("alice")
        bob = django_user_model.objects.create_user("bob")
        call_command("add_group_member", "praxis", "alice", "--role", "writer")
        call_command("add_group_member", "PRAXIS", "bob", "--role", "editor")
        assert list(alice.groups.values_list("name", flat=True)) == ["PRAXIS — rédaction"]
        assert list(bob.groups.values_list("name", flat=True)) == ["PRAXIS — édition"]

    def test_unknown_group_or_user_is_a_clear_error(self, group_a, django_user_model):
        django_user_model.objects.create_user("alice")
        with pytest.raises(CommandError, match="PRAXIS"):
            call_command("add_group_member", "INCONNU", "alice")
        with pytest.raises(CommandError, match="personne"):
            call_command("add_group_member", "PRAXIS", "personne")


@pytest.mark.django_db
class TestCopyingAGroup:
    def test_the_admin_refuses_to_copy_a_group_page(self, client, superuser, group_a):
        client.force_login(superuser)
        response = client.get(f"/admin/pages/{group_a.pk}/copy/", follow=True)
        assert "ne peut pas être copié" in response.content.decode()
        assert Group.objects.filter(name__startswith="PRAXIS").count() == 2
