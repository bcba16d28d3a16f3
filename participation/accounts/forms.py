"""Forms for registration, login, passwords, tokens and account deletion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo

from ..forms import length_between, max_length, required
from .services import PASSWORD_MAX, PASSWORD_MIN


def _strip(value):
    """Trim a text before it is validated, so length rules apply to what is stored."""
    return value.strip() if isinstance(value, str) else value


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mail address"),
        validators=[required(), max_length(254),
                    Email(message=_l("Please enter a valid e-mail address."))],
        render_kw={"autocomplete": "email"},
    )


def _known_email_field() -> EmailField:
    """An address to look up (login, reset): no syntax rules, so every stored one works."""
    return EmailField(_l("E-mail address"), validators=[required(), max_length(254)],
                      render_kw={"autocomplete": "email"})


def _new_password_field() -> PasswordField:
    return PasswordField(
        _l("Password"),
        validators=[required(), length_between(PASSWORD_MIN, PASSWORD_MAX)],
        description=_l("At least %(num)d characters.", num=PASSWORD_MIN),
        render_kw={"autocomplete": "new-password"},
    )


def _repeat_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    email = _email_field()
    display_name = StringField(
        _l("Display name"),
        validators=[required(), length_between(2, 60)],
        filters=[_strip],
        description=_l("Shown beside your ideas and comments. It need not be your real name."),
        render_kw={"autocomplete": "nickname"},
    )
    password = _new_password_field()
    password_repeat = _repeat_field()
    accept_terms = BooleanField(
        _l("I have read the privacy notice and agree that my ideas and comments are "
           "published under my display name."),
        validators=[required()],
    )


class LoginForm(FlaskForm):
    email = _known_email_field()
    password = PasswordField(_l("Password"), validators=[required(), max_length(PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Stay logged in on this device"))


class EmailForm(FlaskForm):
    email = _known_email_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password_field()
    password_repeat = _repeat_field()


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), validators=[required(), length_between(2, 60)],
                               filters=[_strip])
    language = SelectField(_l("Language of e-mails"), choices=[])


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the token"),
        validators=[required(), max_length(60)],
        description=_l("For example the name of the script that uses it."),
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[required(), max_length(PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(
        _l("Yes, delete my account. I understand this cannot be undone."),
        validators=[required()],
    )
