"""What a planner types for a project, checked and cleaned: title, texts, cost in euros,
district, the five criteria's scores and comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from ...errors import InvalidInput
from ...extensions import db
from ...processes.models import District, Process
from ..models import (
    COMMENT_MAX,
    CRITERIA,
    MAX_COST_EUR,
    SCORE_MAX,
    SCORE_MIN,
    SHORT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
)


@dataclass
class ProjectInput:
    """A project's fields as the planner gave them, before they are checked."""

    title: str
    summary: str = ""
    department: str = ""
    cost_eur: Decimal | str | None = None
    time_frame: str = ""
    district_id: int | None = None
    scores: dict[str, int | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


def parse_cost(value: Decimal | str | int | None) -> int | None:
    """Euro amount (also with a decimal comma) to cents. Raises InvalidInput."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidInput(_("The cost must be an amount in euros, e.g. 12500 or "
                             "12500,50.")) from exc
    if not amount.is_finite() or amount < 0 or amount > MAX_COST_EUR:
        raise InvalidInput(_("The cost must be an amount in euros, e.g. 12500 or 12500,50."))
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("The cost may have at most two decimal places (cents)."))
    return int(amount * 100)


def clean_text(value: str | None, limit: int, message: str, required: bool = False,
               one_line: bool = False) -> str:
    """The text trimmed (on one line if asked); `message` names the field or, for a required
    one, asks for it. Raises InvalidInput when missing or too long."""
    text = (value or "").strip().replace("\r\n", "\n")
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        raise InvalidInput(message)
    if len(text) > limit:
        raise InvalidInput(_("%(field)s: at most %(max)d characters, please.", field=message,
                             max=limit))
    return text


def clean_values(process: Process, data: ProjectInput) -> dict:
    """The project's column values from the planner's input. Raises InvalidInput."""
    values = {
        "title": clean_text(data.title, TITLE_MAX, _("Please give the project a title."),
                            required=True, one_line=True),
        "summary": clean_text(data.summary, SUMMARY_MAX, _("Summary")),
        "department": clean_text(data.department, SHORT_MAX, _("Responsible department"),
                                 one_line=True),
        "time_frame": clean_text(data.time_frame, SHORT_MAX, _("Time frame"), one_line=True),
        "cost_cents": parse_cost(data.cost_eur),
        "district_id": data.district_id,
    }
    if data.district_id is not None:
        district = db.session.get(District, data.district_id)
        if district is None or district.process_id != process.id:
            raise InvalidInput(_("Please choose one of the districts of this process."))
    for criterion in CRITERIA:
        score = data.scores.get(criterion)
        if score is not None and (isinstance(score, bool) or not isinstance(score, int)
                                  or not SCORE_MIN <= score <= SCORE_MAX):
            raise InvalidInput(_("Each criterion is scored from %(min)d to %(max)d.",
                                 min=SCORE_MIN, max=SCORE_MAX))
        values[f"score_{criterion}"] = score
        values[f"comment_{criterion}"] = clean_text(data.comments.get(criterion), COMMENT_MAX,
                                                    _("Comment"))
    return values
