"""A drift pruned to some of its changes still plans (the console generates SQL for a selection that way)."""

from __future__ import annotations

from dataclasses import replace

from tests.schema.conftest import CASES, apply_plan, read_case
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


def test_a_server_recreated_alone_brings_back_its_foreign_tables_as_the_target_has_them(fast_db):
    a, b = read_case(CASES / "223_foreign_server_recreated.sql")
    url_a = fast_db(a)
    drift = diff(snapshot(fast_db(b), label="B"), snapshot(url_a, label="A"))
    server = next(c for c in drift.changes if c.key == "server dd_moved")
    plan = generate(replace(drift, changes=(server,)), unsafe=True)
    apply_plan(url_a, plan)
    after = diff(snapshot(fast_db(b), label="B"), snapshot(url_a, label="A"))
    left = {c.key for c in after.changes}
    assert "server dd_moved" not in left and "foreign-table public.remote_items" in left  # its new column not added
    assert "foreign-table public.remote_orders" not in left and "view public.remote_totals" not in left
