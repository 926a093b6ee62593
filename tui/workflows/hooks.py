"""The progress and cancel hooks every workflow takes, and their do-nothing defaults."""

from __future__ import annotations

from typing import Callable

from tui.errors import DriftdeckError

Progress = Callable[[str], None]
Cancelled = Callable[[], bool]


def no_progress(message: str) -> None:
    """Default progress callback: say nothing."""


def never_cancelled() -> bool:
    """Default cancel hook: run to the end."""
    return False


class WorkflowCancelled(DriftdeckError):
    """Raised by :func:`check` when the caller asked to stop."""


def check(cancelled: Cancelled) -> None:
    """Stop between steps when the caller (a newer console refresh, ctrl+c) asked for it."""
    if cancelled():
        raise WorkflowCancelled("cancelled.")
