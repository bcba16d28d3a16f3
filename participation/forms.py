"""Form pieces shared by every domain: validators with our own translated messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


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
