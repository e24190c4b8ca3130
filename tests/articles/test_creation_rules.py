"""Where each resource type may live, and creating them through Wagtail's admin form."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Page, WorkflowPage
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from articles.factories import ResourceIndexPageFactory
from articles.models import MethodSheetPage, ResourceIndexPage, WhitePaperPage
from site_core.demo_tools import make_pdf
from site_core.models import HomePage, StandardPage
from tests.utils import ensure_site_tree
from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory
from working_groups.models import MeetingMinutesPage, WorkingGroupPage


def sheet_form_data(title, steps, **extra):
    return nested_form_data(
        {
            "title": title,
            "summary": "",
            "objective": "Décider ensemble sans vote.",
            "audiences": "",
            "duration_label": "",
            "group_size_min": "",
            "group_size_max": "",
            "materials": "Un paperboard",
            "facilitation_tips": rich_text(""),
            "variants": rich_text(""),
            "keywords": "",
            "comments": inline_formset([]),
            "steps": inline_formset(steps, min=1),
            "related_sheet_links": inline_formset([]),
            **extra,
        }
    )


def paper_form_data(title, **extra):
    values = {
        "title": title,
        "summary": "",
        "abstract": rich_text("<p>Ce que nous avons appris.</p>"),
        "chapters": streamfield([]),
        "pdf": "",
        "consultation_opens": "",
        "consultation_closes": "",
        "keywords": "",
        "comments": inline_formset([]),
        "contributors": inline_formset([]),
        "sources": inline_formset([]),
    }
    values.update(extra)
    return nested_form_data(values)


class TestCreationRules(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_site_tree()
        cls.resources = ResourceIndexPageFactory(parent=cls.home)
        groups = WorkingGroupIndexPageFactory(parent=cls.home)
        cls.group = WorkingGroupPageFactory(parent=groups, short_name="CREA")

    def setUp(self):
        self.client.force_login(self.create_superuser("root", "root@example.org", "pw"))

    def assert_edit_form_round_trips_and_previews(self, page, expected_html, data=None):
        """Wagtail's assertPageIsEditable/Previewable log in with AUTHENTICATION_BACKENDS[0] (axes,
        which cannot load users): the same checks, with the client already logged in. Without
        `data`, the form is read back from the edit view's HTML (not possible for StreamFields,
        which the admin renders in JavaScript)."""
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        edit = self.client.get(edit_url)
        self.assertEqual(edit.status_code, 200)
        if data is None:
            data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        self.assertEqual(self.client.post(preview_url, data).json()["is_valid"], True)
        preview = self.client.get(preview_url)
        self.assertEqual(preview.status_code, 200)
        self.assertIn(expected_html, preview.content.decode())
        saved = self.client.post(edit_url, data)
        self.assertEqual(saved.status_code, 302)

    def test_where_each_type_may_live(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {MethodSheetPage, WhitePaperPage})
        for model in (MethodSheetPage, WhitePaperPage):
            self.assertAllowedParentPageTypes(model, {ResourceIndexPage, WorkingGroupPage})
            self.assertAllowedSubpageTypes(model, set())
            self.assertCanCreateAt(ResourceIndexPage, model)
            self.assertCanCreateAt(WorkingGroupPage, model)
            self.assertCanNotCreateAt(HomePage, model)
            self.assertCanNotCreateAt(MeetingMinutesPage, model)
            self.assertCanNotCreateAt(StandardPage, model)

    def test_the_resources_index_is_a_singleton(self):
        self.assertFalse(ResourceIndexPage.can_create_at(self.home))
        self.assertEqual(ResourceIndexPage.max_count, 1)

    def test_a_sheet_with_its_steps_is_created_through_the_admin_in_the_section(self):
        steps = [
            {
                "title": "Proposition",
                "instructions": "Une personne propose.",
                "duration_minutes": 5,
            },
            {"title": "Objections", "instructions": "Tour d'objections.", "duration_minutes": 15},
        ]
        self.assertCanCreate(
            self.resources,
            MethodSheetPage,
            sheet_form_data("Décision par consentement", steps)
            | {"origins": ["shared_governance", "cooperative_movement"]},
        )
        sheet = MethodSheetPage.objects.child_of(self.resources).get(
            slug="decision-par-consentement"
        )
        self.assertTrue(sheet.live)
        self.assertEqual([s.title for s in sheet.steps.all()], ["Proposition", "Objections"])
        self.assertEqual(sheet.total_duration, 20)
        self.assertEqual(sheet.origins, ["shared_governance", "cooperative_movement"])
        self.assertPageIsRenderable(sheet)
        self.assert_edit_form_round_trips_and_previews(sheet, "Tour d&#x27;objections")
        # The committee's workflow applies in the section.
        self.assertEqual(
            sheet.get_workflow(), WorkflowPage.objects.get(page=self.resources).workflow
        )

    def test_a_sheet_without_steps_cannot_be_published(self):
        url = f"/admin/pages/add/articles/methodsheetpage/{self.resources.pk}/"
        data = sheet_form_data("Sans étapes", [])
        data.update({"slug": "sans-etapes", "action-publish": "action-publish"})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].formsets["steps"].non_form_errors())
        self.assertFalse(Page.objects.filter(slug="sans-etapes").exists())

    def test_a_white_paper_is_created_inside_a_group_under_the_groups_workflow(self):
        pdf = Document(title="Version PDF")
        pdf.file.save("livre-blanc.pdf", ContentFile(make_pdf("Livre blanc", ["Texte."])))
        data = paper_form_data(
            "Livre blanc du groupe",
            pdf=pdf.pk,
            consultation_opens="2026-03-01",
            consultation_closes="2026-04-30",
            chapters=streamfield(
                [
                    (
                        "chapter",
                        {
                            "heading": "Constats",
                            "anchor": "",
                            "body": streamfield(
                                [("paragraph", rich_text("<p>Ce que nous avons vu.</p>"))]
                            ),
                        },
                    )
                ]
            ),
            contributors=inline_formset(
                [
                    {"name": "Aurélie Mas", "organisation": "SCOP L'Encre verte", "role": ""},
                    {"name": "", "organisation": "Réseau des tiers-lieux", "role": "relecture"},
                ]
            ),
            sources=inline_formset([{"source": self.resources.pk, "note": "le catalogue"}]),
        )
        data["slug"] = "livre-blanc-du-groupe"
        self.assertCanCreate(self.group, WhitePaperPage, data.copy())
        paper = WhitePaperPage.objects.child_of(self.group).get()
        self.assertEqual(paper.group_page.pk, self.group.pk)
        self.assertEqual(paper.pdf_id, pdf.pk)
        self.assertEqual(
            [str(c) for c in paper.contributors.all()],
            ["Aurélie Mas (SCOP L'Encre verte)", "Réseau des tiers-lieux"],
        )
        self.assertEqual([s.source_id for s in paper.sources.all()], [self.resources.pk])
        self.assertPageIsRenderable(paper)
        data.pop("action-publish", None)
        self.assert_edit_form_round_trips_and_previews(paper, 'id="constats"', data)
        self.assertEqual(paper.get_workflow(), WorkflowPage.objects.get(page=self.group).workflow)

    def test_a_contributor_row_needs_a_person_or_an_organisation(self):
        url = f"/admin/pages/add/articles/whitepaperpage/{self.resources.pk}/"
        data = paper_form_data(
            "Livre blanc anonyme",
            slug="anonyme",
            contributors=inline_formset([{"name": " ", "organisation": "", "role": "relecture"}]),
        )
        response = self.client.post(url, data)
        html = response.content.decode()
        self.assertTrue("Indiquez une personne, une organisation, ou les deux." in html)
        self.assertFalse(Page.objects.filter(slug="anonyme").exists())


@pytest.mark.django_db
class TestSheetInAGroup:
    def test_a_sheet_in_a_group_belongs_to_it(self, home_page):
        from articles.factories import MethodSheetPageFactory

        groups = WorkingGroupIndexPageFactory(parent=home_page)
        group = WorkingGroupPageFactory(parent=groups, short_name="GT2")
        sheet = MethodSheetPageFactory(parent=group)
        assert sheet.group_page.pk == group.pk
