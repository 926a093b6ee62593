"""A domain whose base type changes is swapped in place (new domain, columns converted, old one dropped, renamed).

Round-trip cases 165–170 prove it converges; these tests pin down the risk a reviewer sees.
"""

from __future__ import annotations

from tests.schema.conftest import apply_plan
from tui.pg.catalog import snapshot
from tui.schema.diff import DESTRUCTIVE, LOCKING, diff
from tui.schema.sqlgen import generate


def _plan(fast_db, a: str, b: str, *, unsafe: bool):
    url_a, url_b = fast_db(a), fast_db(b)
    cat_b = snapshot(url_b, label="B")
    return url_a, cat_b, generate(diff(cat_b, snapshot(url_a, label="A")), unsafe=unsafe)


def test_a_rewriting_swap_is_held_back_without_unsafe(fast_db):
    a = "create domain amount as int; create table orders (id int primary key, total amount);" \
        " insert into orders values (1, 10);"
    url_a, cat_b, plan = _plan(fast_db, a, a.replace("as int", "as bigint"), unsafe=False)
    assert plan.statements and all(s.commented_out and s.risk == DESTRUCTIVE for s in plan.statements)
    assert "rewrites the tables" in plan.statements[0].reason
    assert any('TYPE public."amount__driftdeck_new" USING total::bigint::public."amount__driftdeck_new"' in s.sql
               for s in plan.statements)


def test_a_swap_without_rewrite_runs_safely_and_keeps_the_rows(fast_db):
    a = "create domain code as varchar(10); create table items (id int primary key, code code default 'x');" \
        " insert into items values (1, 'abc');"
    url_a, cat_b, plan = _plan(fast_db, a, a.replace("varchar(10)", "text"), unsafe=False)
    assert plan.commented_count == 0
    convert = next(s for s in plan.statements if " TYPE public.\"code__driftdeck_new\" USING " in s.sql)
    assert convert.risk == LOCKING and "rewrites" not in convert.reason
    assert "ALTER TABLE public.items ALTER COLUMN code SET DEFAULT 'x'::text" in [s.sql for s in plan.statements]
    apply_plan(url_a, plan)
    assert diff(cat_b, snapshot(url_a, label="A")).is_empty


def test_a_domain_another_type_is_built_on_falls_back_to_a_held_back_drop_and_create(fast_db):
    a = "create domain code as varchar(10); create domain short_code as code check (length(value) < 5);"
    _, _, plan = _plan(fast_db, a, a.replace("varchar(10)", "text"), unsafe=False)
    drop = next(s for s in plan.statements if s.sql.startswith("DROP DOMAIN IF EXISTS public.code"))
    assert drop.commented_out and drop.risk == DESTRUCTIVE


def test_a_swap_and_a_replaced_default_function_run_without_unsafe(fast_db):
    a = ("create function def_code() returns varchar language sql as $$select 'none'$$;"
         " create domain code as varchar(10) default def_code();"
         " create table items (id int primary key, code code); insert into items (id) values (1);")
    b = a.replace("returns varchar", "returns text").replace("as varchar(10)", "as text")
    url_a, cat_b, plan = _plan(fast_db, a, b, unsafe=False)
    assert plan.commented_count == 0
    apply_plan(url_a, plan)
    assert diff(cat_b, snapshot(url_a, label="A")).is_empty
