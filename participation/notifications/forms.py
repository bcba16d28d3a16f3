"""The notification preferences form: how mails go out, and about which events."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.validators import AnyOf

from ..forms import choices, required
from .models import KIND_LABELS, MODE_LABELS, NotificationKind, NotifyMode


class PreferencesForm(FlaskForm):
    mode = RadioField(
        _l("E-mails about ideas you wrote or supported"),
        choices=choices((mode.value, MODE_LABELS[mode]) for mode in NotifyMode),
        validators=[required(), AnyOf([mode.value for mode in NotifyMode],
                                      message=_l("Please choose one of the offered options."))],
        validate_choice=False,  # AnyOf says it in our words
    )
    comment = BooleanField(KIND_LABELS[NotificationKind.COMMENT])
    hidden = BooleanField(KIND_LABELS[NotificationKind.HIDDEN])
    merged = BooleanField(KIND_LABELS[NotificationKind.MERGED])
    project = BooleanField(KIND_LABELS[NotificationKind.PROJECT])
    why_not = BooleanField(KIND_LABELS[NotificationKind.WHY_NOT])
    project_status = BooleanField(KIND_LABELS[NotificationKind.PROJECT_STATUS])

    def kind_fields(self) -> list:
        return [self[kind.value] for kind in NotificationKind]

    def chosen_kinds(self) -> list[str]:
        return [kind.value for kind in NotificationKind if self[kind.value].data]
