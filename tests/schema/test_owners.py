"""Ownership (``--owners``): compared and generated only when asked for.

Round-trip case 244 proves the plan converges for every kind that has an owner, on PostgreSQL 15, 16 and 18
(223: foreign tables re-created with their server keep theirs); these tests
pin down what a user sees: nothing about owners without the flag, the same number of catalog
queries with it, ``OWNER TO`` a missing role written commented out, the flag on the command line.
"""

from __future__ import annotations

import json
from dataclasses import replace

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.cli import main
from tui.pg.catalog import snapshot
from tui.schema.diff import diff
from tui.schema.sqlgen import generate

CASE = CASES / "244_owners.sql"


def test_owners_are_set_on_what_changes_and_what_is_created_again(fast_db):
    a, b = read_case(CASE)
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b, owners=True).plan.statements]
    assert "ALTER AGGREGATE app.cnt0(*) OWNER TO dd_own_a" in sql
    assert "ALTER AGGREGATE app.my_pct(double precision ORDER BY double precision) OWNER TO dd_own_b" in sql
    assert "ALTER MATERIALIZED VIEW app.counts OWNER TO dd_own_a" in sql
    # the view dropped and created around the column change, and the replaced function, keep their owner
    created = next(i for i, s in enumerate(sql) if s.startswith("CREATE OR REPLACE VIEW app.codes AS"))
    assert sql.index("ALTER VIEW app.codes OWNER TO dd_own_b") > created
    assert "ALTER FUNCTION app.label(integer) OWNER TO dd_own_b" in sql
    assert not any("items_id_seq" in s for s in sql)  # a serial's sequence follows its table


def test_without_owners_nothing_about_owners_is_compared_or_generated(fast_db):
    a, b = read_case(CASE)
    url_a, url_b = fast_db(a), fast_db(b)
    plain = diff(snapshot(url_b, label="B"), snapshot(url_a, label="A"))
    assert not any(n.name == "owner" for c in plain.changes for n in c.walk())
    assert not any("OWNER TO" in s.sql for s in generate(plain, unsafe=True).statements)
    cat_b = snapshot(url_b, label="B", owners=True)
    assert cat_b.query_count == plain.source.query_count  # read in the same queries


def test_owner_to_a_role_the_target_lacks_is_written_commented_out_saying_so(fast_db):
    role = "do $$ begin create role dd_own_gone; exception when duplicate_object or unique_violation then null; end $$;"
    a = "create table t (id int);"
    b = role + a + " alter table t owner to dd_own_gone; create view v as select 1 as x; alter view v owner to dd_own_gone;"
    cat_b = snapshot(fast_db(b), label="B", owners=True)
    cat_a = snapshot(fast_db(a), label="A", owners=True)
    cat_a = replace(cat_a, roles=tuple(r for r in cat_a.roles if r != "dd_own_gone"))
    plan = generate(diff(cat_b, cat_a))
    for sql in ("ALTER TABLE public.t OWNER TO dd_own_gone", "ALTER VIEW public.v OWNER TO dd_own_gone"):
        st = next(s for s in plan.statements if s.sql == sql)
        assert st.commented_out and "role dd_own_gone does not exist on the target" in st.reason
    text = plan.sql()
    assert "-- role dd_own_gone does not exist on the target: create it, then run this:\n" \
           "-- ALTER TABLE public.t OWNER TO dd_own_gone;" in text
    assert "CREATE OR REPLACE VIEW public.v" in text and "\n-- CREATE" not in text  # the view itself is created


def test_the_drift_command_compares_owners_with_the_flag_only(fast_db, capsys):
    role = "do $$ begin create role dd_own_a; exception when duplicate_object or unique_violation then null; end $$;"
    target, source = fast_db("create table t (id int);"), fast_db(role + "create table t (id int); alter table t owner to dd_own_a;")
    assert main(["drift", source, target]) == 0
    capsys.readouterr()
    assert main(["drift", source, target, "--owners", "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert "ALTER TABLE public.t OWNER TO dd_own_a" in [s["sql"] for s in doc["statements"]]
    assert main(["drift", source, target, "--owners"]) == 2
    assert "owner" in capsys.readouterr().out
