"""The phase × role matrix for ideas and comments, enforced by the server."""

from __future__ import annotations

import pytest

from participation.processes.models import PhaseKind
from participation.proposals import rules

ROLES = ["anonymous", "unconfirmed", "citizen", "facilitator", "planner", "admin"]
COMMENT_PHASES = {PhaseKind.IDEAS, PhaseKind.WORKSHOPS, PhaseKind.VOTING}


def _person(make_user, role):
    if role == "anonymous":
        return None
    if role == "unconfirmed":
        return make_user(confirmed=False)
    return make_user(role=role)


@pytest.mark.parametrize("phase", list(PhaseKind))
@pytest.mark.parametrize("role", ROLES)
def test_create_proposal_matrix(app, make_process, make_user, phase, role):
    process = make_process(phase=phase)
    user = _person(make_user, role)
    expected = phase == PhaseKind.IDEAS and role not in ("anonymous", "unconfirmed")
    assert rules.can_create_proposal(user, process) is expected


@pytest.mark.parametrize("phase", list(PhaseKind))
@pytest.mark.parametrize("role", ROLES)
def test_comment_matrix(app, db, make_process, make_proposal, make_user, phase, role):
    process = make_process()
    proposal = make_proposal(process)
    process.current_phase = phase.value
    db.session.commit()
    user = _person(make_user, role)
    expected = phase in COMMENT_PHASES and role not in ("anonymous", "unconfirmed")
    assert rules.can_comment(user, proposal) is expected


@pytest.mark.parametrize("phase", list(PhaseKind))
@pytest.mark.parametrize("who", ["author", "other", "admin"])
def test_edit_matrix(app, db, make_process, make_proposal, make_user, phase, who):
    author = make_user()
    process = make_process()
    proposal = make_proposal(process, author=author)
    process.current_phase = phase.value
    db.session.commit()
    user = {"author": author, "other": make_user(), "admin": make_user(role="admin")}[who]
    expected = who == "author" and phase == PhaseKind.IDEAS
    assert rules.can_edit_proposal(user, proposal) is expected


@pytest.mark.parametrize("role", ROLES)
def test_moderation_matrix(app, make_user, role):
    user = _person(make_user, role)
    assert rules.can_moderate(user) is (role in ("facilitator", "admin"))


@pytest.mark.parametrize("phase", [PhaseKind.INFORMATION, PhaseKind.IDEAS, PhaseKind.RESULTS])
@pytest.mark.parametrize("role", ROLES)
def test_post_routes_follow_the_matrix(client, db, make_process, make_user, login_as, phase,
                                       role):
    """The HTTP route refuses exactly what the predicate refuses (no rule only in a page)."""
    from sqlalchemy import func, select

    from participation.proposals.models import Proposal

    process = make_process(phase=phase)
    user = _person(make_user, role)
    if user is not None:
        login_as(user)
    response = client.post(f"/processes/{process.slug}/proposals/new",
                           data={"title": "Idee", "body": "Text"})
    stored = db.session.execute(select(func.count(Proposal.id))).scalar_one()
    if rules.can_create_proposal(user, process):
        assert response.status_code == 302 and stored == 1
    else:
        assert response.status_code in (302, 403, 409) and stored == 0
        if user is None:
            assert "/account/login" in response.headers["Location"]
