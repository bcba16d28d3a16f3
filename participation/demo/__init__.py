"""The demo city Musterstadt: everything the platform does, to be seen without a command line.

- zukunft-2035 ("Musterstadt 2035") in its ideas phase: 40 ideas with comments, a workshop
  prepared for an evening ahead, and a workshop running now that anyone can join by its code
  (musterstadt.py, live.py);
- klimaquartier-nord in its voting phase: ideas, online dots, pairwise comparisons, a
  finished workshop and paper votes, so the combined ranking has real parts (voting.py,
  board.py);
- mobilitaet-2030 in its results phase: published candidate projects scored on the five jury
  criteria, with statuses, and ideas marked "not selected" with the reason (results.py);
- a neighbouring city's project feed imported, for "Other cities" (other_cities.py).

Content is German data in demo_data/*.json; this package only feeds it through the services,
as the city's citizens, facilitator, planner and administrator would. Every part is created
once: loading again changes nothing, and a database with only an older demo gets the
missing parts. Random choices come from seeded generators, so every load tells the same
story (the live workshop's join code is the one thing drawn afresh).
"""

from __future__ import annotations

from datetime import date

from ..accounts.models import Role
from ..extensions import db
from . import live, musterstadt, other_cities, results, voting
from .common import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_accounts, ensure_people, read
from .live import live_workshop

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "live_workshop", "load_demo"]


def load_demo() -> bool:
    """Create whatever part of the demo city is missing; True when something was created."""
    today = date.today()
    accounts = ensure_demo_accounts()
    created = musterstadt.load(accounts, today)
    people = {**ensure_people(read("city.json")["authors"], "author"),
              **ensure_people(read("people.json")["voters"], "voter")}
    created |= voting.load(accounts, people, today)
    created |= results.load(accounts, people, today)
    created |= other_cities.load(accounts[Role.ADMIN])
    created |= live.load(accounts[Role.FACILITATOR])
    db.session.commit()
    return created
