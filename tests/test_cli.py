"""The command line an operator uses: users, tokens, process phases and the demo city.

Every command runs in its own application context (as `flask ...` does), so the test
re-reads the database after it.
"""

from __future__ import annotations

import contextvars
import re

import pytest
from flask import has_app_context
from sqlalchemy import func, select

from participation.accounts import services
from participation.accounts.models import Role, User
from participation.extensions import db as _db
from participation.processes.models import PhaseKind, Process
from participation.proposals.models import Comment, Proposal
from tests.conftest import PASSWORD


def invoke(app, *args: str):
    """Run `flask <args>` against the app, as a separate invocation would."""

    def run():
        with app.app_context():
            return app.test_cli_runner().invoke(args=list(args))

    if has_app_context():
        _db.session.commit()  # what the test set up is visible; no lock held on SQLite
    result = contextvars.Context().run(run)
    if has_app_context():
        _db.session.rollback()  # read what the command wrote, not cached objects
    return result


def assert_failed_with_message(result) -> None:
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    message = re.search(r"Error: (.+)", result.output)
    assert message, result.output
    assert message.group(1).strip()


def _user(email: str) -> User | None:
    return _db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()


def _count(model) -> int:
    return _db.session.execute(select(func.count()).select_from(model)).scalar_one()


# --- users ----------------------------------------------------------------------------------


def test_users_create_adds_a_confirmed_user_with_the_role(app):
    result = invoke(app, "users", "create", "New@Example.org", "--role", "planner",
                    "--password", "secret-password-1")

    assert result.exit_code == 0, result.output
    user = _user("new@example.org")
    assert user is not None
    assert user.role == Role.PLANNER.value
    assert user.email_confirmed_at is not None
    assert user.display_name == "New"
    assert "secret-password-1" not in (user.password_hash or "")
    assert services.authenticate("new@example.org", "secret-password-1").id == user.id
    assert "Password:" not in result.output  # a given password is not echoed


def test_users_create_refuses_a_registered_address(app, make_user):
    make_user(email="new@example.org", role=Role.CITIZEN)

    result = invoke(app, "users", "create", "NEW@example.org", "--role", "admin",
                    "--password", "secret-password-1")

    assert_failed_with_message(result)
    assert _count(User) == 1
    assert _user("new@example.org").role == Role.CITIZEN.value
    assert services.authenticate("new@example.org", PASSWORD) is not None


def test_users_create_refuses_a_short_password_and_an_unknown_role(app):
    short = invoke(app, "users", "create", "new@example.org", "--password", "short")
    unknown_role = invoke(app, "users", "create", "new@example.org", "--role", "mayor",
                          "--password", "secret-password-1")

    assert_failed_with_message(short)
    assert_failed_with_message(unknown_role)
    assert _count(User) == 0


def test_users_create_without_password_prints_one_that_works(app):
    result = invoke(app, "users", "create", "new@example.org")

    assert result.exit_code == 0, result.output
    match = re.search(r"^Password: (\S+)$", result.output, re.MULTILINE)
    assert match, result.output
    password = match.group(1)
    assert len(password) >= services.PASSWORD_MIN
    user = services.authenticate("new@example.org", password)
    assert user is not None
    assert user.role == Role.CITIZEN.value


def test_users_token_prints_a_token_that_authenticates(app, make_user):
    user = make_user(email="clara@example.org")

    result = invoke(app, "users", "token", "Clara@example.org")

    assert result.exit_code == 0, result.output
    plain = result.output.strip().splitlines()[-1]
    assert plain.startswith(services.TOKEN_PREFIX)
    owner = services.user_for_token(plain)
    assert owner is not None
    assert owner.id == user.id


@pytest.mark.parametrize("deleted", [False, True], ids=["unknown", "deleted"])
def test_users_token_fails_without_an_active_user(app, make_user, deleted):
    if deleted:
        user = make_user(email="gone@example.org")
        services.delete_account(user)
    address = "gone@example.org" if deleted else "unknown@example.org"

    result = invoke(app, "users", "token", address)

    assert_failed_with_message(result)
    assert "zk_" not in result.output


def test_users_role_changes_the_role(app, make_user):
    make_user(email="clara@example.org")

    assert invoke(app, "users", "role", "clara@example.org", "facilitator").exit_code == 0
    assert _user("clara@example.org").role == Role.FACILITATOR.value
    assert_failed_with_message(invoke(app, "users", "role", "nobody@example.org", "admin"))


# --- processes ------------------------------------------------------------------------------


def test_processes_phase_moves_the_process(app, make_process):
    process = make_process(phase=PhaseKind.IDEAS)
    slug, process_id = process.slug, process.id

    result = invoke(app, "processes", "phase", slug, "voting")

    assert result.exit_code == 0, result.output
    assert _db.session.get(Process, process_id).current_phase == PhaseKind.VOTING.value


def test_processes_phase_refuses_unknown_phase_and_process(app, make_process):
    process = make_process(phase=PhaseKind.IDEAS)
    slug, process_id = process.slug, process.id

    unknown_phase = invoke(app, "processes", "phase", slug, "celebration")
    unknown_process = invoke(app, "processes", "phase", "no-such-process", "voting")

    assert_failed_with_message(unknown_phase)
    assert_failed_with_message(unknown_process)
    assert _db.session.get(Process, process_id).current_phase == PhaseKind.IDEAS.value


def test_processes_list_shows_slug_and_phase(app, make_process):
    process = make_process(phase=PhaseKind.WORKSHOPS)
    slug = process.slug

    result = invoke(app, "processes", "list")

    assert result.exit_code == 0, result.output
    assert f"{slug}\tworkshops\t" in result.output


# --- demo -----------------------------------------------------------------------------------


def _demo_counts() -> dict[str, int]:
    return {"users": _count(User), "processes": _count(Process),
            "proposals": _count(Proposal), "comments": _count(Comment)}


def test_demo_loads_the_demo_city_once(app):
    first = invoke(app, "demo")

    assert first.exit_code == 0, first.output
    process = _db.session.execute(
        select(Process).where(Process.slug == "zukunft-2035")).scalar_one()
    assert process.current_phase == PhaseKind.IDEAS.value
    proposals = _db.session.execute(
        select(func.count(Proposal.id)).where(Proposal.process_id == process.id)).scalar_one()
    assert proposals == 40
    for role in Role:
        user = services.authenticate(f"{role.value}@demo.local", "demo-password")
        assert user is not None, role
        assert user.role == role.value
        assert user.is_confirmed
    counts = _demo_counts()
    assert counts["comments"] > 0

    second = invoke(app, "demo")

    assert second.exit_code == 0, second.output
    assert _demo_counts() == counts


def test_demo_is_not_loaded_in_production_without_force(make_app):
    production = make_app(APP_ENV="production", SECRET_KEY="a-long-random-production-secret",
                          ALLOW_SQLITE_IN_PRODUCTION=True)

    with production.app_context():
        refused = invoke(production, "demo")
        assert_failed_with_message(refused)
        assert _count(Process) == 0
        assert _count(User) == 0
        forced = invoke(production, "demo", "--force")
        assert forced.exit_code == 0, forced.output
        assert _count(Process) == 3  # the demo city has three processes
