"""The one migration runner: apply, rehearsal, rollback, replay and the demo all run migrations here.

API::

    result = run_migrations(
        url,                      # the target (opened through tui.pg.connect)
        migrations,               # [tui.migrations.model.Migration] in apply order
        layout,                   # Layout or layout name: history rows written the tool's way
                                  # (tui.migrations.history.record_applied); None: no history
        settings=ApplySettings(), # [apply] lock_timeout, statement_timeout, advisory_lock
        applied_by="alice",       # default: the OS user
        on_event=callback,        # tui.apply.events (MigrationStarted, StatementStarted, …)
        cancel=token,             # tui.apply.events.CancelToken; cancel() stops the running query
        label="staging",          # how messages name the target (default: the masked URL)
    ) -> ApplyResult              # .applied: (AppliedMigration(migration, duration, statements, mode), …)

Raises :class:`~tui.apply.errors.ApplyFailed` (migration, statement index, line in the file,
SQLSTATE, server message, blocking sessions, INVALID indexes left),
:class:`~tui.apply.errors.ApplyCancelled` (``cancel()`` during a migration, or between two:
the one it names did not run), :class:`~tui.apply.errors.ApplyLocked` (another
apply holds the database's lock: refused at once, naming it), or a plain DriftdeckError when
the target cannot be reached. Migrations before the failing one stay applied and recorded;
the failing one is rolled back; later ones are not attempted.

Per migration: ``RESET ALL``, then ``lock_timeout`` / ``statement_timeout`` (and, on
PostgreSQL 14+, ``client_connection_check_interval``, so a killed apply's session ends
within seconds even mid-statement). Whether each statement can run in a transaction comes
from :mod:`tui.transaction_block`; the migration then runs in one of these modes:

- ``transaction``: every statement and the history row in one transaction (the usual case);
- ``mixed``: statements PostgreSQL refuses in a transaction (CREATE INDEX CONCURRENTLY…), and
  an ``ALTER TYPE … ADD VALUE`` whose value a later statement uses (refused before it commits),
  run on their own; each run of consecutive other statements runs in one transaction; the history
  row is written with the last one, so the migration is recorded only when all ran;
- ``own-transactions``: the file has its own BEGIN/COMMIT: statements run as written;
- ``no-transaction``: the tool's own marker says so (dbmate ``transaction:false``, Flyway
  ``executeInTransaction=false``): each statement on its own.

Statements run one by one (each a simple-protocol query, as ``psql`` sends them), so the
failing one is known exactly; a file pglast cannot parse is sent whole, and the server's
error position gives the line.
"""

from __future__ import annotations

import getpass
import time
from dataclasses import dataclass
from typing import Sequence

import psycopg
from psycopg import errors as pgerrors

from tui.apply.errors import ApplyCancelled, ApplyFailed, ApplyLocked
from tui.apply.events import (
    CancelToken,
    MigrationFailed,
    MigrationFinished,
    MigrationStarted,
    Notice,
    OnEvent,
    StatementFinished,
    StatementStarted,
    emitter,
)
from tui.config import ApplySettings
from tui.errors import DriftdeckError
from tui.migrations.model import Migration
from tui.pg import locks
from tui.pg.connect import connect, mask_url
from tui.transaction_block import parse, values_used_before_commit

APPLICATION_NAME = "driftdeck apply"
CHECK_CLIENT_EVERY = "2s"  # client_connection_check_interval (PostgreSQL 14+)
_CONCURRENT_BUILDS = ("CREATE INDEX CONCURRENTLY", "REINDEX CONCURRENTLY")
# For scratch databases nobody else uses (replays, the demo build): no timeouts, no lock.
SCRATCH_SETTINGS = ApplySettings(lock_timeout="0", statement_timeout="0", advisory_lock=False)


@dataclass(frozen=True)
class AppliedMigration:
    migration: Migration
    duration: float  # seconds, history row included
    statements: int
    mode: str


@dataclass(frozen=True)
class ApplyResult:
    """What a run applied, in order."""

    applied: tuple[AppliedMigration, ...] = ()
    duration: float = 0.0


