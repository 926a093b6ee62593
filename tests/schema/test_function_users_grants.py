"""Drift SQL around functions that tables use, and column privileges (``--grants``).

The round-trip cases 146–164 prove the SQL applies and converges; these tests pin down
what a reviewer reads in the plan: the order, the risk, the rollback.
"""

from __future__ import annotations

from tests.schema.conftest import apply_plan
from tui.pg.catalog import snapshot
from tui.schema.diff import DESTRUCTIVE, LOCKING, diff
from tui.schema.sqlgen import generate
from tui.schema.sqlgen.builders.grants import grant_statements

ROLE = ("do $$ begin create role dd_h1_tester; exception when duplicate_object or unique_violation then null;"
        " end $$;")


def _plan(fast_db, a: str, b: str, *, grants: bool = False, unsafe: bool = True):
    url_a, url_b = fast_db(a), fast_db(b)
    cat_b = snapshot(url_b, label="B", grants=grants)
    plan = generate(diff(cat_b, snapshot(url_a, label="A", grants=grants)), unsafe=unsafe)
    return url_a, cat_b, plan


def _index(plan, text: str) -> int:
    return next(i for i, s in enumerate(plan.statements) if text in s.sql)


def test_default_moves_to_a_new_function_before_the_old_one_is_dropped(fast_db):
    a = ("create function old_code() returns text language sql as $$select 'o'$$;"
         " create table codes (id int primary key, code text default old_code());")
    b = ("create function new_code() returns text language sql as $$select 'n'$$;"
         " create table codes (id int primary key, code text default new_code());")
    url_a, cat_b, plan = _plan(fast_db, a, b)
    assert _index(plan, "SET DEFAULT public.new_code()") < _index(plan, "DROP FUNCTION IF EXISTS public.old_code()")
    apply_plan(url_a, plan)
    assert diff(cat_b, snapshot(url_a, label="A")).is_empty


def test_without_unsafe_the_function_drop_is_held_back_but_the_default_still_changes(fast_db):
    a = ("create function old_code() returns text language sql as $$select 'o'$$;"
         " create table codes (id int primary key, code text default old_code());")
    b = "create table codes (id int primary key, code text);"
    url_a, _, plan = _plan(fast_db, a, b, unsafe=False)
    drop = plan.statements[_index(plan, "DROP FUNCTION")]
    assert drop.commented_out and drop.risk == DESTRUCTIVE
    apply_plan(url_a, plan)  # runs: the default goes, the function stays for a reviewer to drop


def test_a_replaced_function_detaches_and_reattaches_its_users_with_a_rollback(fast_db):
    a = ("create function base_n() returns int language sql immutable as 'select 1';"
         " create table nums (id int primary key, n bigint default base_n() check (base_n() > 0));"
         " create index nums_idx on nums ((n + base_n()));")
    b = a.replace("returns int", "returns bigint")
    url_a, cat_b, plan = _plan(fast_db, a, b, unsafe=False)
    assert plan.commented_count == 0  # nothing is lost: the users come back
    sqls = [s.sql for s in plan.statements]
    drop = _index(plan, "DROP FUNCTION")
    for detach in ("ALTER COLUMN n DROP DEFAULT", "DROP CONSTRAINT IF EXISTS nums_check", "DROP INDEX CONCURRENTLY IF EXISTS public.nums_idx"):
        i = _index(plan, detach)
        assert i < drop and plan.statements[i].risk == LOCKING and "base_n()" in plan.statements[i].reason
    create = _index(plan, "CREATE OR REPLACE FUNCTION public.base_n()")
    assert drop < create < _index(plan, "SET DEFAULT public.base_n()")
    assert any(s.startswith("CREATE INDEX CONCURRENTLY IF NOT EXISTS nums_idx") for s in sqls)
    assert "ALTER TABLE public.nums ALTER COLUMN n SET DEFAULT public.base_n();" in plan.rollback_sql()
    apply_plan(url_a, plan)
    assert diff(cat_b, snapshot(url_a, label="A")).is_empty


def test_column_grants_are_generated_with_their_rollback(fast_db):
    a = ROLE + " create table users (id int primary key, email text, name text);" \
               " grant select (id, email) on users to dd_h1_tester with grant option;"
    b = ROLE + " create table users (id int primary key, email text, name text);" \
               " grant select (id) on users to dd_h1_tester; grant update (name) on users to dd_h1_tester;"
    url_a, cat_b, plan = _plan(fast_db, a, b, grants=True)
    sqls = [s.sql for s in plan.statements]
    assert "REVOKE GRANT OPTION FOR SELECT (id) ON TABLE public.users FROM dd_h1_tester" in sqls
    assert "REVOKE SELECT (email) ON TABLE public.users FROM dd_h1_tester" in sqls
    assert "GRANT UPDATE (name) ON TABLE public.users TO dd_h1_tester" in sqls
    rollback = plan.rollback_sql()
    assert "GRANT SELECT (email) ON TABLE public.users TO dd_h1_tester;" in rollback
    assert "GRANT SELECT (id) ON TABLE public.users TO dd_h1_tester WITH GRANT OPTION;" in rollback
    assert "REVOKE UPDATE (name) ON TABLE public.users FROM dd_h1_tester;" in rollback
    apply_plan(url_a, plan)
    assert diff(cat_b, snapshot(url_a, label="A", grants=True)).is_empty


def test_column_privileges_a_table_revoke_takes_are_granted_again():
    out = grant_statements("TABLE t", ["r=w/o"], ["r=r*w/o"], revoked=(revoked := {}))
    assert [s.sql for s in out] == ["REVOKE SELECT ON TABLE t FROM r"]
    cols = grant_statements("TABLE t", ["r=r/o"], ["r=r/o"], column="c", lost=revoked)
    assert [s.sql for s in cols] == ["GRANT SELECT (c) ON TABLE t TO r"]
    assert grant_statements("TABLE t", ["r=r/o"], ["r=r/o"], column="c") == []


def test_a_grant_to_a_role_the_target_lacks_is_written_commented_out_saying_so():
    stmts = grant_statements("TABLE public.t", ("dd_nowhere=r/postgres", "=r/postgres"), (), "table public.t",
                             roles={"postgres"})
    missing = next(s for s in stmts if "dd_nowhere" in s.sql)
    assert missing.commented_out and "role dd_nowhere does not exist on the target" in missing.reason
    assert not next(s for s in stmts if "PUBLIC" in s.sql).commented_out


def test_zero_argument_and_ordered_set_aggregates_are_named_the_way_each_statement_wants(fast_db):
    from tests.schema.conftest import CASES, assert_roundtrip, read_case

    a, b = read_case(CASES / "241_grants_aggregates_and_owners.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b, grants=True).plan.statements]
    assert "COMMENT ON AGGREGATE public.cnt0(*) IS 'counts rows'" in sql
    assert "REVOKE EXECUTE ON FUNCTION public.my_pct(double precision, double precision) FROM PUBLIC" in sql
    assert not any("dd_agg_owner" in s for s in sql if s.startswith(("GRANT", "REVOKE")))
