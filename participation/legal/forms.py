"""The accessibility feedback form, with its captcha-free spam guard."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import Email, Optional

from ..forms import max_length, required
from .models import EMAIL_MAX, MESSAGE_MAX, NAME_MAX, PAGE_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class FeedbackForm(FlaskForm):
    name = StringField(_l("Your name (optional)"), validators=[Optional(), max_length(NAME_MAX)],
                       filters=[_strip], render_kw={"autocomplete": "name"})
    email = EmailField(
        _l("Your e-mail address (optional)"),
        validators=[Optional(), max_length(EMAIL_MAX),
                    Email(message=_l("Please enter a valid e-mail address."))],
        filters=[_strip],
        description=_l("Only if you want an answer. We send you a confirmation."),
        render_kw={"autocomplete": "email"},
    )
    page = StringField(_l("Where did you find the barrier? (optional)"),
                       validators=[Optional(), max_length(PAGE_MAX)], filters=[_strip],
                       description=_l("The address or the title of the page."))
    message = TextAreaField(_l("Your message"),
                            validators=[required(), max_length(MESSAGE_MAX)], filters=[_strip],
                            description=_l("Describe the barrier, or ask for the content in "
                                           "another form."),
                            render_kw={"rows": 6})
    # Spam guard: people never see this field (hidden by the style sheet); robots fill it in.
    website = StringField(_l("Leave this field empty"),
                          render_kw={"autocomplete": "off", "tabindex": "-1"})
    # A signed time stamp of when the form was shown; too fast or too old is refused.
    started = HiddenField()