@dataclass(frozen=True)
class MigrationStatement:
    """One statement of a migration as the runner runs it."""

    index: int  # 1-based
    sql: str
    start: int  # character offset in migration.text
    line: int  # line in the file where it starts
    refusal: str | None  # what PostgreSQL calls it when it refuses it in a transaction
    body: dict | None = None  # the pglast node (None when the file does not parse)


def plan_statements(migration: Migration, server_version_num: int | None = None) -> tuple[str, list[MigrationStatement]]:
    """The migration's mode (see the module docstring) and its statements with lines."""
    up = migration.up_sql
    base = migration.up_start
    parsed = parse(up)
    out: list[MigrationStatement] = []
    control = False
    if parsed is None:
        stripped = up.strip()
        if stripped:
            start = base + up.index(stripped)
            out.append(MigrationStatement(1, stripped, start, _line(migration.text, start), None))
    else:
        line, pos = 1, 0
        used = values_used_before_commit(parsed)
        for i, st in enumerate(parsed, 1):
            start = base + st.start
            line += migration.text.count("\n", pos, start)
            pos = start
            refusal = st.refusal(server_version_num) or ("ALTER TYPE … ADD VALUE (used later)" if i - 1 in used else None)
            out.append(MigrationStatement(i, st.text, start, line, refusal, st.body))
            control = control or st.transaction_control
    if migration.extra.get("no_transaction"):
        mode = "no-transaction"
    elif control:
        mode = "own-transactions"
    elif any(s.refusal for s in out):
        mode = "mixed"
    else:
        mode = "transaction"
    return mode, out


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def run_migrations(
    url: str,
    migrations: Sequence[Migration],
    layout=None,
    settings: ApplySettings | None = None,
    *,
    applied_by: str | None = None,
    on_event: OnEvent | None = None,
    cancel: CancelToken | None = None,
    label: str | None = None,
    verb: str = "applying",
    own_history: bool | None = None,
) -> ApplyResult:
    """Apply ``migrations`` in order to the database at ``url`` (see the module docstring).

    ``verb`` words the errors ("replaying …"); ``own_history`` is passed to ``record_applied``
    (False: no extra row in driftdeck's own table for tools whose table keeps no author/time).
    """
    settings = settings or ApplySettings()
    applied_by = applied_by or _os_user()
    emit = emitter(on_event)
    token = cancel or CancelToken()
    label = label or mask_url(url)
    started = time.perf_counter()
    applied: list[AppliedMigration] = []
    with connect(url, label=label, application_name=f"{APPLICATION_NAME} by {applied_by}"[:63]) as conn:
        if settings.advisory_lock:
            holder = locks.try_apply_lock(conn)
            if holder is not None:
                raise ApplyLocked(label, holder if holder.pid else None)
        conn.prepare_threshold = None  # every statement runs once: no prepared-statement bookkeeping
        run = _Run(conn, layout, settings, applied_by, emit, token, verb, own_history)
        conn.add_notice_handler(run.notice)
        with token.bound(conn):
            for i, migration in enumerate(migrations, 1):
                if token.cancelled:
                    raise ApplyCancelled.before(migration, verb)
                applied.append(run.one(migration, i, len(migrations)))
        if not conn.closed:
            conn.remove_notice_handler(run.notice)
            if settings.advisory_lock:
                locks.release_apply_lock(conn)
    return ApplyResult(tuple(applied), time.perf_counter() - started)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "unknown"


