"""Wagtail's fresh install gives "Editors" and "Moderators" rights over the whole tree and puts a
"Moderators approval" workflow on the root page. Maillage's rights are per working group and per
section (working_groups.provisioning): take the site-wide ones away.
"""

from django.db import migrations

DEFAULT_GROUPS = ["Editors", "Moderators"]
DEFAULT_WORKFLOW = "Moderators approval"


def restrict_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")

    groups = Group.objects.filter(name__in=DEFAULT_GROUPS)
    GroupPagePermission.objects.filter(group__in=groups).delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    for group in groups:
        group.permissions.clear()

    root_ids = list(Page.objects.filter(depth=1).values_list("pk", flat=True))
    WorkflowPage.objects.filter(page_id__in=root_ids).delete()
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        Task.objects.filter(pk__in=task_ids, name=DEFAULT_WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(restrict_default_groups, migrations.RunPython.noop)]
