"""Helpers for the drift engine tests: load two databases, diff, generate, apply, re-diff."""

from __future__ import annotations

import re
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tui.pg.catalog import snapshot
from tui.schema.diff import DESTRUCTIVE, diff
from tui.schema.model import Catalog
from tui.schema.sqlgen import MigrationPlan, generate

CASES = Path(__file__).parent / "roundtrip"
_SECTION = re.compile(r"^--- (a|b)\s*$", re.M)


def read_case(path: Path) -> tuple[str, str]:
    """A case file: optional header comments, then ``--- a`` (TARGET, current) and ``--- b`` (SOURCE, desired)."""
    text = path.read_text()
    parts = _SECTION.split(text)
    sections = dict(zip(parts[1::2], parts[2::2]))
    return sections.get("a", ""), sections.get("b", "")


def case_options(path: Path) -> set[str]:
    """Words after ``-- options:`` in a case's header; ``grants`` compares and generates privileges (``--grants``),
    ``owners`` owners (``--owners``)."""
    m = re.search(r"^-- options:(.*)$", path.read_text().split("\n--- a", 1)[0], re.M)
    return set(m.group(1).split()) if m else set()


def case_servers(path: Path) -> set[int]:
    """PostgreSQL major versions named after ``-- servers:`` in a case's header: the case runs on each of them
    besides its share of the suite's sample (every case runs on 18)."""
    m = re.search(r"^-- servers:(.*)$", path.read_text().split("\n--- a", 1)[0], re.M)
    return {int(v) for v in m.group(1).split()} if m else set()


def case_flags(path: Path) -> dict[str, bool]:
    """The catalog options a case asks for, as keyword arguments of :func:`assert_roundtrip`."""
    options = case_options(path)
    return {"grants": "grants" in options, "owners": "owners" in options}


def apply_plan(url: str, plan: MigrationPlan) -> None:
    """Run the plan as the apply engine does: step by step (``MigrationPlan.steps()``), each
    transactional step in one transaction, each non-transactional statement on its own."""
    with psycopg.connect(url, autocommit=True) as conn:
        _apply_steps(conn, plan)


def _apply_steps(conn: psycopg.Connection, plan: MigrationPlan) -> None:
    for s in plan.preamble:
        conn.execute(s)
    for n, step in enumerate(plan.steps(), 1):
        try:
            if step.transactional:
                with conn.transaction():
                    for s in step.statements:
                        failed = s
                        conn.execute(s.sql)
            else:
                failed = step.statements[0]
                conn.execute(failed.sql)
        except psycopg.Error as err:
            raise AssertionError(f"step {n} failed at: {failed.sql}\n{err}\n\nfull plan:\n{plan.sql()}") from None


# "DROP TRIGGER IF EXISTS tr ON public.t" / "CREATE [CONSTRAINT] TRIGGER tr … ON public.t …", same for policies
_SUB_DROP = re.compile(r"^DROP (TRIGGER|POLICY) IF EXISTS (\S+) ON (\S+)$")
_SUB_CREATE = re.compile(r"^CREATE (?:CONSTRAINT )?(TRIGGER|POLICY) (\S+) .*? ON (\S+)", re.S)
_DROP = re.compile(r"^DROP (VIEW|MATERIALIZED VIEW|FUNCTION|PROCEDURE|AGGREGATE|TYPE|DOMAIN|TABLE|FOREIGN TABLE|SERVER"
                   r"|USER MAPPING) ")
_CREATE = re.compile(r"^(CREATE|ALTER TYPE \S+ RENAME TO)")


def _dropped_or_created(s) -> tuple[str, tuple[str, ...]] | None:
    m = _SUB_DROP.match(s.sql)
    if m:
        return "drop", m.groups()
    m = _SUB_CREATE.match(s.sql)
    if m:
        return "create", m.groups()
    if s.key.startswith(("view ", "function ", "type ", "table ", "foreign-table ", "server ", "user-mapping ")):
        if _DROP.match(s.sql):
            return "drop", (s.key,)
        if s.sql.startswith("CREATE "):
            return "create", (s.key,)
    return None


