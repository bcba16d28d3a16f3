"""Admin forms: a process with its phases, topics and districts; a user's role."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from ..accounts.models import ROLE_LABELS
from ..forms import (
    LocaleDecimalField,
    LocaleIntegerField,
    choices,
    max_length,
    number_between,
    required,
)
from ..processes.models import PHASE_ORDER, VoteMethod
from ..processes.services import MAX_DISTRICT_FILE_BYTES


class PhaseDatesForm(FlaskForm):
    class Meta:
        csrf = False  # part of the process form, which carries the token

    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if bool(self.starts_on.data) != bool(self.ends_on.data):
            self.ends_on.errors = [_l("Give both dates of the phase, or neither.")]
            return False
        return True


def _phase_fields():
    return {kind.value: FormField(PhaseDatesForm, label=kind.label) for kind in PHASE_ORDER}


class ProcessForm(FlaskForm):
    slug = StringField(
        _l("Short name in the address"), validators=[required(), max_length(60)],
        description=_l("Lower-case letters, digits and hyphens, for example innenstadt-2035."),
    )
    title = StringField(_l("Title"), validators=[required(), max_length(120)])
    description = TextAreaField(_l("Description"), validators=[max_length(20000)],
                                render_kw={"rows": 8})
    current_phase = SelectField(_l("Current phase"), choices=[])
    topics = TextAreaField(_l("Topics"), validators=[max_length(5000)],
                           description=_l("One topic per line."), render_kw={"rows": 7})
    districts = TextAreaField(_l("Districts"), validators=[max_length(5000)],
                              description=_l("One district per line."), render_kw={"rows": 6})
    vote_method = SelectField(_l("How citizens vote online"), choices=[])
    pairwise_enabled = BooleanField(_l("Also offer pairwise comparison"))
    pairwise_in_ideas = BooleanField(_l("Pairwise comparison already in the ideas phase"))
    dot_budget = LocaleIntegerField(_l("Points per person (dots)"), default=10,
                                    validators=number_between(1, 1000))
    dot_max_per_proposal = LocaleIntegerField(_l("At most points on one idea (dots)"),
                                              default=3, validators=number_between(1, 1000))
    votes_hidden = BooleanField(_l("Hide vote figures and the ranking until voting has ended"))
    weight_online = LocaleDecimalField(_l("Weight of online votes"), default=1,
                                       validators=number_between(0, 100))
    weight_workshop = LocaleDecimalField(_l("Weight of workshop dots"), default=1,
                                         validators=number_between(0, 100))
    weight_paper = LocaleDecimalField(_l("Weight of paper and event votes"), default=1,
                                      validators=number_between(0, 100))
    weight_pairwise = LocaleDecimalField(_l("Weight of pairwise comparisons"), default=1,
                                         validators=number_between(0, 100))

    def set_choices(self) -> None:
        self.current_phase.choices = choices((k.value, k.label) for k in PHASE_ORDER)
        self.vote_method.choices = choices((m.value, m.label) for m in VoteMethod)


def build_process_form(*args, **kwargs) -> ProcessForm:
    """The process form with one pair of date fields per phase."""
    form_class = type("ProcessFormWithPhases", (ProcessForm,), _phase_fields())
    form = form_class(*args, **kwargs)
    form.set_choices()
    return form


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"),
                       choices=choices((r.value, label) for r, label in ROLE_LABELS.items()))


class DistrictFileForm(FlaskForm):
    """Step 1: a GeoJSON district file to preview."""

    upload = FileField(
        _l("District file (GeoJSON)"), validators=[FileRequired(_l("Please choose a file."))],
        description=_l("A FeatureCollection of Polygon or MultiPolygon features, each with a "
                       "“name” property; at most 1 MB."),
        render_kw={"accept": ".geojson,.json,application/geo+json,application/json"})


class DistrictSaveForm(FlaskForm):
    """Step 2: the previewed file, sent again to be saved (checked again on the server)."""

    geojson = HiddenField(validators=[required(), max_length(MAX_DISTRICT_FILE_BYTES)])
