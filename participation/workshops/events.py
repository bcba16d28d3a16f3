"""The live board's Socket.IO namespace `/workshop`: parse, authorise, call the service, emit.

The wire protocol is fixed in PROTOCOL.md beside this file. Every rule lives in services.py
and rules.py, every rate limit in limits.py (this module only hands them the sender's
address); this module turns socket messages into service calls, and their results into
acks and broadcasts:

- What a socket is (which workshop; which participant, or a facilitator) is kept in its
  Flask-SocketIO session, set by `join` and `sync`. Ids sent with commands are never trusted.
- A facilitator is the logged-in user of the browser session that opened the socket; the
  role is checked again (can_facilitate) for every facilitator action.
- A command runs in one transaction (services.run_command) and is committed; then its events
  go out: the public variant to `w:W:p`, the full one to `w:W:f`. A note awaiting approval
  goes in full to its author's room `w:W:p:<id>` first, and the public variant skips the
  author's sockets (the full one came first, so a client that ignores versions it already
  has keeps the text even if a public copy reaches it through another process).
- The events of a board leave this process in version order (LiveBoard.serialised), and
  before the sender's ack, so an ack never announces a version the client has not seen.
- Every failure becomes an ack `{"ok": false, "error": {code, message}}` in the locale of
  the socket's browser; nothing escapes a handler.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from flask import request, session
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace

from ..errors import (
    DomainError,
    InvalidInput,
    NotAllowed,
    ServerError,
    ack_of,
    error_ack,
)
from ..extensions import db, socketio
from ..sanitize import unstorable
from . import limits, rules, serialize, services
from .live import (
    NAMESPACE,
    LiveBoard,
    facilitators_room,
    participant_room,
    participants_room,
)
from .models import BoardEvent, Workshop
from .serialize import Viewer

log = logging.getLogger(__name__)

STATE = "workshop_socket"  # key of this socket's state in its Flask-SocketIO session
EXTENSION = "workshop_live"


def _text_field(payload: dict, name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str):
        raise InvalidInput(_("The field “%(field)s” must be a text.", field=name))
    return value


def _not_joined() -> dict:
    # a state of the socket, not a rule of the board: answered here, not raised by a service
    return error_ack("not_joined", _("You are not a participant of this workshop."))


class WorkshopNamespace(Namespace):
    """`/workshop`: join, sync and the board commands of services.COMMANDS."""

    def __init__(self, live: LiveBoard) -> None:
        super().__init__(NAMESPACE)
        self.live = live
        self.connections = limits.Connections()

    # --- dispatch -----------------------------------------------------------------------

    def trigger_event(self, event, *args):
        if event in ("connect", "disconnect"):
            return super().trigger_event(event, *args)
        sid, data = args[0], args[1:]
        # Flask-SocketIO's _handle_event gives the handler the app and request context of
        # the socket (its session, its logged-in user, its locale).
        return self.socketio._handle_event(self._answer, event, self.namespace, sid,
                                           event, data)

    def _answer(self, event: str, data: tuple) -> dict:
        """The ack of one client message; catches everything, cleans the session up."""
        try:
            if event == "join":
                handler = self._join
            elif event == "sync":
                handler = self._sync
            elif event in services.COMMANDS:
                handler = self._command
            else:
                raise InvalidInput(_("Unknown command."))
            if len(data) != 1 or not isinstance(data[0], dict):
                raise InvalidInput(_("The command data must be an object."))
            if unstorable(data[0]):
                raise InvalidInput(_("The input contains a character that cannot be stored "
                                     "(a null character)."))
            return handler(event, data[0])
        except DomainError as exc:
            self._rollback()
            return ack_of(exc)
        except Exception:
            log.exception("workshop socket event %r failed", event)
            self._rollback()
            return ack_of(ServerError())
        finally:
            with suppress(Exception):
                db.session.remove()

    @staticmethod
    def _rollback() -> None:
        with suppress(Exception):
            db.session.rollback()

    # An address may hold only so many sockets in this process (limits.Connections).
    def on_connect(self, auth=None):
        if not self.connections.admit(request.sid, get_remote_address()):
            raise ConnectionRefusedError(_("Too many connections from your network. "
                                           "Please try again later."))

    def on_disconnect(self, reason=None):
        self.live.untrack(request.sid)
        self.connections.release(request.sid)

    # --- join and sync -------------------------------------------------------------------

    def _join(self, _event: str, payload: dict) -> dict:
        if "workshop_id" in payload:
            workshop_id = self._facilitated_workshop(payload["workshop_id"]).id
            snapshot = self._enter_and_read(workshop_id, None)
            return {"ok": True, "workshop_id": workshop_id, "snapshot": snapshot}
        code = _text_field(payload, "code")
        token = payload.get("token")
        nickname = None if token is not None else _text_field(payload, "nickname")
        participant, token = services.enter_by_code(code, get_remote_address(), nickname,
                                                    token)
        workshop_id, participant_id = participant.workshop_id, participant.id
        db.session.commit()
        return {"ok": True, "token": token, "participant_id": participant_id,
                "workshop_id": workshop_id,
                "snapshot": self._enter_and_read(workshop_id, participant_id)}

    def _enter_and_read(self, workshop_id: int, participant_id: int | None) -> dict:
        """Enter the board's rooms, then read its snapshot, with no broadcast in between:
        every later event reaches the socket, every earlier one is in the snapshot."""
        viewer = Viewer(participant_id=participant_id, facilitator=participant_id is None)
        with self.live.serialised(workshop_id):
            self._enter(workshop_id, participant_id)
            snapshot = serialize.snapshot(services.get_workshop(workshop_id), viewer)
            db.session.commit()
        return snapshot

    def _sync(self, _event: str, payload: dict) -> dict:
        if "token" in payload:
            participant = services.participant_of(payload["token"])
            workshop_id, participant_id = participant.workshop_id, participant.id
        elif "workshop_id" in payload:
            workshop_id = self._facilitated_workshop(payload["workshop_id"]).id
            participant_id = None
        else:
            state = session.get(STATE)
            if not state:
                return _not_joined()
            workshop_id, participant_id = state["workshop_id"], state["participant_id"]
            if participant_id is None:
                self._facilitated_workshop(workshop_id)
        viewer = Viewer(participant_id=participant_id, facilitator=participant_id is None)
        # rooms first, then read, with no broadcast in between (as in _enter_and_read)
        with self.live.serialised(workshop_id):
            self._enter(workshop_id, participant_id)
            workshop = services.get_workshop(workshop_id)
            since = payload.get("since")
            events = None
            if isinstance(since, int) and not isinstance(since, bool):
                events = serialize.events_since(workshop, since, viewer)
            answer = ({"ok": True, "snapshot": serialize.snapshot(workshop, viewer)}
                      if events is None else {"ok": True, "events": events})
            db.session.commit()
        return answer

    def _facilitated_workshop(self, workshop_id) -> Workshop:
        if not rules.can_facilitate(current_user):
            raise NotAllowed(_("Only facilitators can do this."))
        if not isinstance(workshop_id, int) or isinstance(workshop_id, bool):
            raise InvalidInput(_("The field “%(field)s” must be a whole number.",
                                 field="workshop_id"))
        return services.get_workshop(workshop_id)

    def _enter(self, workshop_id: int, participant_id: int | None) -> None:
        """Put this socket in the rooms of one board (and out of any other board's)."""
        sid = request.sid
        for room in self.server.rooms(sid, namespace=NAMESPACE):
            if room.startswith("w:"):
                self.server.leave_room(sid, room, namespace=NAMESPACE)
        if participant_id is None:
            rooms = [facilitators_room(workshop_id)]
        else:
            rooms = [participants_room(workshop_id),
                     participant_room(workshop_id, participant_id)]
        for room in rooms:
            self.server.enter_room(sid, room, namespace=NAMESPACE)
        session[STATE] = {"workshop_id": workshop_id, "participant_id": participant_id}
        self.live.track(sid, workshop_id, participant_id)
        if not self.server.manager.is_connected(sid, NAMESPACE):  # it left while joining
            self.live.untrack(sid)
            return
        self.server.emit("presence", {"count": self.live.presence(workshop_id)}, to=sid,
                         namespace=NAMESPACE)

    # --- commands ------------------------------------------------------------------------

    def _actor(self, state: dict) -> services.Actor:
        if state["participant_id"] is not None:
            return services.Actor(participant_id=state["participant_id"])
        if not rules.can_facilitate(current_user):
            raise NotAllowed(_("Only facilitators can do this."))
        return services.Actor(user=current_user._get_current_object())

    def _command(self, name: str, payload: dict) -> dict:
        state = session.get(STATE)
        if not state:
            return _not_joined()
        actor = self._actor(state)
        # counted before the board's lock: a slow rate-limit store holds up no one else
        limits.spend_command(actor, get_remote_address())
        workshop_id = state["workshop_id"]
        fields = {k: v for k, v in payload.items() if k != "key"}
        with self.live.serialised(workshop_id):
            outcome = services.run_command(workshop_id, actor, name, fields,
                                           payload.get("key"))
            messages = [self._variants(event) for event in outcome.events]
            db.session.commit()
            for message in messages:
                self._broadcast(workshop_id, *message)
        if outcome.tally_changed:
            self.live.mark_dirty(workshop_id)
        return {"ok": True, "version": outcome.version, **outcome.ack}

    @staticmethod
    def _variants(event: BoardEvent) -> tuple[dict, dict, int | None]:
        author = event.private_to if event.private_data is not None else None
        return (serialize.event_for(event, Viewer()),
                serialize.event_for(event, Viewer(facilitator=True)), author)

    def _broadcast(self, workshop_id: int, public: dict, full: dict,
                   author: int | None) -> None:
        skip = None
        if author is not None:
            self.server.emit("event", full, to=participant_room(workshop_id, author),
                             namespace=NAMESPACE)
            skip = self.live.sids_of(workshop_id, author) or None
        self.server.emit("event", public, to=participants_room(workshop_id), skip_sid=skip,
                         namespace=NAMESPACE)
        self.server.emit("event", full, to=facilitators_room(workshop_id),
                         namespace=NAMESPACE)


def register_socket_handlers(app) -> None:
    """Register `/workshop` on the Socket.IO server that init_app just built for this app.

    Flask-SocketIO keeps one module-level SocketIO whose init_app builds a new server per
    app (tests build many); a namespace added after init_app is registered on that server
    only, so each app gets its own namespace object and LiveBoard, registered once.
    """
    server = socketio.server
    if app.extensions.get(EXTENSION) is not None or NAMESPACE in server.namespace_handlers:
        return
    live = LiveBoard(app, server)
    app.extensions[EXTENSION] = live
    socketio.on_namespace(WorkshopNamespace(live))
