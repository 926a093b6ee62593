"""Rules: created after what they use and dropped before it, replaced in place, their enabled
state and comments; a view's rules and INSTEAD OF triggers come back when it is rebuilt. Their round-trip
cases (200–204) run on PostgreSQL 15, 16 and 18 in the suite; these tests pin down the SQL a user reads."""

from __future__ import annotations

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.pg.catalog import snapshot
from tui.schema.diff import diff


def test_rules_round_trip_on_every_server(fast_db):
    a, b = read_case(CASES / "200_rule_create.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    assert "CREATE RULE orders_no_delete AS\n    ON DELETE TO public.orders DO INSTEAD NOTHING" in sql
    assert "ALTER TABLE public.orders DISABLE RULE orders_archive" in sql
    assert "COMMENT ON RULE open_orders_insert ON public.open_orders IS 'the view is insertable'" in sql


def test_rule_changes_are_drift_and_replaced_in_place(fast_db):
    a, b = read_case(CASES / "201_rule_change_state_drop.sql")
    url_a, url_b = fast_db(a), fast_db(b)
    drift = diff(snapshot(url_b, label="B"), snapshot(url_a, label="A"))
    nodes = {n.key: n for c in drift.changes for n in c.walk()}
    assert nodes["table public.events_log/rule events_gone"].status == "only-in-target"
    assert "enabled" in nodes["table public.events/rule events_no_update"].reason
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    assert any(s.startswith("CREATE OR REPLACE RULE events_copy AS") for s in sql)
    assert "ALTER TABLE public.events ENABLE REPLICA RULE events_no_delete" in sql
    assert "COMMENT ON RULE events_no_delete ON public.events IS NULL" in sql


def test_a_rule_goes_before_the_function_it_uses_and_comes_back(fast_db):
    a, b = read_case(CASES / "202_rule_uses_function_replaced_or_dropped.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    drop_fn = sql.index("DROP FUNCTION IF EXISTS public.scale(x integer)")
    assert sql.index("DROP RULE IF EXISTS readings_log_insert ON public.readings") < drop_fn
    assert sql.index("DROP RULE IF EXISTS readings_legacy ON public.readings") < sql.index(
        "DROP FUNCTION IF EXISTS public.legacy(x integer)")
    assert next(i for i, s in enumerate(sql) if s.startswith("CREATE RULE readings_log_insert")) > drop_fn
