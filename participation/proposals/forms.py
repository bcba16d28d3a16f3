"""Forms for ideas, comments, reports and moderation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from .. import pictures
from ..forms import choices, max_length, required

TITLE_MAX = 120
BODY_MAX = 5000
PLACE_MAX = 200


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def parse_coordinate(value: str | None) -> float | None:
    """Accept 52.41 and 52,41 (German decimal comma); empty is None."""
    if value is None or not str(value).strip():
        return None
    return float(str(value).strip().replace(",", "."))


class CoordinateField(StringField):
    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        try:
            parse_coordinate(self.data)
        except ValueError as exc:
            raise ValidationError(_l("Please enter a number, for example 52.4125.")) from exc


class ProposalForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[required(), max_length(TITLE_MAX)],
        description=_l("A short, clear title (at most %(max)d characters).", max=TITLE_MAX),
        render_kw={"maxlength": TITLE_MAX},
    )
    body = TextAreaField(
        _l("Your idea"), validators=[required(), max_length(BODY_MAX)],
        description=_l("Describe the problem and your idea (at most %(max)d characters). "
                       "Leave an empty line between paragraphs; links are allowed.",
                       max=BODY_MAX),
        render_kw={"rows": 10, "maxlength": BODY_MAX},
    )
    topic = SelectField(_l("Topic"), coerce=_optional_int, validators=[Optional()])
    district = SelectField(_l("District"), coerce=_optional_int, validators=[Optional()])
    lat = CoordinateField(
        _l("Latitude (optional)"), validators=[max_length(20)],
        description=_l("If your idea is about a place: its latitude, for example 52.4125."),
        render_kw={"inputmode": "decimal"},
    )
    lon = CoordinateField(
        _l("Longitude (optional)"), validators=[max_length(20)],
        description=_l("And its longitude, for example 13.0573."),
        render_kw={"inputmode": "decimal"},
    )
    place = StringField(
        _l("Place description (optional)"), validators=[max_length(PLACE_MAX)],
        description=_l("Where exactly, in words, for example “Marktplatz, in front of the "
                       "church” (at most %(max)d characters).", max=PLACE_MAX),
        render_kw={"maxlength": PLACE_MAX},
    )

    picture = FileField(
        _l("Picture (optional)"),
        description=_l("A photo or drawing as JPEG, PNG or WebP, at most 10 MB. We store "
                       "it without its metadata (such as the place it was taken). An idea "
                       "can have up to three pictures."),
        render_kw={"accept": pictures.ACCEPT},
    )
    picture_alt = StringField(
        _l("What the picture shows"),
        validators=[max_length(250)],
        description=_l("Required with a picture: people who cannot see the picture hear "
                       "this description read out by their screen reader. For example: "
                       "the empty market square in the midday sun."),
        render_kw={"maxlength": 250},
    )

    # "1" once the similar ideas were shown (by the page's script while typing, or by the
    # server on a first submit): the next submit publishes.
    similar_seen = HiddenField(default="")

    def set_choices(self, process) -> None:
        self.topic.choices = choices(
            [("", _l("– none –"))] + [(str(t.id), t.name) for t in process.topics])
        self.district.choices = choices(
            [("", _l("– whole city –"))] + [(str(d.id), d.name) for d in process.districts])


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Your comment"), validators=[required(), max_length(2000)],
        render_kw={"rows": 4, "maxlength": 2000},
    )
    parent_id = HiddenField()


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with it?"), validators=[required(), max_length(1000)],
        description=_l("For example: insulting, advertising, personal data of others."),
        render_kw={"rows": 4, "maxlength": 1000},
    )


class RemovePictureForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for removing the picture"), validators=[max_length(1000)],
        description=_l("Needed when you remove someone else's picture: the author sees it."),
        render_kw={"rows": 2, "maxlength": 1000},
    )


class HideForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for hiding"), validators=[required(), max_length(1000)],
        description=_l("The author sees this reason."),
        render_kw={"rows": 3, "maxlength": 1000},
    )
