"""The admin form of meeting minutes: a counted sequence number, a slug that never clashes, and
a `follows` select offering only the group's own open actions; the form of the booklets screen."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import dated_slug, next_sequence_number, unique_slug


class MeetingMinutesForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("sequence_number")
        if field is not None and self.parent_page is not None and not self.instance.pk:
            field.initial = next_sequence_number(self.parent_page)
        if self.parent_page is not None and "decisions" in getattr(self, "formsets", {}):
            limit_follows_to_group(self.formsets["decisions"], self.parent_page, self.instance)

    def clean(self):
        parent = self.parent_page
        data = self.cleaned_data
        if parent is not None:
            if "sequence_number" in self.fields and not data.get("sequence_number"):
                data["sequence_number"] = next_sequence_number(parent, self.instance.pk)
            slug, meeting_date = data.get("slug"), data.get("meeting_date")
            if slug and meeting_date and not self.instance.first_published_at:
                wanted = dated_slug(slug, meeting_date)
                chosen = unique_slug(wanted, parent, self.instance)
                data["slug"] = chosen
                if chosen != wanted:
                    # Said on the next screen (wagtail_hooks.tell_about_chosen_slug).
                    self.instance.slug_note = _(
                        "Other minutes of this group already use the address “%(wanted)s”: "
                        "these minutes get “%(chosen)s”. You can change it in the Promote tab."
                    ) % {"wanted": wanted, "chosen": chosen}
        return super().clean()


FOLLOWS_REFUSED = gettext_lazy(
    "Choose an open action decided at an earlier meeting of this group: this one is not."
)


def group_open_actions(group, minutes):
    """The open actions of the group's other minutes, plus those the page already follows."""
    from .choices import DecisionKind, DecisionStatus
    from .models import MeetingMinutesDecision

    rows = MeetingMinutesDecision.objects.filter(
        page__path__startswith=group.path,
        page__depth=group.depth + 1,
        kind=DecisionKind.ACTION,
        status__in=DecisionStatus.open_values(),
    )
    if minutes.pk:
        rows = rows.exclude(page_id=minutes.pk)
        followed = MeetingMinutesDecision.objects.filter(
            page_id=minutes.pk, follows__isnull=False
        ).values("follows_id")
        rows = MeetingMinutesDecision.objects.filter(
            Q(pk__in=rows.values("pk")) | Q(pk__in=followed)
        )
    return rows.select_related("page").order_by("-page__meeting_date", "sort_order")


def limit_follows_to_group(formset, group, minutes):
    """Every decision row's `follows` select (the empty template row too) lists only the
    group's open actions; a value from elsewhere, forged in the POST, is refused in French."""
    queryset = group_open_actions(group, minutes)
    base = formset.form

    class GroupDecisionForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            limit_field(self, queryset)

    GroupDecisionForm.__name__ = base.__name__
    formset.form = GroupDecisionForm
    for form in formset.__dict__.get("forms", []):  # forms already built, if any
        limit_field(form, queryset)


def limit_field(form, queryset):
    field = form.fields.get("follows")
    if field is not None:
        field.queryset = queryset
        field.label_from_instance = follows_label
        field.error_messages["invalid_choice"] = FOLLOWS_REFUSED


def follows_label(row) -> str:
    return f"{row.page.meeting_date:%d/%m/%Y} — {row.what[:80]}"


class PageIdsField(forms.Field):
    """The ids of the ticked pages (the screen draws the checkboxes itself)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return list(dict.fromkeys(int(item) for item in values))
        except (TypeError, ValueError):
            raise forms.ValidationError(
                gettext_lazy("The list of ticked pages cannot be read: show the pages again."),
                code="invalid",
            ) from None


class BookletForm(forms.Form):
    """What an editor chooses for a booklet (`booklet_views.py`): theme and/or keyword, a group
    and a period if wanted, then the ticked pages and the title (only needed to build)."""

    theme = forms.ModelChoiceField(
        label=gettext_lazy("Theme"), queryset=None, required=False, empty_label="—"
    )
    keyword = forms.CharField(
        label=gettext_lazy("Keyword"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("With a theme too, only the minutes that carry both."),
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("Working group"), queryset=None, required=False
    )
    date_from = forms.DateField(label=gettext_lazy("Meetings from"), required=False)
    date_to = forms.DateField(label=gettext_lazy("Meetings until"), required=False)
    title = forms.CharField(
        label=gettext_lazy("Title of the booklet"),
        max_length=200,
        required=False,
        error_messages={"required": gettext_lazy("Give the booklet a title.")},
    )
    pages = PageIdsField(required=False)

    def __init__(self, user, *args, building=False, **kwargs):
        from site_core.dates import FrenchDateInput, date_field_override
        from site_core.models import Theme

        from .booklets import assemblable_groups, may_assemble_network

        super().__init__(*args, **kwargs)
        self.building = building
        self.network = may_assemble_network(user)
        self.fields["theme"].queryset = Theme.objects.all()
        group = self.fields["group"]
        group.queryset = assemblable_groups(user)
        group.required = not self.network
        group.empty_label = _("The whole network") if self.network else "—"
        if not self.network and len(group.queryset) == 1:
            group.initial = group.queryset[0].pk
        group.error_messages["invalid_choice"] = _(
            "Choose one of the groups you edit: this one is not."
        )
        for name in ("date_from", "date_to"):
            field = self.fields[name]
            override = date_field_override(None)
            field.input_formats = override["input_formats"]
            field.error_messages.update(override["error_messages"])
            field.widget = FrenchDateInput()
        self.fields["title"].required = building

    def clean_keyword(self):
        from site_core.models import Keyword

        name = self.cleaned_data["keyword"].strip()
        if not name:
            return None
        keyword = (
            Keyword.objects.filter(name__iexact=name).first()
            or Keyword.objects.filter(slug=name.lower()).first()
        )
        if keyword is None:
            raise forms.ValidationError(
                _("No keyword is called “%(name)s”: check its spelling.") % {"name": name},
                code="unknown",
            )
        return keyword

    def clean(self):
        data = super().clean()
        if not data.get("theme") and not data.get("keyword") and "keyword" not in self.errors:
            raise forms.ValidationError(
                _("Choose a theme or a keyword (or both)."), code="no_criterion"
            )
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def criteria(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name) for name in ("theme", "keyword", "group", "date_from", "date_to")
        }

    def default_title(self) -> str:
        data = self.cleaned_data
        names = [item.name for item in (data.get("theme"), data.get("keyword")) if item]
        title = " — ".join(names)
        if data.get("group"):
            title = f"{data['group'].title}\u00a0: {title}"
        return title