def assert_no_object_missing_between_steps(plan: MigrationPlan) -> None:
    """A view, function, type, table, foreign table, server, user mapping, trigger or policy the plan drops and
    creates again is dropped and created in the same step: no step boundary leaves it missing."""
    dropped_in: dict[tuple, int] = {}
    for n, step in enumerate(plan.steps()):
        for s in step.statements:
            found = _dropped_or_created(s)
            if found is None:
                continue
            verb, what = found
            if verb == "drop":
                dropped_in.setdefault(what, n)
            elif what in dropped_in and dropped_in[what] != n:
                raise AssertionError(f"{' '.join(what)} is dropped in step {dropped_in[what] + 1} and created again in"
                                     f" step {n + 1}: missing in between\n\n{plan.sql()}")


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = conn.execute("select format('%I.%I', schemaname, relname) from pg_stat_user_tables").fetchall()
    # ONLY: each table's own rows (its partitions and children are counted apart, and a foreign one is not read)
    return {t: conn.execute(f"select count(*) from only {t}").fetchone()[0] for (t,) in tables}


@dataclass
class RoundTrip:
    plan: MigrationPlan
    before_rows: dict[str, int]
    after_rows: dict[str, int]
    remaining: list[str]
    remaining_keys: set[str]
    target: Catalog  # A's catalog before the plan


def roundtrip(make_db, a: str, b: str, *, grants: bool = False, owners: bool = False, unsafe: bool = True,
              source: Catalog | None = None, target: Catalog | None = None) -> RoundTrip:
    """Load a into A (and b into B unless its catalog is given as ``source``), bring A to B's
    schema with the plan applied step by step, and re-diff. ``target``: A's catalog when an
    earlier round trip has read it (the same SQL loaded in an empty database reads the same)."""
    url_a = make_db(a or None)
    read = dict(grants=grants, owners=owners)
    cat_b = source if source is not None else snapshot(make_db(b or None), label="B", **read)
    cat_a = target if target is not None else snapshot(url_a, label="A", **read)
    plan = generate(diff(cat_b, cat_a), unsafe=unsafe)
    assert_no_object_missing_between_steps(plan)
    with psycopg.connect(url_a, autocommit=True) as conn:  # one connection to A: counting, applying, counting
        before = row_counts(conn)
        _apply_steps(conn, plan)
        after_drift = diff(cat_b, snapshot(url_a, label="A", **read))
        after = row_counts(conn)
    remaining = [f"{n.status} {n.key}: {n.reason} | before={n.before!r} after={n.after!r}"
                 for c in after_drift.changes for n in c.walk()]
    return RoundTrip(plan, before, after, remaining, {c.key for c in after_drift.changes}, cat_a)


def assert_roundtrip(make_db, a: str, b: str, *, grants: bool = False, owners: bool = False) -> RoundTrip:
    """The --unsafe plan leaves no drift and keeps the rows of what it does not mark destructive;
    the default plan keeps every row and leaves exactly what it held back (commented out)."""
    url_b = make_db(b or None)
    cat_b = snapshot(url_b, label="B", grants=grants, owners=owners)
    rt = roundtrip(make_db, a, b, grants=grants, owners=owners, source=cat_b)
    assert not rt.remaining, "drift remains after applying:\n" + "\n".join(rt.remaining) + "\n\n" + rt.plan.sql()
    destructive_keys = {s.key for s in rt.plan.statements if s.risk == DESTRUCTIVE}
    for table, count in rt.before_rows.items():
        if f"table {table}" in destructive_keys or table not in rt.after_rows:
            continue
        assert rt.after_rows[table] == count, f"rows of {table} changed: {count} → {rt.after_rows[table]}"
    if not destructive_keys:
        return rt  # the default plan is the same plan
    safe = roundtrip(make_db, a, b, grants=grants, owners=owners, unsafe=False, source=cat_b, target=rt.target)
    held_back = {s.change_key for s in safe.plan.statements if s.commented_out}
    assert safe.remaining_keys == held_back, (
        f"the default plan should leave exactly what it held back: {sorted(held_back)}; left:\n"
        + "\n".join(safe.remaining) + "\n\n" + safe.plan.sql())
    for table, count in safe.before_rows.items():
        assert safe.after_rows.get(table) == count, f"the default plan changed the rows of {table}"
    return rt


