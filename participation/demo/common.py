"""What every part of the demo city shares: its data files, the demo accounts, the people
who write and vote, processes with their phases, ideas with their comments, and dating
things back (the demo is loaded in one go, but tells a story of weeks and months)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ..accounts import services as account_services
from ..accounts.models import Role, User
from ..extensions import db
from ..models_base import utcnow
from ..notifications import services as notification_services
from ..notifications.models import NotifyMode
from ..processes import services as process_services
from ..processes.models import PhaseKind, Process
from ..proposals import services as proposal_services
from ..proposals.models import Proposal

CONTENT = Path(__file__).resolve().parent.parent / "demo_data"
DEMO_PASSWORD = "demo-password"  # noqa: S105 - published demo credential, development only
DEMO_ACCOUNTS = {
    Role.CITIZEN: "Clara Neumann",
    Role.FACILITATOR: "Moderation Stadtlabor",
    Role.PLANNER: "Stadtplanung Musterstadt",
    Role.ADMIN: "Administration",
}


def read(name: str):
    return json.loads((CONTENT / name).read_text(encoding="utf-8"))


def paragraphs(text: str | list[str]) -> str:
    return text if isinstance(text, str) else "\n\n".join(text)


def process_exists(slug: str) -> bool:
    return db.session.execute(select(Process.id).where(Process.slug == slug)).first() is not None


def ensure_demo_accounts() -> dict[Role, User]:
    """The four accounts one logs in with (their password is printed by `flask demo`)."""
    accounts = {}
    for role, name in DEMO_ACCOUNTS.items():
        email = f"{role.value}@demo.local"
        user = account_services.find_user_by_email(email)
        if user is None:
            user = account_services.create_user(email, name, DEMO_PASSWORD, role=role,
                                                 confirmed=True)
        accounts[role] = user
    return accounts


def ensure_people(names: Sequence[str], prefix: str) -> dict[str, User]:
    """Citizens who wrote or voted, by their public name. Nobody logs in as them or reads
    their mail: they have no password (and cost no password hashing), and their notices
    stay in the app (the demo accounts get theirs by mail, into the outbox)."""
    people = {}
    for i, name in enumerate(names, start=1):
        email = f"{prefix}{i}@demo.local"
        person = account_services.find_user_by_email(email)
        if person is None:
            person = account_services.create_user_without_password(email, name, confirmed=True)
            notification_services.set_preferences(person, NotifyMode.OFF, [])
        people[name] = person
    return people


def city_midnight(day: date) -> datetime:
    """The start of a day in the city's time zone (phases are whole days there)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone)


def create_process(data: dict, today: date) -> tuple[Process, dict[str, int]]:
    """The process of a data file in its ideas phase, with its phase dates (days relative to
    today), topics and districts; and the topic ids by their key."""
    about = data["process"]
    process = process_services.create_process(
        about["slug"], about["title"], paragraphs(about["description"]), phase=PhaseKind.IDEAS)
    process_services.set_phase_dates(process, {
        PhaseKind(kind): (today + timedelta(days=a), today + timedelta(days=b))
        for kind, (a, b) in data["phases"].items()})
    process_services.set_topics(process, [topic["name"] for topic in data["topics"]])
    process_services.set_districts(process, data["districts"])
    if data.get("district_file"):  # their areas, so ideas' points fall into them
        process_services.import_districts(process, (CONTENT / data["district_file"]).read_bytes())
    db.session.flush()
    return process, {topic["key"]: process.topics[i].id
                     for i, topic in enumerate(data["topics"])}


def post_ideas(process: Process, topic_ids: dict[str, int], ideas: list[dict],
               people: dict[str, User], everyone: list[User], rng: random.Random,
               own: tuple[User, int] | None = None) -> list[Proposal]:
    """The ideas with their comments and replies, dated back; an author the data does not
    name is drawn from `rng`, so the demo is the same every time. `own` (person, n): that
    person writes every ninth idea from the n-th on."""

    def author_of(item: dict) -> User:
        return people.get(item["author"]) or rng.choice(everyone)

    district_ids = {d.name: d.id for d in process.districts}
    now = utcnow()
    posted_ideas = []
    for index, item in enumerate(ideas):
        author = author_of(item)
        if own is not None and index % 9 == own[1]:
            author = own[0]
        data = proposal_services.ProposalInput(
            title=item["title"], body=paragraphs(item["body"]),
            topic_id=topic_ids[item["topic"]],
            district_id=district_ids.get(item["district"]) if item["district"] else None,
            lat=item.get("lat"), lon=item.get("lon"), place=item.get("place"),
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
        posted_ideas.append(proposal)
    return posted_ideas


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k different items, each drawn with its weight (those drawn leave the urn)."""
    items, weights = list(items), list(weights)
    chosen = []
    while items and len(chosen) < k:
        (index,) = rng.choices(range(len(items)), weights=weights)
        chosen.append(items.pop(index))
        weights.pop(index)
    return chosen
