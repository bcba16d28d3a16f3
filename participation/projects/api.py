"""JSON API of candidate projects: the open-data feed and the exports (under /api/v1)."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask_login import current_user

from ..api import bp
from ..processes.services import get_process
from . import downloads, feed


@bp.route("/processes/<slug>/projects")
def project_feed(slug: str):
    """The published projects of a process as open data (schema projects-v1)."""
    process = get_process(slug)
    response = jsonify(feed.build_document(process))
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@bp.route("/processes/<slug>/export.<fmt>")
def export(slug: str, fmt: str):
    """A download: csv (?table=projects|proposals), xlsx, json or pdf. Planners get drafts
    too unless ?public=1; everyone else gets the published list."""
    process = get_process(slug)
    table = request.args.get("table", "projects")
    download = downloads.build_download(
        current_user, process, fmt, table if table in downloads.TABLES else "projects",
        public=request.args.get("public") == "1")
    response = Response(download.body, mimetype=download.mimetype.split(";")[0])
    if "charset" in download.mimetype:
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
