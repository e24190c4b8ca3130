"""StreamField blocks of meeting minutes: the shared body plus questions raised and decisions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from site_core.blocks import BodyStreamBlock

from .choices import DecisionMode


class QuestionBlock(blocks.StructBlock):
    """A question the group raised, and what it answered if it did."""

    question = blocks.CharBlock(label=_("question"), max_length=300)
    answered = blocks.BooleanBlock(label=_("the group answered it"), required=False)
    answer = blocks.RichTextBlock(
        label=_("answer or lines of thought"),
        required=False,
        features=["bold", "italic", "link", "ul", "ol"],
    )

    class Meta:
        icon = "help"
        template = "working_groups/blocks/question_block.html"
        label = _("Question raised")
        description = _("A question the group raised, open or answered.")
        preview_value = {
            "question": "Comment accueillir les nouvelles structures sans épuiser les bénévoles ?",
            "answered": False,
            "answer": "<p>Piste : un binôme d'accueil par trimestre.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("answered") and not value.get("answer").source.strip():
            raise StructBlockValidationError(
                block_errors={
                    "answer": ValidationError(
                        _("Write the answer the group gave, or untick “the group answered it”.")
                    )
                }
            )
        return value


class DecisionBlock(blocks.StructBlock):
    """A decision told in the narrative of the meeting, with how it was taken."""

    decision = blocks.TextBlock(label=_("decision"))
    mode = blocks.ChoiceBlock(
        label=_("how it was taken"), choices=DecisionMode.choices, default=DecisionMode.CONSENT
    )
    votes_for = blocks.IntegerBlock(label=_("votes for"), required=False, min_value=0)
    votes_against = blocks.IntegerBlock(label=_("votes against"), required=False, min_value=0)
    abstentions = blocks.IntegerBlock(label=_("abstentions"), required=False, min_value=0)

    class Meta:
        icon = "tick-inverse"
        template = "working_groups/blocks/decision_block.html"
        label = _("Decision")
        description = _(
            "A decision of the meeting and how it was taken (consensus, consent, vote)."
        )
        preview_value = {
            "decision": "Le groupe ouvre ses rencontres aux structures non adhérentes.",
            "mode": "consent",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["mode_label"] = dict(DecisionMode.choices).get(value.get("mode"), "")
        return context

    def clean(self, value):
        value = super().clean(value)
        if value.get("mode") == DecisionMode.VOTE and value.get("votes_for") is None:
            raise StructBlockValidationError(
                block_errors={
                    "votes_for": ValidationError(
                        _("A decision taken by vote needs at least the number of votes for.")
                    )
                }
            )
        return value


class MinutesStreamBlock(BodyStreamBlock):
    """The body of minutes: sections (headings, paragraphs), questions, quotes.

    Decisions are rows of the page (« Ce qui a été décidé »), entered in that one place:
    `DecisionBlock` stays for migration 0003, which moved the old body decisions into rows.
    """

    question = QuestionBlock()


def decision_block_as_row_text(value: dict) -> str:
    """The text of a decision row for an old body « Décision » block: the decision, then how it
    was taken (the rows have no field for the mode)."""
    text = (value.get("decision") or "").strip()
    mode = value.get("mode")
    if mode == DecisionMode.VOTE:
        how = _(
            "decided by vote: %(for)s for, %(against)s against, %(abstentions)s abstentions"
        ) % {
            "for": value.get("votes_for") or 0,
            "against": value.get("votes_against") or 0,
            "abstentions": value.get("abstentions") or 0,
        }
    elif mode in DecisionMode.values:
        how = _("decided by %(mode)s") % {"mode": str(DecisionMode(mode).label).lower()}
    else:
        how = ""
    return f"{text} ({how})" if how else text


def split_body_decisions(body: list) -> tuple[list, list[str]]:
    """(the body without its « decision » blocks, the row texts of those decisions)."""
    kept, decisions = [], []
    for item in body:
        block_type, value = (item["type"], item["value"]) if isinstance(item, dict) else item
        if block_type == "decision":
            decisions.append(decision_block_as_row_text(value))
        else:
            kept.append(item)
    return kept, decisions
