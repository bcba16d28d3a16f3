"""The bare baseline: a tiny Flask app with one Jinja template and no database.

It renders the same 20 ideas as the list page (title, author name, date, excerpt, counts)
from a plain Python list, in a page of similar markup. Its time is the floor that Flask,
Werkzeug's test client and Jinja cost anyway; the list page is compared with it.
"""

from __future__ import annotations

import os

from flask import Flask, render_template, request
from flask_babel import format_date

from participation.processes.services import get_process
from participation.proposals.models import PUBLIC_STATUSES
from participation.proposals.services import ProposalQuery, list_proposals
from participation.sanitize import plain_excerpt

from .data import SLUG

PATH = "/bare"


def rows_from(app: Flask) -> dict:
    """The first list page of the benchmark process, as plain data for the bare template."""
    with app.test_request_context(f"/processes/{SLUG}/proposals"):
        process = get_process(SLUG)
        page = list_proposals(process, ProposalQuery(), None, per_page=20)
        rows = [{
            "id": p.id, "title": p.title, "author": p.author_name,
            "iso_date": p.created_at.isoformat(), "date": format_date(p.created_at, "medium"),
            "topic": p.topic.name if p.topic else None,
            "district": p.district.name if p.district else None,
            "excerpt": plain_excerpt(p.body, 220), "comment_count": p.comment_count,
            "vote_count": p.vote_count,
        } for p in page.items]
        return {
            "rows": rows, "total": page.total, "slug": SLUG, "process_title": process.title,
            "topics": [{"id": t.id, "name": t.name} for t in process.topics],
            "districts": [{"id": d.id, "name": d.name} for d in process.districts],
            "statuses": list(PUBLIC_STATUSES), "pages": [1, 2, 3, page.pages],
        }


def make_app(context: dict) -> Flask:
    app = Flask("bench.bare", template_folder=os.path.join(os.path.dirname(__file__),
                                                           "templates"))

    @app.route(PATH)
    def bare():
        return render_template("bare.html", path=request.full_path.rstrip("?"), **context)

    return app
