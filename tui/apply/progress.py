"""Step-level events and cancellation shared by the guided-apply steps (plan, checklist, rehearsal,
backup, apply, smoke, rollback).

A step reports through ``on_event(StepEvent)``: ``started``, ``progress`` (a message, and for
byte-counting steps ``done``/``total``), ``finished`` (``status`` ok/failed/skipped) — the CLI
prints one line per step, the console wizard updates its step list. A step stops at its
next safe point when its ``cancel`` token is set (any object with ``is_set()``, such as
:class:`threading.Event`, or a callable returning True) and raises :class:`Cancelled`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tui.errors import DriftdeckError

STEPS = ("plan", "checklist", "rehearsal", "backup", "apply", "smoke", "audit", "rollback", "restore")


class Cancelled(DriftdeckError):
    """The person cancelled the step; nothing more was done after the last safe point."""


@dataclass(frozen=True)
class StepEvent:
    step: str
    kind: str  # started | progress | finished | detail
    message: str = ""
    status: str = ""  # for finished: ok | failed | skipped | cancelled
    done: int | None = None  # bytes (backup) or items done
    total: int | None = None
    data: Any = field(default=None, compare=False)  # the runner's own event, a checklist item, a smoke result…


OnEvent = Callable[[StepEvent], None]


def no_events(event: StepEvent) -> None:  # noqa: D401 - the default callback
    """Ignore events."""


def is_cancelled(cancel) -> bool:
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    return bool(cancel())


def check_cancel(cancel, step: str) -> None:
    """Raise :class:`Cancelled` when ``cancel`` is set."""
    if is_cancelled(cancel):
        raise Cancelled(f"{step} cancelled.")
