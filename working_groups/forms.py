"""The admin form of meeting minutes: a counted sequence number, a slug that never clashes, and
a `follows` select offering only the group's own open actions."""

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
