"""Forms of the vote pages: paper and event votes entered by staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

from ..forms import LocaleIntegerField, choices, max_length, number_between, required

CHANNEL_LABELS = {
    "paper": _l("paper ballots"),
    "stand": _l("a stand or information booth"),
    "event": _l("an event (e.g. a citizens' meeting)"),
}
PAPER_MAX = 1_000_000


class PaperVoteForm(FlaskForm):
    proposal_id = LocaleIntegerField(
        _l("Number of the idea"), validators=number_between(1, 2**31 - 1), grouping=False,
        description=_l("The number in the idea's address, as printed on the ballot."))
    count = LocaleIntegerField(_l("Votes"), validators=number_between(0, PAPER_MAX))
    channel = SelectField(_l("Collected on"), validators=[required()],
                          choices=choices(CHANNEL_LABELS.items()))
    note = TextAreaField(_l("Note (optional)"), validators=[max_length(500)],
                         description=_l("For example: the ballot box at the town hall, "
                                        "counted on 12 May by two people."),
                         render_kw={"rows": 2, "maxlength": 500})


class PaperCorrectionForm(FlaskForm):
    count = LocaleIntegerField(_l("Correct number of votes"),
                               validators=number_between(0, PAPER_MAX))
    reason = TextAreaField(_l("Why is it corrected?"), validators=[required(), max_length(500)],
                           render_kw={"rows": 2, "maxlength": 500})
