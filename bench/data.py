"""Building the benchmark database: one process in its voting phase, users, ideas, supports.

Everything is inserted with SQLAlchemy Core in chunks, with explicit ids, into an empty
database made by create_all. The counters the app keeps in columns (vote_count,
voter_count, comment_count) are set to match the rows. Seeded, so every run is the same.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, inspect, text

from participation.extensions import db
from participation.models import District, Phase, Process, Proposal, Support, Topic, User
from participation.proposals.models import ProposalTerm
from participation.proposals.services import fold_for_search
from participation.proposals.similarity import terms

SLUG = "bench"
SEARCH = "Schwanenteich"  # a place in the titles of about one idea in twelve
CHUNK = 5_000
TOPICS = ("Verkehr", "Grün & Klima", "Wohnen", "Bildung", "Kultur & Freizeit", "Soziales",
          "Wirtschaft")
DISTRICTS = ("Altstadt", "Nordviertel", "Südstadt", "Westend", "Oststadt", "Am Hafen")
FIRST = ("Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Lukas", "Marie", "Elias", "Hannah",
         "Paul", "Zeynep", "Felix", "Lea", "Jürgen", "Ursula", "Bärbel", "Olga", "Tobias")
LAST = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Koch", "Yılmaz", "Kowalski", "Groß", "Nguyen", "Krüger")
ADJECTIVES = ("Mehr", "Neue", "Sichere", "Schattige", "Barrierefreie", "Beleuchtete",
              "Breitere", "Öffentliche", "Überdachte", "Größere")
THINGS = ("Bäume", "Radwege", "Sitzbänke", "Spielplätze", "Trinkbrunnen", "Fahrradbügel",
          "Blühwiesen", "Ladesäulen", "Bushaltestellen", "Zebrastreifen", "Mülleimer",
          "Straßenlaternen", "Hochbeete", "Tischtennisplatten", "Bücherschränke")
PLACES = ("am Marktplatz", "in der Lindenstraße", "vor der Grundschule", "im Stadtpark",
          "an der Bahnhofstraße", "am Schwanenteich", "rund um das Rathaus",
          "im Neubaugebiet Süd", "an der Haltestelle Kirchweg", "entlang der Uferpromenade",
          "auf dem Schulhof der Gesamtschule", "in der Fußgängerzone")
SENTENCES = (
    "Gerade im Sommer ist es hier viel zu heiß, und es gibt kaum Schatten.",
    "Viele Familien mit kleinen Kindern kommen täglich hier vorbei.",
    "Ältere Menschen wünschen sich mehr Möglichkeiten, unterwegs eine Pause zu machen.",
    "Der Radweg endet plötzlich, und man muss auf die viel befahrene Straße ausweichen.",
    "Abends ist die Ecke schlecht beleuchtet, viele fühlen sich dort unsicher.",
    "Die Kosten wären überschaubar, wenn man es mit der nächsten Sanierung verbindet.",
    "In anderen Städten hat sich so etwas bewährt, zum Beispiel in Freiburg und Münster.",
    "Die Nachbarschaft würde sich gern an der Pflege beteiligen.",
    "Im Winter ist der Weg oft glatt, weil das Wasser nicht abfließen kann.",
    "Schülerinnen und Schüler überqueren hier jeden Morgen die Straße.",
    "Eine kleine Änderung hätte große Wirkung für das ganze Viertel.",
    "Bitte auch an Menschen im Rollstuhl und mit Kinderwagen denken.",
    "Vielleicht kann der Bauhof das schon im nächsten Frühjahr übernehmen.",
    "Ich wohne seit zwanzig Jahren hier und sehe das Problem jeden Tag.",
    "Mehr Grün würde auch das Klima in der Straße spürbar verbessern.",
)


@dataclass(frozen=True)
class Sizes:
    users: int = 2_000
    proposals: int = 10_000
    supports: int = 200_000


def zipf_weights(rng: random.Random, count: int, exponent: float) -> list[float]:
    """Skewed weights 1/rank**exponent, jittered, in a random order."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [rng.uniform(0.7, 1.3) / rank**exponent for rank in ranks]


def check_empty() -> None:
    """Refuse a database that has tables: it is not ours to fill or drop."""
    tables = inspect(db.engine).get_table_names()
    if tables:
        raise SystemExit(f"The benchmark database is not empty (tables: {', '.join(tables[:5])}"
                         "...). Give it an empty database; it creates and drops its tables.")


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start:start + CHUNK])


def _process_rows(now: datetime) -> None:
    today = now.date()
    _insert(Process, [{"id": 1, "slug": SLUG, "title": "Zukunftsstadt 2040 (Benchmark)",
                       "description": "Wie wollen wir in zwanzig Jahren leben?",
                       "current_phase": "voting", "vote_method": "supports",
                       "created_at": now - timedelta(days=90)}])
    phases = (("information", -90, -61), ("ideas", -60, -31), ("voting", -30, 14),
              ("shortlist", 15, 40), ("results", 41, 120))
    _insert(Phase, [{"process_id": 1, "kind": kind, "starts_on": today + timedelta(days=a),
                     "ends_on": today + timedelta(days=b)} for kind, a, b in phases])
    _insert(Topic, [{"id": i, "process_id": 1, "name": name, "position": i}
                    for i, name in enumerate(TOPICS, start=1)])
    _insert(District, [{"id": i, "process_id": 1, "name": name, "position": i}
                       for i, name in enumerate(DISTRICTS, start=1)])


