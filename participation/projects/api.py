"""JSON API of candidate projects: the open-data feed and the exports (mounted under /api/v1
by the api package)."""

from __future__ import annotations

import copy

from flask import Blueprint, Response, jsonify, request
from flask_login import current_user

from ..apikit.docs import OPTIONAL_AUTH, ApiDoc, Schema, errors, ok, param, param_ref, ref
from ..processes.services import get_process
from . import downloads, feed

bp = Blueprint("projects", __name__)


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
    # the api blueprint has refused a table outside the document's enum (check_query)
    table = request.args.get("table") or "projects"
    download = downloads.build_download(
        current_user, process, fmt, table if table in downloads.TABLES else "projects",
        public=request.args.get("public") == "1")
    response = Response(download.body, mimetype=download.mimetype.split(";")[0])
    if "charset" in download.mimetype:
        response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _feed_schema() -> Schema:
    """The project feed's JSON Schema file, its $defs addressed inside the API document."""
    schema = copy.deepcopy(feed.schema())
    schema.pop("$schema", None)
    schema.pop("$id", None)
    prefix = "#/components/schemas/ProjectFeed/$defs/"

    def rewrite(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
                node["$ref"] = prefix + node["$ref"][len("#/$defs/"):]
            for value in node.values():
                rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(schema)
    return schema


def api_doc() -> ApiDoc:
    """The feed and the exports; the feed's schema is the published JSON Schema file."""
    slug = [param_ref("slug")]
    binary = {"schema": {"type": "string", "contentEncoding": "binary"}}
    return ApiDoc(schemas={"ProjectFeed": _feed_schema()}, paths={
        "/processes/{slug}/projects": {"get": {
            "operationId": "projectFeed",
            "summary": "The published candidate projects as open data (schema "
                       "/schemas/projects-v1.schema.json); other deployments import it.",
            "security": OPTIONAL_AUTH, "parameters": slug,
            "responses": {**ok("ProjectFeed", "The feed; projects is empty while nothing "
                                              "is published."), **errors(404)},
        }},
        "/processes/{slug}/export.{fmt}": {"get": {
            "operationId": "exportProjects",
            "summary": "Download the projects and ideas: csv (semicolons, UTF-8 with BOM, "
                       "for a German Excel), xlsx, json (the feed with every idea), pdf "
                       "(the council report). Planners get drafts and author names; "
                       "everyone else the published list without personal data.",
            "security": OPTIONAL_AUTH,
            "parameters": slug + [
                param("fmt", "path", {"type": "string", "enum": ["csv", "xlsx", "json",
                                                                  "pdf"]}, "The format."),
                param("table", "query", {"type": "string", "enum": ["projects", "proposals"],
                                         "default": "projects"},
                      "csv only: the projects, or every idea with its vote figures."),
                param("public", "query", {"type": "string", "enum": ["1"]},
                      "Planners: the public version (published projects, no names)."),
            ],
            "responses": {
                "200": {"description": "The file, as an attachment.", "content": {
                    "text/csv": binary,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                        binary,
                    "application/json": {"schema": ref("ProjectFeed")},
                    "application/pdf": binary}},
                **errors(404)},
        }},
    })
