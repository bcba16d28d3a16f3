"""Forms for preparing a workshop, joining one by code and publishing its results."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import LocaleIntegerField, NumberBetween, choices, max_length, required

TITLE_MAX = 120


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes, each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)],
                        render_kw={"maxlength": TITLE_MAX})
    starts_at = DateTimeLocalField(
        _l("Date and time (optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional()],
        description=_l("For example 2035-05-14 18:00."))
    dots_per_participant = LocaleIntegerField(
        _l("Dots per participant"), default=5,
        validators=[InputRequired(message=_l("Please fill in this field.")),
                    NumberBetween(1, 50, _l("Dots per participant must be between 1 and 50."))],
        description=_l("How many dots each participant may give in the dot voting (1 to 50)."),
        render_kw={"min": 1, "max": 50, "inputmode": "numeric"})
    approval_required = BooleanField(
        _l("Notes need approval"),
        description=_l("New notes show on the board only after you approve them."))
    proposals = CheckboxListField(
        _l("Ideas to put on the board as notes"), coerce=int, validators=[Optional()],
        invalid_choice_message=_l("Only public ideas of this process can be imported."))

    def starts_at_utc(self) -> datetime | None:
        """The entered local time (the city's time zone) as an aware UTC datetime."""
        if self.starts_at.data is None:
            return None
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        return self.starts_at.data.replace(tzinfo=zone).astimezone(UTC)


class JoinForm(FlaskForm):
    code = StringField(_l("Workshop code"), validators=[required(), max_length(20)],
                       description=_l("The code is shown on the projector, for example ABC234."),
                       render_kw={"maxlength": 20, "autocomplete": "off",
                                  "autocapitalize": "characters", "spellcheck": "false"})


class PublishForm(FlaskForm):
    mode = RadioField(
        _l("Turn the board into ideas"), default="cards",
        choices=choices([
            ("cards", _l("one idea per note")),
            ("clusters", _l("one idea per group (notes without a group: one per note)"))]),
        validators=[InputRequired(message=_l("Please choose one."))])
