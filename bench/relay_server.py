"""The bare relay: the floor a live board's fan-out cannot go below on this stack.

A Flask-SocketIO server in the same async mode as the benchmarked app (gevent, websockets
through simple-websocket, no monkey patching: what `flask --app wsgi serve` does with
SOCKETIO_ASYNC_MODE=gevent), with no database, no Babel, no login and no board. It speaks
just enough of the workshop namespace for the benchmark's clients:

- `join {...}` puts the socket into one room and acks `{"ok": true}`;
- `note {payload}` emits `event` with that same payload to the room (the sender included,
  as the app's participants room does), then acks `{"ok": true, "version": ...}`;
- `vote {card_id}` only acks, as the app's `vote:add` does (the app's ack has these fields).

Every handler runs through Flask-SocketIO's `_handle_event` as the app's do (app and request
context per message, the Flask-SocketIO session), so the difference to the app is the app's
own work: the command in the database, the serialisation of its event, the live board.

Run: `python -m bench.relay_server PORT` (the benchmark starts it in a subprocess).
"""

from __future__ import annotations

import sys

from flask import Flask
from flask_socketio import SocketIO, join_room

from participation.runtime import settle_server_process

NAMESPACE = "/workshop"
ROOM = "w:1:p"


def create_relay(async_mode: str = "gevent") -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench-relay"  # noqa: S105 - a throwaway local server
    socketio = SocketIO(app, async_mode=async_mode)

    @app.get("/")
    def index() -> str:
        return "relay"

    @socketio.on("join", namespace=NAMESPACE)
    def join(_payload=None) -> dict:
        join_room(ROOM)
        return {"ok": True}

    @socketio.on("note", namespace=NAMESPACE)
    def note(payload) -> dict:
        socketio.emit("event", payload, to=ROOM, namespace=NAMESPACE)
        return {"ok": True, "version": payload.get("version")}

    @socketio.on("vote", namespace=NAMESPACE)
    def vote(payload) -> dict:
        # an ack only, shaped like the app's vote:add ack: the floor of one command
        return {"ok": True, "version": 0, "card_id": payload.get("card_id"), "my_dots": 1,
                "dots_left": 1}

    return app, socketio


def main(port: int) -> None:
    app, socketio = create_relay()
    settle_server_process()  # the app's server processes do the same (participation/runtime.py)
    socketio.run(app, host="127.0.0.1", port=port, log_output=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
