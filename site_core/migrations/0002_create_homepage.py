from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("site_core.HomePage")

    # Replace Wagtail's default "Welcome" page (a plain Page) by our HomePage.
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()

    homepage_content_type, __ = ContentType.objects.get_or_create(
        model="homepage", app_label="site_core"
    )
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", site_name="Maillage", root_page=homepage, is_default_site=True
    )


def remove_homepage(apps, schema_editor):
    # The content type stays, as Django leaves those of every deleted model
    # (`remove_stale_contenttypes` clears them): rows of other apps, such as Wagtail's search
    # index entries, may still point at it, and `create_homepage` gets it again.
    HomePage = apps.get_model("site_core.HomePage")
    HomePage.objects.filter(slug="accueil", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_core", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
