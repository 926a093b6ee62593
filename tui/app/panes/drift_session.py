"""The Drift pane's two databases, kept open between refreshes (:class:`tui.workflows.live.LiveDrift`),
and the messages a refresh's thread worker posts back.

    session = DriftSession(project)
    result = session.read(source, target, cancelled, current, force)   # in a thread worker
    session.cancel()          # a newer refresh: interrupt the running queries
    session.close(wait=2.0)   # the pair changed, or the app quits

An unchanged pair costs one small query per side; the pair is opened on the first read and
again when SOURCE or TARGET changes.
"""

from __future__ import annotations

import threading
from typing import Callable

from textual.message import Message


class DriftLoaded(Message):
    """A refresh read both sides (``elapsed``: seconds it took)."""

    def __init__(self, result, generation: int, elapsed: float) -> None:
        super().__init__()
        self.result, self.generation, self.elapsed = result, generation, elapsed


class DriftFailed(Message):
    """A refresh failed: one sentence to show with a retry key."""

    def __init__(self, sentence: str, generation: int) -> None:
        super().__init__()
        self.sentence, self.generation = sentence, generation


class DriftSession:
    """The open pair of one Drift pane, shared by its refresh workers (see the module docstring)."""

    def __init__(self, project) -> None:
        self.project = project
        self.live = None  # tui.workflows.live.LiveDrift, once a read opened it
        self._lock = threading.Lock()

    def read(self, source: str, target: str, cancelled: Callable[[], bool], current: Callable[[], bool],
             force: bool = False):
        """The refresh of ``source`` → ``target`` (a :class:`tui.workflows.live.RefreshResult`), opening the
        pair first unless it is open; None when the refresh stopped being ``current`` while it opened.
        Raises :class:`tui.errors.DriftdeckError`."""
        from tui.workflows.live import LiveDrift

        with self._lock:
            live = self.live
        if live is None or (live.source.spec, live.target.spec) != (source, target):
            live = LiveDrift(self.project, source, target, cancelled=cancelled)
            with self._lock:
                if not current():
                    live.close()
                    return None
                self.live = live
        return live.refresh(cancelled, force=force)

    def cancel(self) -> None:
        """Interrupt the running queries, if any (the connections stay open)."""
        live = self.live
        if live is not None:
            live.cancel()

    def close(self, wait: float = 0.0) -> None:
        """Cancel the running queries and close both connections (in a thread: a snapshot may hold
        them), waiting at most ``wait`` seconds for that."""
        with self._lock:
            live, self.live = self.live, None
        if live is not None:
            live.cancel()
            closer = threading.Thread(target=live.close, name="driftdeck-close", daemon=True)
            closer.start()
            if wait:
                closer.join(wait)
