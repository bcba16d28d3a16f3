"""The live board's rate limits without a socket (workshops/limits.py, ratelimits.spend/check/
count): what is counted for whom. Through the socket: test_abuse_limits.py and
test_workshop_socket.py (join-code guessing)."""

from __future__ import annotations

import pytest

from participation import ratelimits
from participation.errors import NotAllowed, NotFound, RateLimited
from participation.workshops import limits, services
from participation.workshops.services import Actor

HERE, THERE = "10.0.0.1", "10.0.0.2"


@pytest.fixture
def limited(make_app, app):
    """An app (its context pushed over `app`'s) with the rate limiter on and the given settings."""
    contexts = []

    def build(**settings):
        app = make_app(RATELIMIT_ENABLED=True, **settings)
        context = app.app_context()
        context.push()
        contexts.append(context)
        return app

    yield build
    for context in reversed(contexts):
        context.pop()


def test_spend_refuses_over_the_limit_check_only_looks_count_never_refuses(limited):
    limited(WORKSHOP_JOIN_ATTEMPTS="2 per minute")
    ratelimits.check("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)  # looking counts nothing
    ratelimits.check("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    ratelimits.count("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    ratelimits.count("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)  # over, and not refused
    with pytest.raises(RateLimited):
        ratelimits.check("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    with pytest.raises(RateLimited):
        ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "scope", THERE)  # per key
    ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "other scope", HERE)  # per scope


def test_nothing_is_counted_while_rate_limiting_is_off(app):
    for _ in range(5):
        ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)
    app.config["RATELIMIT_ENABLED"] = True
    app.config["WORKSHOP_JOIN_ATTEMPTS"] = "1 per minute"
    ratelimits.spend("WORKSHOP_JOIN_ATTEMPTS", "scope", HERE)  # the first one counted


def test_wrong_codes_are_counted_per_address_correct_ones_are_not(limited):
    limited(WORKSHOP_JOIN_ATTEMPTS="2 per minute")
    for _ in range(3):
        with limits.join_attempt(HERE):
            pass  # a correct code
    for error in (NotFound, NotAllowed):
        with pytest.raises(error), limits.join_attempt(HERE):
            raise error()
    with pytest.raises(RateLimited), limits.join_attempt(HERE):
        pytest.fail("an address that guessed too often gets no attempt")
    with limits.join_attempt(THERE):
        pass


def test_commands_are_counted_per_participant_and_address_facilitators_not(limited):
    limited(WORKSHOP_COMMAND_RATE_LIMIT="2 per minute", WORKSHOP_ADDRESS_RATE_LIMIT="3 per minute")
    anna, ben = Actor(participant_id=1), Actor(participant_id=2)
    limits.spend_command(anna, HERE)
    limits.spend_command(anna, HERE)
    with pytest.raises(RateLimited):
        limits.spend_command(anna, THERE)  # her own limit, from any address
    limits.spend_command(ben, HERE)  # the third from this address
    with pytest.raises(RateLimited):
        limits.spend_command(ben, HERE)  # the fourth: the address's limit, not Ben's
    limits.spend_command(Actor(participant_id=3), THERE)
    facilitator = Actor(participant_id=None, user=object())
    for _ in range(5):
        limits.spend_command(facilitator, HERE)


def test_new_participants_are_counted_per_address(limited):
    limited(WORKSHOP_JOINS_PER_ADDRESS="1 per minute")
    limits.spend_new_participant(HERE)
    with pytest.raises(RateLimited):
        limits.spend_new_participant(HERE)
    limits.spend_new_participant(THERE)


def test_joining_counts_new_participants_and_wrong_tokens_not_comebacks(limited, db, make_user,
                                                                       make_process):
    limited(WORKSHOP_JOINS_PER_ADDRESS="1 per minute", WORKSHOP_JOIN_ATTEMPTS="1 per minute")
    facilitator = make_user(role="facilitator")
    workshop = services.create_workshop(facilitator, make_process(), "Werkstatt")
    code = services.open_workshop(facilitator, workshop)
    anna, token = services.enter_by_code(code, HERE, nickname="Anna")
    assert services.enter_by_code(code, HERE, token=token) == (anna, token)  # not new
    with pytest.raises(RateLimited):
        services.enter_by_code(code, HERE, nickname="Ben")  # the second new one
    with pytest.raises(NotAllowed):
        services.enter_by_code(code, THERE, token="wp_not-a-token")
    with pytest.raises(RateLimited):  # that wrong token was THERE's one attempt
        services.enter_by_code(code, THERE, token=token)


def test_an_address_holds_only_so_many_sockets(app):
    app.config["WORKSHOP_CONNECTIONS_PER_ADDRESS"] = 2
    connections = limits.Connections()
    assert connections.admit("a", HERE) and connections.admit("b", HERE)
    assert not connections.admit("c", HERE)
    assert connections.admit("c", THERE)
    connections.release("a")
    connections.release("never-admitted")
    assert connections.admit("d", HERE)
    assert not connections.admit("e", HERE)
    app.config["WORKSHOP_CONNECTIONS_PER_ADDRESS"] = 0  # no limit
    assert connections.admit("e", HERE)
