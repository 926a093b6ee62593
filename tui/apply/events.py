"""What the apply engine tells its caller while it works: events, the callback type, the cancel token.

Every step (the runner, backup, rehearsal, smoke checks…) takes ``on_event: OnEvent | None``
and ``cancel: CancelToken | None``. Events are small frozen dataclasses, delivered in order
on the thread doing the work; a console worker turns them into messages (never touch
widgets from the callback). A callback must be quick and must not raise.

Runner events, in order for each migration::

    MigrationStarted → (StatementStarted → [Notice…] → StatementFinished)… → MigrationFinished
                                                                    or → MigrationFailed

Generic step events (backup, smoke, rehearsal, …): ``StepStarted``, ``Progress`` (bytes),
``StepFinished``; ``Notice`` for anything worth showing that is not an error.

Cancelling: a UI thread calls ``token.cancel()``; the step bound to the token stops at the
next safe point, and a query running on the connection bound with ``token.bound(conn)`` is
cancelled on the server (``conn.cancel_safe()``), so a long ``pg_sleep`` or a lock wait ends
at once and its transaction is rolled back.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Union

if TYPE_CHECKING:  # pragma: no cover
    from tui.migrations.model import Migration


@dataclass(frozen=True)
class MigrationStarted:
    migration: "Migration"
    index: int  # 1-based position in this run
    total: int
    mode: str  # "transaction" | "mixed" | "own-transactions" | "no-transaction" (see runner)


@dataclass(frozen=True)
class StatementStarted:
    migration: "Migration"
    index: int  # 1-based within the migration
    total: int
    line: int  # line in the migration's file where the statement starts
    sql: str
    in_transaction: bool


@dataclass(frozen=True)
class StatementFinished:
    migration: "Migration"
    index: int
    duration: float  # seconds


@dataclass(frozen=True)
class Notice:
    message: str
    severity: str = "NOTICE"  # the server's severity, or "INFO"/"WARNING" for the engine's own notes
    migration: "Migration | None" = None


@dataclass(frozen=True)
class MigrationFinished:
    migration: "Migration"
    duration: float  # seconds, history row included


@dataclass(frozen=True)
class MigrationFailed:
    migration: "Migration"
    error: Exception  # a tui.apply.errors.ApplyFailed (or ApplyCancelled)


@dataclass(frozen=True)
class StepStarted:
    step: str  # "backup", "rehearsal", "smoke", "apply", …
    title: str = ""


@dataclass(frozen=True)
class Progress:
    step: str
    bytes_done: int
    bytes_total: int | None = None  # None when the total is not known
    note: str = ""


@dataclass(frozen=True)
class StepFinished:
    step: str
    ok: bool
    duration: float  # seconds
    summary: str = ""


Event = Union[
    MigrationStarted, StatementStarted, StatementFinished, Notice, MigrationFinished, MigrationFailed,
    StepStarted, Progress, StepFinished,
]
OnEvent = Callable[[Event], None]


def emitter(on_event: OnEvent | None) -> OnEvent:
    """``on_event`` or a no-op, so steps can call it unconditionally."""
    return on_event if on_event is not None else _ignore


def _ignore(event: Event) -> None:
    return None


class CancelToken:
    """Cancel a running step from another thread.

    ``cancel()`` may be called from any thread, any number of times; it marks the token and,
    when a connection is bound, asks the server to cancel the query running on it (a
    round trip of at most a few seconds). Steps check ``cancelled`` between units of work and
    bind the connection they run queries on with ``with token.bound(conn): …``.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._conn: Any = None

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()
        with self._lock:
            conn = self._conn
        if conn is not None:
            try:
                conn.cancel_safe(timeout=5.0)
            except Exception:  # the connection is gone or busy closing: nothing left to cancel
                pass

    @contextmanager
    def bound(self, conn: Any) -> Iterator[None]:
        """Bind ``conn`` (a psycopg connection) while the block runs: ``cancel()`` cancels its query."""
        with self._lock:
            self._conn = conn
        try:
            yield
        finally:
            with self._lock:
                self._conn = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until cancelled (or ``timeout`` seconds); True when cancelled."""
        return self._event.wait(timeout)
