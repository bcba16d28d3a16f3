"""Form pieces shared by every domain: validators with our own translated messages, and the
way a submitted form's action is committed or its domain error shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from .errors import DomainError
from .extensions import db

T = TypeVar("T")


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something."""


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def required() -> DataRequired:
    return DataRequired(message=_l("Please fill in this field."))


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("At most %(max)d characters, please.", max=limit))


def length_between(low: int, high: int) -> Length:
    return Length(
        min=low, max=high,
        message=_l("Between %(min)d and %(max)d characters, please.", min=low, max=high),
    )


class CommaDecimalField(DecimalField):
    """A decimal number that also accepts the German decimal comma (0,5)."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [str(v).strip().replace(",", ".") for v in valuelist]
        super().process_formdata(valuelist)


def commit_form(form, action: Callable[[], T], field=None) -> tuple[T | None, int | None]:
    """Run a valid form's action (a service call) in the request's transaction.

    Done: commit, and return (its result, None). A rule said no (DomainError): roll back,
    show the error's message above the form (under `field` when given), and return
    (None, the error's status)."""
    try:
        result = action()
    except DomainError as exc:
        db.session.rollback()
        (form.form_errors if field is None else field.errors).append(exc.message)
        return None, exc.status
    db.session.commit()
    return result, None


def submit_form(form, action: Callable[[], T]) -> tuple[T | None, int | None]:
    """Validate a posted form and commit its action (commit_form).

    Done: (the action's result, None). Not done: (None, the status to show the form with):
    200 for a GET, 400 for invalid input, the domain error's status when a rule said no.
    """
    if form.validate_on_submit():
        return commit_form(form, action)
    return None, 400 if request.method == "POST" else 200
