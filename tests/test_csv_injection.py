"""Spreadsheet formula injection: the workshop board's CSV export neutralises every cell
that a spreadsheet would run as a formula (= + - @, tab, carriage return at the start)."""

from __future__ import annotations

import csv
import io

import pytest

from participation.accounts.models import Role
from participation.workshops import results, services
from participation.workshops.commands import Actor
from tests.conftest import login
from tests.xss_corpus import fitting, payloads

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1+1)", "=HYPERLINK(\"https://attacker.invalid\")",
            "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "-", "@"]


def _cells(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")  # UTF-8 with BOM, for a German Excel
    return list(csv.reader(io.StringIO(body[1:], newline=""), delimiter=";"))


@pytest.mark.parametrize("value", FORMULAS)
def test_board_csv_neutralises_every_formula_cell(value):
    row = {"id": 1, "text": value, "group": value, "author": value, "status": "visible",
           "dots": 0, "created_at": "2026-01-01T00:00:00", "proposal_id": None}
    header, cells = _cells(results.board_csv([row]))
    assert header[0] == "id"
    for name in ("text", "group", "author"):
        cell = cells[header.index(name)]
        assert cell == "'" + value  # neutralised, and nothing of the text lost
        assert not cell.startswith(DANGEROUS)


def test_harmless_cells_stay_as_they_are():
    row = {"id": 7, "text": "Bänke; \"am\" See", "group": "", "author": "Anna",
           "status": "visible", "dots": 3, "created_at": "x", "proposal_id": 12}
    _header, cells = _cells(results.board_csv([row]))
    assert cells == ["7", "Bänke; \"am\" See", "", "Anna", "visible", "3", "x", "12"]


def test_the_export_of_a_hostile_board_has_no_formula_cell(app, db, client, make_user,
                                                           make_process):
    facilitator = make_user(role=Role.FACILITATOR)
    workshop = services.create_workshop(facilitator, make_process(), "=Werkstatt")
    code = services.open_workshop(facilitator, workshop)
    corpus = FORMULAS[:4] + fitting(payloads(), 280)
    texts = [" ".join(t.split()) for t in corpus]
    for n in range(0, len(texts), 9):
        participant, _token = services.join_workshop(code, FORMULAS[n % 4] + f" {n}")
        for text in texts[n:n + 9]:
            services.run_command(workshop.id, Actor(participant_id=participant.id),
                                 "card:add", {"text": text})
    services.run_command(workshop.id, Actor(user=facilitator), "cluster:add",
                         {"title": "@Gruppe"})
    db.session.commit()
    login(client, facilitator)
    response = client.get(f"/workshops/{workshop.id}/export.csv")
    assert response.status_code == 200
    header, *rows = _cells(response.get_data(as_text=True))
    assert len(rows) == len(texts)
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS), cell
    exported = {row[header.index("text")] for row in rows}
    assert {"'=1+1", "'+1+1", "'-1+1", "'@SUM(1+1)"} <= exported
    assert {row[header.index("author")][:2] for row in rows} <= {"'=", "'+", "'-", "'@"}