def _user_rows(rng: random.Random, count: int, now: datetime) -> list[dict]:
    rows = []
    for i in range(1, count + 1):
        deleted = rng.random() < 0.01
        rows.append({
            "id": i, "role": "citizen",
            "email": None if deleted else f"person{i}@example.org",
            "display_name": None if deleted else f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
            "created_at": now - timedelta(days=rng.uniform(60, 120)),
            "email_confirmed_at": now - timedelta(days=60),
            "deleted_at": now - timedelta(days=1) if deleted else None,
        })
    return rows


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.01:
        return "hidden"
    if roll < 0.02:
        return "withdrawn"
    if roll < 0.04:
        return "merged"
    return "published"


def _proposal_rows(rng: random.Random, sizes: Sizes, now: datetime) -> list[dict]:
    ages = sorted((rng.uniform(0, 60) for _ in range(sizes.proposals)), reverse=True)
    rows = []
    for i, age in enumerate(ages, start=1):  # later ids are newer, as in real life
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(THINGS)} {rng.choice(PLACES)}"
        body = " ".join(rng.sample(SENTENCES, rng.randint(3, 7)))
        workshop = rng.random() < 0.05
        rows.append({
            "id": i, "process_id": 1, "title": title, "body": body,
            "author_id": None if workshop else rng.randint(1, sizes.users),
            "origin": "workshop" if workshop else "online",
            "topic_id": rng.randint(1, len(TOPICS)),
            "district_id": rng.randint(1, len(DISTRICTS)),
            "status": _status(rng), "search_text": fold_for_search(f"{title} {body}"),
            "comment_count": int(rng.expovariate(1 / 4)),
            "vote_count": 0, "voter_count": 0,
            "pair_wins": 0, "pair_losses": 0, "pair_ties": 0,
            "created_at": now - timedelta(days=age),
        })
    return rows


def _term_rows(proposals: list[dict]) -> list[dict]:
    """The similar-idea index (proposals.services.index_terms does this for real ideas);
    sets each row's term_count too."""
    rows = []
    for proposal in proposals:
        counts = terms(proposal["title"], proposal["body"])
        proposal["term_count"] = sum(counts.values())
        rows.extend({"proposal_id": proposal["id"], "process_id": 1, "term": term,
                     "count": count} for term, count in counts.items())
    return rows


def _support_pairs(rng: random.Random, sizes: Sizes, proposals: list[dict]) -> list[tuple]:
    """Unique (user id, proposal id) pairs, skewed towards popular ideas."""
    votable = [p for p in proposals if p["status"] == "published"]
    weights = zipf_weights(rng, len(votable), 0.5)
    ids = [p["id"] for p in votable]
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < sizes.supports:
        need = sizes.supports - len(pairs)
        for proposal_id in rng.choices(ids, cum_weights=cumulative, k=need):
            pairs.add((rng.randint(1, sizes.users), proposal_id))
    return sorted(pairs, key=lambda pair: (pair[1], pair[0]))


def build(sizes: Sizes, now: datetime, seed: int = 1) -> dict:
    """Create the tables and fill them; call inside an app context after check_empty().
    Returns a summary."""
    started = time.perf_counter()
    db.create_all()
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    proposals = _proposal_rows(rng, sizes, now)
    pairs = _support_pairs(rng, sizes, proposals)
    counts: dict[int, int] = {}
    for _user_id, proposal_id in pairs:
        counts[proposal_id] = counts.get(proposal_id, 0) + 1
    for row in proposals:
        row["vote_count"] = row["voter_count"] = counts.get(row["id"], 0)
    voting_start = now - timedelta(days=30)
    supports = [{"id": i, "process_id": 1, "user_id": user_id, "proposal_id": proposal_id,
                 "created_at": voting_start + timedelta(seconds=rng.uniform(0, 30 * 86_400))}
                for i, (user_id, proposal_id) in enumerate(pairs, start=1)]
    generated = time.perf_counter()
    _process_rows(now)
    _insert(User, _user_rows(rng, sizes.users, now))
    term_rows = _term_rows(proposals)
    _insert(Proposal, proposals)
    _insert(ProposalTerm, term_rows)
    _insert(Support, supports)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # statistics and visibility map, as autovacuum would make them after a bulk load
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE"))
    done = time.perf_counter()
    return {"users": sizes.users, "proposals": len(proposals), "supports": len(supports),
            "max_supports_per_idea": max(counts.values()),
            "generate_s": generated - started, "insert_s": done - generated,
            "total_s": done - started}


def drop() -> None:
    """Leave the database empty again (inside an app context)."""
    db.session.remove()
    db.drop_all()