class DbPool:
    """Empty databases created ahead of time in the background (CREATE DATABASE is the slow part).

    ``pool(sql=None) -> url`` has the same shape as ``make_db``; each test's databases are
    dropped in the background when it ends (the next test does not wait for them).
    """

    def __init__(self, server, ahead: int = 6, workers: int = 3):
        self.server = server
        # a throwaway test server: durability buys nothing, and fsync makes CREATE DATABASE 5x slower
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("alter system set fsync = off")
            conn.execute("alter system set synchronous_commit = off")
            conn.execute("select pg_reload_conf()")
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.ready: deque = deque()
        self.lock = threading.Lock()
        self.used: list[str] = []
        self.dropping: list = []
        for _ in range(ahead):
            self.ready.append(self.pool.submit(server.temp_database, "rt"))

    def __call__(self, sql: str | None = None) -> str:
        with self.lock:
            fut = self.ready.popleft()
            self.ready.append(self.pool.submit(self.server.temp_database, "rt"))
        url = fut.result()
        self.used.append(url)
        if sql:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(sql)
        return url

    def _drop(self, url: str) -> None:
        try:
            self.server.drop_database(_dbname(url))
        except Exception:  # a database with a subscription cannot be dropped
            drop_subscriptions(url)
            self.server.drop_database(_dbname(url))

    def release(self) -> None:
        for fut in [f for f in self.dropping if f.done()]:
            fut.result()  # a drop that failed says so
        self.dropping = [f for f in self.dropping if not f.done()] + [self.pool.submit(self._drop, url) for url in self.used]
        self.used.clear()

    def close(self) -> None:
        for fut in self.dropping:
            fut.result()
        for fut in self.ready:
            self.server.drop_database(_dbname(fut.result()))
        self.pool.shutdown()


def drop_subscriptions(url: str) -> None:
    """Drop the database's subscriptions (detached from their slot first, so nothing connects anywhere)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for (name,) in conn.execute("select quote_ident(subname) from pg_subscription where subdbid ="
                                    " (select oid from pg_database where datname = current_database())").fetchall():
            conn.execute(f"alter subscription {name} disable")
            conn.execute(f"alter subscription {name} set (slot_name = none)")
            conn.execute(f"drop subscription {name}")


def _dbname(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def _pool18(pg_server):
    pool = DbPool(pg_server)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def _pool16(pg16_server):
    pool = DbPool(pg16_server, ahead=4, workers=2)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def _pool15(pg15_server):
    pool = DbPool(pg15_server, ahead=4, workers=2)
    yield pool
    pool.close()


@pytest.fixture
def fast_db(_pool18):
    """Like ``make_db`` (PostgreSQL 18), served from a pool of databases created ahead of time."""
    yield _pool18
    _pool18.release()


@pytest.fixture
def fast_db16(_pool16):
    """Like ``make_db16``, from a pool."""
    yield _pool16
    _pool16.release()


@pytest.fixture
def fast_db15(_pool15):
    """Like ``make_db15`` (the machine's PostgreSQL 15, the session's one server of it), from a pool."""
    yield _pool15
    _pool15.release()


@pytest.fixture(params=["fast_db", "fast_db16", "fast_db15"], ids=["pg18", "pg16", "pg15"])
def every_server_db(request):
    """``make_db`` of PostgreSQL 18, then 16, then the machine's 15 (skipped when absent), from the pools: for
    features whose catalogs differ between versions."""
    return request.getfixturevalue(request.param)
