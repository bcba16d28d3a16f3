"""Forms of the vote pages: paper and event votes entered by staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from ..forms import choices, max_length, required

CHANNEL_LABELS = {
    "paper": _l("paper ballots"),
    "stand": _l("a stand or information booth"),
    "event": _l("an event (e.g. a citizens' meeting)"),
}
PAPER_MAX = 1_000_000


def _whole_number(low: int, high: int) -> list:
    return [InputRequired(_l("Please fill in this field.")),
            NumberRange(low, high, _l("Between %(min)s and %(max)s, please."))]


class PaperVoteForm(FlaskForm):
    proposal_id = IntegerField(
        _l("Number of the idea"), validators=_whole_number(1, 2**31 - 1),
        description=_l("The number in the idea's address, as printed on the ballot."))
    count = IntegerField(_l("Votes"), validators=_whole_number(0, PAPER_MAX))
    channel = SelectField(_l("Collected on"), validators=[required()],
                          choices=choices(CHANNEL_LABELS.items()))
    note = TextAreaField(_l("Note (optional)"), validators=[max_length(500)],
                         description=_l("For example: the ballot box at the town hall, "
                                        "counted on 12 May by two people."),
                         render_kw={"rows": 2, "maxlength": 500})


class PaperCorrectionForm(FlaskForm):
    count = IntegerField(_l("Correct number of votes"), validators=_whole_number(0, PAPER_MAX))
    reason = TextAreaField(_l("Why is it corrected?"), validators=[required(), max_length(500)],
                           render_kw={"rows": 2, "maxlength": 500})
