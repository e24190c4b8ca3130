"""The admin form of meeting minutes: a counted sequence number and a slug that never clashes."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .slugs import dated_slug, next_sequence_number, unique_slug


class MeetingMinutesForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("sequence_number")
        if field is not None and self.parent_page is not None and not self.instance.pk:
            field.initial = next_sequence_number(self.parent_page)

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
