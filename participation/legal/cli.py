"""`flask --app wsgi privacy purge` and the log rotation example (stable names, see README)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from .purge import purge_personal_data

privacy_cli = AppGroup("privacy", help="Retention of personal data.")
LOGROTATE_EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "logrotate-nginx.conf"


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def purge_command(dry_run: bool) -> None:
    """Remove or pseudonymise personal data of processes closed longer than
    PRIVACY_RETENTION_DAYS, and delete older accessibility feedback."""
    days = current_app.config["PRIVACY_RETENTION_DAYS"]
    report = purge_personal_data(days, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "Would remove or pseudonymise" if dry_run else "Removed or pseudonymised"
    click.echo(f"Retention: {days} days; processes closed before {report.cutoff.isoformat()}.")
    for item in report.processes:
        parts = ", ".join(f"{n} {key}" for key, n in item.counts.items() if n)
        click.echo(f"  {item.slug} (closed {item.closed_on.isoformat()}): {parts}")
    click.echo(f"  accessibility feedback: {report.feedback}")
    click.echo(f"{verb} {report.total} items in {len(report.processes)} processes."
               + (" Nothing was changed (dry run)." if dry_run else ""))


@privacy_cli.command("logrotate")
def logrotate_command() -> None:
    """Print deploy/logrotate-nginx.conf with maxage set to LOG_RETENTION_DAYS."""
    days = current_app.config["LOG_RETENTION_DAYS"]
    text = LOGROTATE_EXAMPLE.read_text(encoding="utf-8")
    lines = [f"    maxage {days}" if line.strip().startswith("maxage ") else
             (f"    rotate {days}" if line.strip().startswith("rotate ") else line)
             for line in text.splitlines()]
    click.echo("\n".join(lines))
