"""Ideas on the map: `GET /api/v1/processes/<slug>/proposals.geojson` of a process with
10,000 ideas, each with a point in one of the demo town's six districts (and most with a
place description); p50 and p99 through the test client, the answer's size uncompressed and
gzipped, and its SQL statements. Also the districts' GeoJSON with their idea counts, and the
idea list's map view (the page; its markers come from the GeoJSON).

Run alone: `.venv/bin/python -m bench.run --only map --requests 50`.
"""

from __future__ import annotations

import gzip
import os
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

from participation.extensions import db
from participation.processes import geo
from participation.processes import services as process_services
from participation.processes.models import Topic
from participation.proposals.models import Proposal

from .pages_bench import make_app
from .timing import summarise, time_calls

IDEAS = 10_000
SLUG = "karte-2040"
TARGET_MS = 30.0
TARGET_BYTES = 1_500_000
DISTRICT_FILE = (Path(__file__).resolve().parent.parent / "participation" / "demo_data"
                 / "zukunft-2035-districts.geojson")
PLACES = ("Marktplatz, vor der Kirche", "Uferpromenade", "Bahnhofsvorplatz", "Am Spielplatz",
          "Ecke Lindenstraße", None, None)


def _fill(rng: random.Random) -> None:
    db.create_all()
    process = process_services.create_process(SLUG, "Karte 2040 (Benchmark)")
    process_services.set_topics(process, ["Klima", "Mobilität", "Wohnen", "Kultur"])
    process_services.import_districts(process, DISTRICT_FILE.read_bytes())
    db.session.flush()
    areas = process_services.district_areas(process)
    box = process_services.city_bbox(process)
    topics = list(db.session.execute(
        select(Topic.id).where(Topic.process_id == process.id)).scalars())
    now = datetime.now(UTC)
    rows = []
    while len(rows) < IDEAS:
        lat, lon = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
        district = geo.find_area(areas, lat, lon)
        if district is None:
            continue
        n = len(rows) + 1
        rows.append({
            "process_id": process.id, "title": f"Idee {n}: mehr Grün und Bänke",
            "body": "Text", "topic_id": rng.choice(topics), "district_id": district.id,
            "lat": lat, "lon": lon, "place": rng.choice(PLACES), "status": "published",
            "origin": "online", "search_text": f"idee {n}", "vote_count": rng.randint(0, 200),
            "created_at": now - timedelta(minutes=n)})
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(Proposal), rows[start:start + 1000])
    db.session.commit()


def _queries(app, client, path: str) -> int:
    count = 0

    def seen(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count


def _row(app, name: str, path: str, requests: int, warmup: int, target: bool) -> dict:
    client = app.test_client()
    body = client.get(path).get_data()
    stats = summarise(time_calls(lambda: client.get(path), requests, warmup))
    return {"name": name, "stats": stats, "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, 6)),
            "queries": _queries(app, client, path),
            "met": (stats["p50_ms"] <= TARGET_MS and len(body) <= TARGET_BYTES)
            if target else None}


def run(requests: int = 50, warmup: int = 5) -> dict:
    ideas = f"/api/v1/processes/{SLUG}/proposals.geojson"
    districts = f"/api/v1/processes/{SLUG}/districts.geojson"
    with tempfile.TemporaryDirectory(prefix="zk-map-") as folder:
        url = f"sqlite:///{os.path.join(folder, 'map.db')}"
        fresh = make_app(url, page_cache=False)
        with fresh.app_context():
            _fill(random.Random(2040))  # noqa: S311 - repeatable test data, not secrets
        cached = make_app(url)
        rows = [
            _row(fresh, "proposals.geojson", ideas, requests, warmup, True),
            _row(fresh, "  ?topic=1", f"{ideas}?topic=1", requests, warmup, False),
            _row(cached, "  from the page cache", ideas, requests, warmup, False),
            _row(fresh, "districts.geojson", districts, requests, warmup, False),
            _row(fresh, "idea map page", f"/processes/{SLUG}/proposals?view=map", requests,
                 warmup, False),
        ]
        for app in (fresh, cached):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return {"ideas": IDEAS, "requests": requests, "warmup": warmup,
            "target": f"p50 <= {TARGET_MS:g} ms, <= {TARGET_BYTES / 1e6:g} MB", "rows": rows}


def print_result(result: dict) -> None:
    print(f"\nMap: {result['ideas']:,} ideas with points, {result['requests']} requests after "
          f"{result['warmup']} warm-up (target {result['target']})")
    print(f"{'endpoint':<22}{'p50 ms':>9}{'p99 ms':>9}{'KB':>9}{'gzip KB':>9}{'SQL':>5}  met")
    for row in result["rows"]:
        met = "-" if row["met"] is None else ("yes" if row["met"] else "NO")
        print(f"{row['name']:<22}{row['stats']['p50_ms']:>9.2f}{row['stats']['p99_ms']:>9.2f}"
              f"{row['bytes'] / 1024:>9.1f}{row['gzip_bytes'] / 1024:>9.1f}{row['queries']:>5}"
              f"  {met}")
