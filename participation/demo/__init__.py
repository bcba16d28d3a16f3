"""The demo city: Musterstadt with the process zukunft-2035 in its ideas phase.

Its content is data in demo_data/: city.json (the process, its topics, districts and the
authors' names) and ideas.json (the ideas with their comments and replies). The texts are
German, written as citizens would write them on a participation platform; a text of several
paragraphs is a list of them.
"""

from __future__ import annotations

import json
import random
import secrets
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from .accounts import services as account_services
from .accounts.models import Role, User
from .extensions import db
from .models_base import utcnow
from .processes import services as process_services
from .processes.models import PhaseKind, Process
from .proposals import services as proposal_services

CONTENT = Path(__file__).with_name("demo_data")
DEMO_PASSWORD = "demo-password"  # noqa: S105 - published demo credential, development only
DEMO_ACCOUNTS = {
    Role.CITIZEN: "Clara Neumann",
    Role.FACILITATOR: "Moderation Stadtlabor",
    Role.PLANNER: "Stadtplanung Musterstadt",
    Role.ADMIN: "Administration",
}


def _ensure_demo_accounts() -> dict[Role, User]:
    accounts = {}
    for role, name in DEMO_ACCOUNTS.items():
        email = f"{role.value}@demo.local"
        user = account_services.find_user_by_email(email)
        if user is None:
            user = account_services.create_user(email, name, DEMO_PASSWORD, role=role,
                                                 confirmed=True)
        accounts[role] = user
    return accounts


def _phase_dates(today: date) -> dict[PhaseKind, tuple[date, date]]:
    spans = [
        (PhaseKind.INFORMATION, -75, -46),
        (PhaseKind.IDEAS, -45, 30),
        (PhaseKind.WORKSHOPS, 31, 60),
        (PhaseKind.VOTING, 61, 81),
        (PhaseKind.SHORTLIST, 82, 120),
        (PhaseKind.RESULTS, 121, 365),
    ]
    return {kind: (today + timedelta(days=a), today + timedelta(days=b)) for kind, a, b in spans}


def _read(name: str):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def _paragraphs(text: str | list[str]) -> str:
    return text if isinstance(text, str) else "\n\n".join(text)


def load_demo() -> bool:
    """Create the demo city unless it exists. Returns True when something was created."""
    accounts = _ensure_demo_accounts()
    city = _read("city.json")
    exists = db.session.execute(
        select(Process.id).where(Process.slug == city["process"]["slug"])
    ).first()
    if exists:
        db.session.commit()
        return False
    process, topic_ids = _create_process(city)
    authors = _ensure_authors(city["authors"])
    _post_ideas(process, topic_ids, _read("ideas.json"), authors, accounts[Role.CITIZEN])
    _prepare_workshop(accounts[Role.FACILITATOR], process)
    db.session.commit()
    return True


def _create_process(city: dict) -> tuple[Process, dict[str, int]]:
    """The process with its phases, topics and districts; and the topic ids by their key."""
    data = city["process"]
    process = process_services.create_process(
        data["slug"], data["title"], _paragraphs(data["description"]), phase=PhaseKind.IDEAS)
    process_services.set_phase_dates(process, _phase_dates(date.today()))
    process_services.set_topics(process, [topic["name"] for topic in city["topics"]])
    process_services.set_districts(process, city["districts"])
    db.session.flush()
    return process, {topic["key"]: process.topics[i].id
                     for i, topic in enumerate(city["topics"])}


def _ensure_authors(names: list[str]) -> dict[str, User]:
    authors = {}
    for i, name in enumerate(names, start=1):
        email = f"author{i}@demo.local"
        user = account_services.find_user_by_email(email) or account_services.create_user(
            email, name, secrets.token_urlsafe(16), confirmed=True)
        authors[name] = user
    return authors


def _post_ideas(process: Process, topic_ids: dict[str, int], ideas: list[dict],
                authors: dict[str, User], citizen: User) -> None:
    """The ideas with their comments and replies, dated back; an author the data does not
    name is drawn from a seeded generator, so the demo is the same every time."""
    rng = random.Random(2035)
    everyone = [citizen, *authors.values()]

    def author_of(item: dict) -> User:
        return authors.get(item["author"]) or rng.choice(everyone)

    district_ids = {d.name: d.id for d in process.districts}
    now = utcnow()
    for index, item in enumerate(ideas):
        author = author_of(item)
        if index % 9 == 4:
            author = citizen  # the demo citizen has a few ideas of their own
        data = proposal_services.ProposalInput(
            title=item["title"], body=_paragraphs(item["body"]),
            topic_id=topic_ids[item["topic"]],
            district_id=district_ids.get(item["district"]) if item["district"] else None,
            lat=item.get("lat"), lon=item.get("lon"),
        )
        proposal = proposal_services.submit_proposal(author, process, data)
        posted = now - timedelta(days=item["days_ago"], hours=rng.randint(0, 12))
        proposal.created_at = posted
        for c_index, c in enumerate(item["comments"]):
            comment = proposal_services.add_comment(author_of(c), proposal, c["body"])
            comment.created_at = posted + timedelta(hours=3 + 7 * c_index)
            for r_index, r in enumerate(c.get("replies", [])):
                reply = proposal_services.add_comment(author_of(r), proposal, r["body"],
                                                      comment.id)
                reply.created_at = comment.created_at + timedelta(hours=2 + r_index)


def _prepare_workshop(facilitator: User, process: Process) -> None:
    """One workshop ready to open, with the five most discussed ideas on the board."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from .proposals.models import Proposal
    from .workshops import services as workshop_services

    top = db.session.execute(
        select(Proposal.id).where(Proposal.process_id == process.id)
        .order_by(Proposal.comment_count.desc(), Proposal.id).limit(5)).scalars()
    evening = datetime.combine(date.today() + timedelta(days=35), datetime.min.time(),
                               tzinfo=ZoneInfo("Europe/Berlin")).replace(hour=18)
    workshop_services.create_workshop(
        facilitator, process, "Zukunftswerkstatt im Rathaussaal", starts_at=evening,
        dots_per_participant=5, proposal_ids=list(top))
