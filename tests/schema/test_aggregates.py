"""User-defined aggregates (PostgreSQL has no pg_get_functiondef for them): read, created, replaced
and dropped on PostgreSQL 15, 16 and 18 so that no drift remains."""

from __future__ import annotations

from tests.schema.conftest import CASES, assert_roundtrip, read_case


def test_aggregates_round_trip_on_every_server(every_server_db):
    a, b = read_case(CASES / "184_aggregate_create.sql")
    rt = assert_roundtrip(every_server_db, a, b)
    sql = [s.sql for s in rt.plan.statements]
    assert ("CREATE OR REPLACE AGGREGATE public.total_len(text) (SFUNC = public.add_len, STYPE = integer,"
            " FINALFUNC = public.len_final, FINALFUNC_MODIFY = READ_ONLY, INITCOND = '0', PARALLEL = SAFE)") in sql
    assert "COMMENT ON AGGREGATE public.total_len(text) IS 'sum of label lengths'" in sql


def test_dropping_an_aggregate_says_aggregate(fast_db):
    a, b = read_case(CASES / "185_aggregate_drop.sql")
    rt = assert_roundtrip(fast_db, a, b)
    assert "DROP AGGREGATE IF EXISTS public.total_len(text)" in [s.sql for s in rt.plan.statements]
