"""Form pieces shared by every domain: validators with our own translated messages, and the
way a submitted form's action is committed or its domain error shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from babel import numbers
from flask import request
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import Field
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import TextInput

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


# Spaces people type between digit groups (DIN 5008 allows them) and the ones Babel writes.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_MINUS = "\u2212"


def format_number(value, places: int | None = None, grouping: bool = True) -> str:
    """A number as the reader's language writes it: 450.000,5 (de) or 450,000.5 (en).

    `places` given: exactly that many decimals unless the number is whole (1.000 or
    1.000,50); None: every decimal the value has."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is None:
        return numbers.format_decimal(number, locale=get_locale(), group_separator=grouping,
                                      decimal_quantization=False)
    pattern = ("#,##0" if grouping else "0") + (
        "" if number == number.to_integral_value() or places == 0 else "." + "0" * places)
    return numbers.format_decimal(number, format=pattern, locale=get_locale())


def parse_number(text: str) -> Decimal:
    """Text typed in the reader's language as a Decimal: in German 450.000,50 and 450000,50
    are 450000.50, in English 450,000.50. Raises ValueError for anything else (450.000.50
    in German, exponents, NaN, letters), never guesses."""
    locale = get_locale()
    group = numbers.get_group_symbol(locale)
    decimal = numbers.get_decimal_symbol(locale)
    text = text.strip().replace(_MINUS, "-")
    # a typed space groups digits like the language's own separator (Babel checks where)
    text = _SPACES.sub(group, text)
    allowed = set("0123456789-") | {group, decimal}
    if not text or not set(text) <= allowed or "-" in text[1:]:
        raise ValueError(text)
    try:
        value = numbers.parse_decimal(text, locale=locale, strict=True)
    except numbers.NumberFormatError as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


class _LazyExample:
    """A hint with an example number, written in the language of the request that shows it."""

    def __init__(self, message, example, places, grouping):
        self.message, self.example = message, example
        self.places, self.grouping = places, grouping

    def __str__(self) -> str:
        return str(self.message) % {"example": format_number(self.example, self.places,
                                                              self.grouping)}

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return True


class LocaleDecimalField(Field):
    """A decimal number as people write it in the request's language (parse_number), shown
    back in that language's format; `places` limits the decimals (2 for euros and cents).

    `example` (a number) becomes the hint "For example 12.500,50." in the reader's format.
    The phone shows its number pad (inputmode)."""

    widget = TextInput()
    inputmode = "decimal"
    not_a_number = _l("Please enter a number, for example %(example)s.")
    example_hint = _l("For example %(example)s.")
    default_example = Decimal("12500.5")

    def __init__(self, label=None, validators=None, places: int | None = None,
                 grouping: bool = True, example=None, **kwargs):
        render_kw = {"inputmode": self.inputmode, "autocomplete": "off",
                     **(kwargs.pop("render_kw", None) or {})}
        self.places, self.grouping = places, grouping
        self.example = self.default_example if example is None else Decimal(str(example))
        if example is not None and "description" not in kwargs:
            kwargs["description"] = _LazyExample(self.example_hint, self.example, places,
                                                 grouping)
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.data is None and self.raw_data:
            return self.raw_data[0]  # not a number: shown again as typed, next to its error
        return format_number(self.data, self.places, self.grouping)

    def _convert(self, value: Decimal):
        return value

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            number = parse_number(str(valuelist[0]))
        except ValueError as exc:
            self.data = None
            raise ValueError(str(_LazyExample(self.not_a_number, self.example, self.places,
                                              self.grouping))) from exc
        if self.places is not None and number != round(number, self.places):
            self.data = None
            raise ValueError(ngettext("At most %(num)d decimal place, please.",
                                      "At most %(num)d decimal places, please.", self.places))
        self.data = self._convert(number)


class LocaleIntegerField(LocaleDecimalField):
    """A whole number as people write it in the request's language: 1.500 (de), 1,500 (en)."""

    inputmode = "numeric"
    not_a_number = _l("Please enter a whole number, for example %(example)s.")
    default_example = Decimal(1500)

    def __init__(self, label=None, validators=None, grouping: bool = True, example=None,
                 **kwargs):
        super().__init__(label, validators, places=0, grouping=grouping,
                         example=example, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            self.data = None
            raise ValueError(str(_LazyExample(self.not_a_number, self.example, 0,
                                              self.grouping))) from exc

    def _convert(self, value: Decimal):
        return int(value)


class NumberBetween:
    """Refuses a number outside low..high, naming the bounds in the reader's format."""

    def __init__(self, low, high, message=None):
        self.low, self.high = low, high
        self.message = message or _l("Between %(min)s and %(max)s, please.")

    def __call__(self, form, field):
        if field.data is None:
            return
        if not self.low <= field.data <= self.high:
            raise ValidationError(str(self.message) % {
                "min": format_number(self.low), "max": format_number(self.high)})


def number_between(low, high) -> list:
    """The validators of a number that must be given and lie in low..high."""
    return [InputRequired(_l("Please fill in this field.")), NumberBetween(low, high)]


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
