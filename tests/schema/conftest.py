"""Helpers for the drift engine tests: load two databases, diff, generate, apply, re-diff."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tui.pg.catalog import snapshot
from tui.schema.diff import DESTRUCTIVE, diff
from tui.schema.sqlgen import MigrationPlan, generate

CASES = Path(__file__).parent / "roundtrip"
_SECTION = re.compile(r"^--- (a|b)\s*$", re.M)


def read_case(path: Path) -> tuple[str, str]:
    """A case file: optional header comments, then ``--- a`` (TARGET, current) and ``--- b`` (SOURCE, desired)."""
    text = path.read_text()
    parts = _SECTION.split(text)
    sections = dict(zip(parts[1::2], parts[2::2]))
    return sections.get("a", ""), sections.get("b", "")


def apply_plan(url: str, plan: MigrationPlan) -> None:
    """Run the plan one statement at a time (autocommit), as an apply engine would step by step."""
    with psycopg.connect(url, autocommit=True) as conn:
        for s in plan.preamble:
            conn.execute(s)
        for s in plan.executable:
            try:
                conn.execute(s.sql)
            except psycopg.Error as err:
                raise AssertionError(f"statement failed: {s.sql}\n{err}\n\nfull plan:\n{plan.sql()}") from None


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "select format('%I.%I', schemaname, relname) from pg_stat_user_tables"
        ).fetchall()
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in tables}


@dataclass
class RoundTrip:
    plan: MigrationPlan
    before_rows: dict[str, int]
    after_rows: dict[str, int]
    remaining: list[str]


def roundtrip(make_db, a: str, b: str) -> RoundTrip:
    """Load a into A and b into B, bring A to B's schema with --unsafe SQL, and re-diff."""
    url_a, url_b = make_db(a or None), make_db(b or None)
    cat_b = snapshot(url_b, label="B")
    drift = diff(cat_b, snapshot(url_a, label="A"))
    plan = generate(drift, unsafe=True)
    before = row_counts(url_a)
    apply_plan(url_a, plan)
    after_drift = diff(cat_b, snapshot(url_a, label="A"))
    remaining = [f"{n.status} {n.key}: {n.reason} | before={n.before!r} after={n.after!r}"
                 for c in after_drift.changes for n in c.walk()]
    return RoundTrip(plan, before, row_counts(url_a), remaining)


def assert_roundtrip(make_db, a: str, b: str) -> RoundTrip:
    rt = roundtrip(make_db, a, b)
    assert not rt.remaining, "drift remains after applying:\n" + "\n".join(rt.remaining) + "\n\n" + rt.plan.sql()
    destructive_keys = {s.key for s in rt.plan.statements if s.risk == DESTRUCTIVE}
    for table, count in rt.before_rows.items():
        if f"table {table}" in destructive_keys or table not in rt.after_rows:
            continue
        assert rt.after_rows[table] == count, f"rows of {table} changed: {count} → {rt.after_rows[table]}"
    return rt


@pytest.fixture
def case_files():
    return sorted(CASES.glob("*.sql"))
