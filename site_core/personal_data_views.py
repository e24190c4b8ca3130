"""The admin screen « Données personnelles »: export (JSON) or erase what one address left.

Reserved to users holding `site_core.manage_personal_data` (superusers hold every permission).
Erasing takes two steps: the counts to be erased, then a confirmation (POST, CSRF).
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import personal_data

ACTIONS = ("export", "review", "erase")


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        error_messages={"invalid": gettext_lazy("Enter a valid e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def _render(request, form, *, review=None, status=200):
    title = _("Personal data")
    return TemplateResponse(
        request,
        "site_core/admin/personal_data.html",
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "user",
            "form": form,
            "review": review,
        },
        status=status,
    )


def personal_data_view(request):
    if not personal_data.user_may_manage(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return _render(request, AddressForm())
    form = AddressForm(request.POST)
    action = request.POST.get("action")
    if action not in ACTIONS or not form.is_valid():
        if action not in ACTIONS:
            form.add_error(None, _("Choose to export or to erase."))
        return _render(request, form, status=400)
    email = personal_data.normalise(form.cleaned_data["email"])
    found = personal_data.counts(email)
    if not any(count for _source, count in found):
        messages.warning(request, _("Nothing is stored for %(email)s.") % {"email": email})
        return _render(request, form)
    if action == "export":
        data = json.dumps(personal_data.export_all(email), ensure_ascii=False, indent=2)
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
        filename = f"donnees-{slugify(email.replace('@', '-at-'))}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    if action == "review":
        return _render(request, form, review=found)
    erased = personal_data.erase_all(email)
    messages.success(
        request,
        _("Erased for %(email)s: %(detail)s.")
        % {
            "email": email,
            "detail": ", ".join(
                f"{source.label} ({erased.get(source.name, 0)})" for source, _count in found
            ),
        },
    )
    return HttpResponseRedirect(reverse("site_core_personal_data"))
