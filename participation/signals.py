"""How a lower domain lets higher ones act without importing them: blinker signals.

A domain that must let others take part in what it does (an account deleted, a person's data
exported, a topic removed) declares named signals in its own `signals.py` and sends them;
each higher domain connects its answers in its `receivers.py`, which `create_app` calls
once at start-up (`connect_receivers`). The sender never knows who answers. Indico's
signals are the model.
"""

from __future__ import annotations

from typing import Any

from blinker import NamedSignal


def answers(signal: NamedSignal, sender: Any, **kwargs: Any) -> list[Any]:
    """What the connected receivers returned, in the order they were connected, without the
    receivers that returned None."""
    return [value for _receiver, value in signal.send(sender, **kwargs) if value is not None]


def merged_answers(signal: NamedSignal, sender: Any, **kwargs: Any) -> dict[str, Any]:
    """The receivers' dicts merged into one. Raises ValueError when two receivers give the
    same key (each domain answers for its own part only)."""
    merged: dict[str, Any] = {}
    for part in answers(signal, sender, **kwargs):
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"{signal.name}: two receivers answered {sorted(clash)}")
        merged.update(part)
    return merged
