"""`flask --app wsgi notifications send|digest`: for a systemd timer or cron (see README)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .sending import send_digests, send_due

notifications_cli = AppGroup("notifications", help="Notification e-mails.")


@notifications_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="At most this many mails.")
def send_command(limit: int) -> None:
    """Send the notification mails that are due (new ones and retries)."""
    report = send_due(limit=limit)
    click.echo(f"Sent {report.sent}, to retry {report.retry}, failed {report.failed}, "
               f"skipped {report.skipped}.")


@notifications_cli.command("digest")
def digest_command() -> None:
    """Send the daily digest: one mail per person who chose it, listing their news."""
    report = send_digests()
    click.echo(f"Digests sent {report.sent}, to retry {report.retry}, failed {report.failed}, "
               f"skipped {report.skipped}.")