class _Run:
    """One connection's run: the per-migration work of :func:`run_migrations`."""

    def __init__(self, conn, layout, settings, applied_by, emit, token, verb, own_history):
        self.conn = conn
        self.own_history = own_history
        self.layout = layout
        self.settings = settings
        self.applied_by = applied_by
        self.emit = emit
        self.token = token
        self.verb = verb
        self.version = conn.info.server_version
        self.migration: Migration | None = None  # the one running
        self.current: MigrationStatement | None = None  # the statement running (None: the history row)
        self.committed: list[int] = []  # statements of this migration that ran outside a transaction
        self.invalid_before: set[str] | None = None  # INVALID indexes before a concurrent build

    def notice(self, diag) -> None:
        self.emit(Notice(diag.message_primary or "", diag.severity or "NOTICE", self.migration))

    def _session(self) -> None:
        """RESET ALL, then this run's timeouts (a file's SET never leaks into the next file)."""
        s = self.settings
        self.conn.execute("RESET ALL")
        sql = "select set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)"
        params = [s.lock_timeout or "0", s.statement_timeout or "0"]
        if self.version >= 140000:
            sql += ", set_config('client_connection_check_interval', %s, false)"
            params.append(CHECK_CLIENT_EVERY)
        self.conn.execute(sql, params)

    def one(self, migration: Migration, index: int, total: int) -> AppliedMigration:
        self.migration = migration
        mode, statements = plan_statements(migration, self.version)
        self._session()
        self.emit(MigrationStarted(migration, index, total, mode))
        started = time.perf_counter()
        self.committed, self.current = [], None
        try:
            if mode == "transaction":
                with self.conn.transaction():
                    for st in statements:
                        self._execute(st, len(statements), True)
                    self._record(started)
            elif mode == "mixed":
                self._mixed(statements, started)
            else:
                for st in statements:
                    self._execute(st, len(statements), False)
                    if self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                        self.committed = list(range(1, st.index + 1))
                if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    raise _Stopped("the file leaves a transaction open (BEGIN without COMMIT)")
                with self.conn.transaction():
                    self._record(started)
        except (psycopg.Error, _Stopped) as err:
            failure = self._failure(migration, err)
            self.emit(MigrationFailed(migration, failure))
            raise failure from None
        finally:
            if not self.conn.closed and self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                self.conn.execute("RESET ALL")
        duration = time.perf_counter() - started
        self.emit(MigrationFinished(migration, duration))
        return AppliedMigration(migration, duration, len(statements), mode)

    def _mixed(self, statements: list[MigrationStatement], started: float) -> None:
        groups: list[list[MigrationStatement]] = []
        for st in statements:
            if st.refusal or not groups or groups[-1][0].refusal:
                groups.append([st])
            else:
                groups[-1].append(st)
        for n, group in enumerate(groups):
            last = n == len(groups) - 1
            if group[0].refusal:
                self._execute(group[0], len(statements), False)
                self.committed.append(group[0].index)
                continue
            with self.conn.transaction():
                for st in group:
                    self._execute(st, len(statements), True)
                if last:
                    self._record(started)
            self.committed.extend(st.index for st in group)
        if groups and groups[-1][0].refusal:
            with self.conn.transaction():
                self._record(started)

    def _execute(self, st: MigrationStatement, total: int, in_tx: bool) -> None:
        self.current = st
        self.invalid_before = locks.invalid_indexes(self.conn) if st.refusal in _CONCURRENT_BUILDS else None
        self.emit(StatementStarted(self.migration, st.index, total, st.line, st.sql, in_tx))
        if self.token.cancelled:
            raise _Cancelled()
        t0 = time.perf_counter()
        self.conn.execute(st.sql)
        self.emit(StatementFinished(self.migration, st.index, time.perf_counter() - t0))
        if self.token.cancelled:
            raise _Cancelled()

    def _record(self, started: float) -> None:
        self.current = None
        if self.layout is None:
            return
        from tui.migrations.history import record_applied

        record_applied(
            self.conn, self.layout, self.migration, applied_by=self.applied_by,
            duration_ms=int((time.perf_counter() - started) * 1000), also_own=self.own_history,
        )

    def _failure(self, migration: Migration, err: Exception) -> ApplyFailed:
        """The ApplyFailed for ``err``, after rolling back whatever is open."""
        conn, st = self.conn, self.current
        if not conn.closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.execute("ROLLBACK")
        cancelled = isinstance(err, _Cancelled) or (
            isinstance(err, pgerrors.QueryCanceled) and self.token.cancelled
        )
        diag = getattr(err, "diag", None)
        sqlstate = getattr(err, "sqlstate", None)
        message = (diag.message_primary if diag is not None else None) or (str(err).strip().splitlines() or ["?"])[0]
        hint, blockers, invalid = "", (), ()
        line = st.line if st else None
        if st is not None and diag is not None and diag.statement_position:
            line = _line(migration.text, st.start + int(diag.statement_position) - 1)
        if cancelled:
            message, sqlstate = "cancelled on request (the running statement was stopped)", None
        elif conn.closed:
            message = (
                f"{message} — the server ended this session (pg_terminate_backend, a restart or a lost"
                " connection), and rolled back its open transaction"
            )
        elif isinstance(err, pgerrors.LockNotAvailable):
            hint = f"lock_timeout is {self.settings.lock_timeout}, from [apply] lock_timeout"
            blockers = tuple(self._blockers(st))
        elif isinstance(err, pgerrors.QueryCanceled) and "statement timeout" in message:
            hint = f"statement_timeout is {self.settings.statement_timeout}, from [apply] statement_timeout"
        elif sqlstate == "55P04":  # unsafe use of new enum value
            hint = "a value added by ALTER TYPE … ADD VALUE can only be used after its transaction commits: use it in a later migration"
        if not conn.closed and st is not None and st.refusal in _CONCURRENT_BUILDS and self.invalid_before is not None:
            invalid = tuple(sorted(locks.invalid_indexes(conn) - self.invalid_before))
        unsplit = st is not None and st.body is None
        statement = st.sql if st else ""
        if unsplit and line:
            statement = migration.text.splitlines()[line - 1].strip().rstrip(";")
        cls = ApplyCancelled if cancelled else ApplyFailed
        return cls(
            migration,
            statement_index=st.index if st else None,
            line=line,
            statement=statement,
            unsplit=unsplit,
            sqlstate=sqlstate,
            server_message=message,
            committed=tuple(self.committed),
            invalid_indexes=invalid,
            blockers=blockers,
            verb=self.verb,
            hint=hint,
        )

    def _blockers(self, st: MigrationStatement | None) -> list:
        """Who holds a lock on what the statement names; failing that, every other open transaction
        holding locks in this database (the statement may wait on an object it does not name)."""
        relations = sorted(set(_relations(st.body))) if st is not None and st.body else []
        try:
            return locks.lock_holders(self.conn, relations) or locks.lock_holders(self.conn, None)
        except psycopg.Error:
            return []


