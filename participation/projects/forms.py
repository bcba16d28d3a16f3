"""Forms of the planner's workspace and of the feed import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FormField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import LocaleDecimalField, NumberBetween, choices, max_length, required
from .models import (
    COMMENT_MAX,
    CRITERIA,
    CRITERION_LABELS,
    MAX_COST_EUR,
    PROJECT_STATUS_LABELS,
    REASON_MAX,
    SHORT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
)


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


SCORE_CHOICES = choices([("", _l("not scored")), *[(str(n), str(n)) for n in range(1, 6)]])


class CriterionForm(FlaskForm):
    class Meta:
        csrf = False  # part of the project form, which carries the token

    score = SelectField(_l("Score (1–5)"), choices=SCORE_CHOICES, coerce=_optional_int,
                        validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=[max_length(COMMENT_MAX)],
                            render_kw={"rows": 2, "maxlength": COMMENT_MAX})


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)],
                        render_kw={"maxlength": TITLE_MAX})
    summary = TextAreaField(_l("Summary"), validators=[max_length(SUMMARY_MAX)],
                            description=_l("What will be built or done, and for whom."),
                            render_kw={"rows": 6, "maxlength": SUMMARY_MAX})
    department = StringField(_l("Responsible department"),
                             validators=[max_length(SHORT_MAX)],
                             render_kw={"maxlength": SHORT_MAX})
    cost = LocaleDecimalField(_l("Estimated cost in euros"), places=2, example="12500.50",
                              validators=[Optional(), NumberBetween(0, MAX_COST_EUR)],
                              render_kw={"maxlength": 30})
    time_frame = StringField(_l("Time frame"), validators=[max_length(SHORT_MAX)],
                             description=_l("For example: 2026 to 2027."),
                             render_kw={"maxlength": SHORT_MAX})
    district = SelectField(_l("District"), coerce=_optional_int, validators=[Optional()])
    innovation = FormField(CriterionForm, label=CRITERION_LABELS["innovation"])
    integrated = FormField(CriterionForm, label=CRITERION_LABELS["integrated"])
    participation = FormField(CriterionForm, label=CRITERION_LABELS["participation"])
    spatial = FormField(CriterionForm, label=CRITERION_LABELS["spatial"])
    implementation = FormField(CriterionForm, label=CRITERION_LABELS["implementation"])

    def criteria(self):
        return [self[c] for c in CRITERIA]

    def set_choices(self, process) -> None:
        self.district.choices = choices(
            [("", _l("whole city"))] + [(str(d.id), d.name) for d in process.districts])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"),
                         choices=choices((s.value, label)
                                         for s, label in PROJECT_STATUS_LABELS.items()))
    note = StringField(_l("Note (optional)"), validators=[max_length(REASON_MAX)],
                       description=_l("Shown with the date in the project's history."))


class WhyNotForm(FlaskForm):
    reason = TextAreaField(_l("Why did this idea not become a project?"),
                           validators=[required(), max_length(REASON_MAX)],
                           description=_l("Shown publicly on the idea and in the exports."),
                           render_kw={"rows": 3, "maxlength": REASON_MAX})


class ImportForm(FlaskForm):
    url = StringField(_l("Address of the feed"), validators=[max_length(500)],
                      description=_l("For example https://other-city.example/api/v1/processes/"
                                     "innenstadt-2035/projects"))
    upload = FileField(_l("… or a feed file (JSON)"))


class ProjectPictureForm(FlaskForm):
    picture = FileField(
        _l("Picture"),
        description=_l("A photo, plan or drawing as JPEG, PNG or WebP, at most 10 MB; stored "
                       "without its metadata. A project can have up to three pictures."),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    alt = StringField(
        _l("What the picture shows"), validators=[max_length(250)],
        description=_l("Required: people who cannot see the picture hear this description "
                       "read out by their screen reader."),
        render_kw={"maxlength": 250},
    )
