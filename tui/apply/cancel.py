"""Cancelling a guided-apply step between its units of work (the runner cancels running queries itself).

Steps take ``cancel``: a :class:`tui.apply.events.CancelToken` (or anything with a
``cancelled`` attribute). :func:`check_cancel` raises :class:`StepCancelled` at a safe point.
"""

from __future__ import annotations

from tui.errors import DriftdeckError


class StepCancelled(DriftdeckError):
    """The person cancelled the step; nothing more was done after the last safe point."""


# the errors the runner, pg_dump/pg_restore and the steps raise when cancelled (named: no import cycle)
CANCELLED_ERRORS = ("ApplyCancelled", "DumpCancelled", "StepCancelled")


def is_cancel(err: BaseException) -> bool:
    """True when ``err`` is a person's cancel (of any step, or Ctrl-C), not a failure."""
    return isinstance(err, (StepCancelled, KeyboardInterrupt)) or type(err).__name__ in CANCELLED_ERRORS


def is_cancelled(cancel) -> bool:
    return bool(cancel is not None and getattr(cancel, "cancelled", False))


def check_cancel(cancel, step: str) -> None:
    """Raise :class:`StepCancelled` when ``cancel`` is set."""
    if is_cancelled(cancel):
        raise StepCancelled(f"{step} cancelled; nothing more was done.")