_DROPPED_RELATIONS = (
    "OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_FOREIGN_TABLE",
)


class _Stopped(Exception):
    """The runner stops a migration itself (``str``: why, as the server message would say it)."""


class _Cancelled(_Stopped):
    """Raised between statements when the token was cancelled."""


def _relations(node) -> list[tuple[str, str]]:
    """(schema or "", name) of every relation a pglast JSON node mentions (RangeVars, and the
    name lists of DROP TABLE/INDEX/VIEW/SEQUENCE …)."""
    out: list[tuple[str, str]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("relname"), str):
                out.append((item.get("schemaname") or "", item["relname"]))
            if item.get("removeType") in _DROPPED_RELATIONS:
                for obj in item.get("objects") or ():
                    names = [i.get("String", {}).get("sval", "") for i in obj.get("List", {}).get("items", ())]
                    if 1 <= len(names) <= 2:
                        out.append(("", names[0]) if len(names) == 1 else (names[0], names[1]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def drop_invalid_indexes(url: str, names: Sequence[str], *, label: str | None = None) -> None:
    """Drop the INVALID indexes a failed concurrent build left (``ApplyFailed.invalid_indexes``),
    each with ``DROP INDEX CONCURRENTLY IF EXISTS`` (no lock on the table's writes)."""
    with connect(url, label=label or mask_url(url), application_name=APPLICATION_NAME) as conn:
        for name in names:
            valid = conn.execute(
                "select i.indisvalid from pg_index i where i.indexrelid = to_regclass(%s)", (name,)
            ).fetchone()
            if valid is None:
                continue
            if valid[0]:
                raise DriftdeckError(f"{name} is a valid index now; not dropping it.")
            conn.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
