"""Admin form data for meeting minutes (what Wagtail's edit form posts)."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def minutes_form_data(
    *,
    title,
    slug,
    meeting_date,
    sequence_number,
    participants=(),
    decisions=(),
    documents=(),
    next_meeting_at="",
    next_meeting_place="",
    action=None,
    **extra,
):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "",
            "meeting_date": meeting_date,
            "sequence_number": sequence_number,
            "place": "",
            "synthesis_author": "",
            "body": streamfield([]),
            "next_meeting_at": next_meeting_at,
            "next_meeting_place": next_meeting_place,
            "next_meeting_agenda": "",
            "keywords": "",
            "seo_title": "",
            "search_description": "",
            "social_text": "",
            "comments": inline_formset([]),
            "participants": inline_formset(list(participants)),
            "decisions": inline_formset(list(decisions)),
            "documents": inline_formset(list(documents)),
            **extra,
        }
    )
    if action:
        data[f"action-{action}"] = "1"
    return data


def existing_minutes_form_data(page, **overrides):
    """Form data that re-posts `page` as it is (no rows), with `overrides`."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "meeting_date": page.meeting_date.isoformat(),
        "sequence_number": page.sequence_number,
    }
    values.update(overrides)
    return minutes_form_data(**values)
