"""A drift pruned to some of its changes still plans (the console generates SQL for a selection that way)."""

from __future__ import annotations

from dataclasses import replace

from tests.schema.conftest import CASES, read_case
from tui.pg.catalog import snapshot
from tui.schema.diff import diff
from tui.schema.sqlgen import generate


def test_each_change_of_a_drift_plans_on_its_own(fast_db):
    a, b = read_case(CASES / "168_domain_base_change_tables_come_and_go.sql")
    drift = diff(snapshot(fast_db(b), label="B"), snapshot(fast_db(a), label="A"))
    assert len(drift.changes) > 1
    for change in drift.changes:
        plan = generate(replace(drift, changes=(change,)), unsafe=True)
        assert plan.statements and all(s.key == change.key for s in plan.statements), change.key
