"""The import of minutes from a word processor's document (the writer's dashboard links here)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importing import ImportRefused, create_draft, read_document
from .models import MeetingMinutesPage, WorkingGroupPage


class ImportMinutesForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Document of the minutes (.docx or .odt)"),
        help_text=gettext_lazy(
            "The title, the meeting date, the participants and the text become a draft that you "
            "review before submitting it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt"}),
    )


def import_minutes(request, group_pk):
    group = get_object_or_404(WorkingGroupPage, pk=group_pk)
    if not group.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if MeetingMinutesPage not in group.specific_class.creatable_subpage_models():
        raise PermissionDenied
    form = ImportMinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
                # Refused before reading it into memory.
                raise ImportRefused(
                    _("This file is larger than %(limit)s MB.") % {"limit": settings.MAX_UPLOAD_MB}
                )
            imported = read_document(upload.name, upload.read())
        except ImportRefused as refused:
            form.add_error("document", str(refused))
        else:
            page, problems = create_draft(group, request.user, imported, upload.name)
            if problems:
                messages.warning(
                    request,
                    _(
                        "The draft “%(title)s” was created. Some parts need checking: they are "
                        "listed at the top of the text."
                    )
                    % {"title": page.title},
                )
            else:
                messages.success(
                    request,
                    _("The draft “%(title)s” was created: review it, then submit it.")
                    % {"title": page.title},
                )
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "working_groups/admin/import_minutes.html",
        {"form": form, "group": group, "page_title": _("Import minutes")},
    )
