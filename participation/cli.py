"""Command line: demo data, users and tokens, process phases (stable names, see README)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import TypeVar

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .accounts import services as account_services
from .accounts.models import Role, User
from .errors import DomainError
from .extensions import db
from .processes import services as process_services
from .processes.models import PhaseKind

users_cli = AppGroup("users", help="Manage user accounts.")
processes_cli = AppGroup("processes", help="Manage participation processes.")
workshops_cli = AppGroup("workshops", help="Manage live workshops.")
districts_cli = AppGroup("districts", help="Manage the districts of processes and their areas.")
T = TypeVar("T")
log = logging.getLogger(__name__)


def _commit(action: Callable[[], T]) -> T:
    """Run a service call and commit; a rule that says no rolls back and ends the command
    with its message (click.ClickException, exit code 1)."""
    try:
        result = action()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc.message)) from exc
    db.session.commit()
    return result


@workshops_cli.command("list")
def list_workshops() -> None:
    """List workshops: id, process, status, join code, title."""
    from sqlalchemy import select

    from .workshops.models import Workshop

    for workshop in db.session.execute(select(Workshop).order_by(Workshop.id)).scalars():
        click.echo(f"{workshop.id}\t{workshop.process.slug}\t{workshop.status}\t"
                   f"{workshop.join_code or '-'}\t{workshop.title}")


@workshops_cli.command("open")
@click.argument("workshop_id", type=int)
@click.option("--as", "email", help="Facilitator who opens it (default: who prepared it).")
def open_workshop(workshop_id: int, email: str | None) -> None:
    """Open a workshop for participants and print its join code."""
    from .workshops import services as workshop_services

    def open_it() -> str:
        workshop = workshop_services.get_workshop(workshop_id)
        user = (account_services.find_user_by_email(email) if email
                else (db.session.get(User, workshop.created_by_id)
                      if workshop.created_by_id else None))
        return workshop_services.open_workshop(user, workshop)

    click.echo(_commit(open_it))


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.CITIZEN.value,
              show_default=True)
@click.option("--password", help="Password; a random one is generated and printed if omitted.")
@click.option("--name", "display_name", help="Display name (default: the part before the @).")
def create_user(email: str, role: str, password: str | None, display_name: str | None) -> None:
    """Add a user with a role; the e-mail address counts as confirmed."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    user = _commit(lambda: account_services.create_user(
        email, display_name or email.split("@")[0][:60], password, role=Role(role),
        confirmed=True))
    click.echo(f"Created user {user.email} with role {user.role} (id {user.id}).")
    if generated:
        click.echo(f"Password: {password}")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="cli", show_default=True, help="Name of the token.")
def create_token(email: str, name: str) -> None:
    """Print a new personal API token for the user (shown only this once)."""
    user = account_services.find_user_by_email(email)
    if user is None or not user.is_active:
        raise click.ClickException(f"No active user with e-mail {email}.")
    _token, plain = account_services.create_api_token(user, name)
    db.session.commit()
    click.echo(plain)


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role(email: str, role: str) -> None:
    """Give an existing user a role."""
    user = account_services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    account_services.set_role(user, role)
    db.session.commit()
    click.echo(f"{user.email} is now {user.role}.")


@processes_cli.command("phase")
@click.argument("slug")
@click.argument("phase", type=click.Choice([p.value for p in PhaseKind]))
def set_phase(slug: str, phase: str) -> None:
    """Move a process to a phase."""
    _commit(lambda: process_services.set_phase(process_services.get_process(slug), phase))
    click.echo(f"Process {slug} is now in phase {phase}.")


@processes_cli.command("reindex")
@click.argument("slug")
def reindex(slug: str) -> None:
    """Index the ideas of a process again for similar-idea hints and possible duplicates."""
    from .proposals.services import reindex_process

    count = _commit(lambda: reindex_process(process_services.get_process(slug)))
    click.echo(f"{count} ideas of {slug} indexed.")


@processes_cli.command("list")
def list_processes() -> None:
    """List processes with their current phase."""
    from sqlalchemy import select

    from .processes.models import Process

    for process in db.session.execute(select(Process).order_by(Process.id)).scalars():
        click.echo(f"{process.slug}\t{process.current_phase}\t{process.title}")


@districts_cli.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--process", "slug", required=True, help="The short name of the process.")
def import_districts(file, slug: str) -> None:
    """Set a process's districts and their areas from a GeoJSON FeatureCollection of Polygon
    or MultiPolygon features, each with a "name" property; all or nothing."""
    data = file.read(process_services.MAX_DISTRICT_FILE_BYTES + 1)
    report = _commit(lambda: process_services.import_districts(
        process_services.get_process(slug), data))
    click.echo(f"Districts of {slug}: {len(report['added'])} added, "
               f"{len(report['updated'])} updated, {len(report['removed'])} removed, "
               f"{len(report['kept'])} kept without area (ideas use them).")
    for name in report["kept"]:
        click.echo(f"  kept without area: {name}")


@click.command("demo")
@click.option("--force", is_flag=True, help="Load the demo even when APP_ENV=production.")
def demo_command(force: bool) -> None:
    """Load the demo city Musterstadt: its processes, workshops and demo accounts (idempotent)."""
    from .demo import DEMO_PASSWORD, live_workshop, load_demo

    if current_app.config["APP_ENV"] == "production" and not force:
        raise click.ClickException("The demo has well-known passwords; not loaded in "
                                   "production (use --force to insist).")
    created = load_demo()
    if created:
        click.echo("Demo city loaded.")
    else:
        click.echo("Demo city already present; nothing changed.")
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for role in Role:
        click.echo(f"  {role.value}@demo.local ({role.value})")
    running = live_workshop()
    if running is not None:
        workshop, code = running
        click.echo(f"Live workshop \"{workshop.title}\" ({workshop.process.slug}): join code "
                   f"{code}, at /join or /w/{code}")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve_command(host: str, port: int) -> None:
    """Serve pages and the live workshop board (Socket.IO) with the development server."""
    from werkzeug.serving import make_server

    from .runtime import settle_server_process

    app = current_app._get_current_object()
    if app.config.get("SOCKETIO_ASYNC_MODE") != "threading":
        raise click.ClickException("`flask serve` is the development server (Socket.IO in "
                                   "threads); with gevent, run gunicorn (README, Deploying).")
    # Werkzeug's server itself, as Flask-SocketIO's run() starts it in threading mode (the
    # Socket.IO middleware is inside app.wsgi_app), but without run()'s warnings: they say
    # "production deployment" whenever stdin is no terminal, as under make, which alarms
    # more than it helps. Production is gunicorn (gunicorn.conf.py) and never runs this.
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise click.ClickException(f"Cannot listen on {host}:{port}: {exc.strerror or exc}. "
                                   "Is another server running? Choose one with PORT=…") from exc
    url = f"http://{host}:{server.server_port}"
    settle_server_process()
    log.info("development server on %s – for production use gunicorn, see README "
             "(Deploying)", url, extra={"component": "serve", "url": url})
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("development server stopped", extra={"component": "serve"})
    finally:
        server.server_close()


def register_commands(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(processes_cli)
    app.cli.add_command(workshops_cli)
    app.cli.add_command(districts_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(serve_command)
    from .legal.cli import privacy_cli

    app.cli.add_command(privacy_cli)
    from .notifications.cli import notifications_cli

    app.cli.add_command(notifications_cli)
