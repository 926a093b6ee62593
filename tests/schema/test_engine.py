"""The engine's promises beyond round trips: fixed query count, safety defaults, rollback, fingerprints."""

from __future__ import annotations

from tui.pg.catalog import snapshot
from tui.schema.diff import DESTRUCTIVE, diff
from tui.schema.model import fingerprint
from tui.schema.sqlgen import generate

BASE = "create table users (id bigint primary key, email text);"


def test_query_count_is_fixed_whatever_the_size(fast_db):
    small = snapshot(fast_db(BASE), label="small")
    big_sql = "\n".join(
        f"create table t{i} (id int primary key, v text check (v <> ''), p int references t0(id));"
        f" create index on t{i} (v); create view v{i} as select * from t{i};"
        for i in range(40)
    ).replace("references t0(id)", "", 1)
    big = snapshot(fast_db("create type mood as enum ('a'); " + big_sql), label="big")
    assert big.query_count == small.query_count <= 20
    assert len(big.tables) == 40 and len(big.views) == 40


def test_extension_objects_and_tool_history_are_skipped(fast_db):
    cat = snapshot(fast_db("create extension vector; create schema driftdeck; create table driftdeck.schema_history (id text);"
                           " create table schema_migrations (version text);" + BASE), label="x")
    assert not cat.functions and not cat.types
    assert set(cat.tables) == {"table public.users"}
    assert "extension vector" in cat.extensions


def test_destructive_statements_are_commented_out_unless_unsafe(fast_db):
    a = snapshot(fast_db(BASE + " create table old (id int); create index users_email_idx on users (email);"), label="A")
    b = snapshot(fast_db(BASE), label="B")
    drift = diff(b, a)
    safe = generate(drift)
    assert all(s.commented_out for s in safe.statements if s.risk == DESTRUCTIVE)
    assert not safe.executable
    text = safe.sql()
    assert "-- DROP TABLE IF EXISTS public.old;" in text and "not run without --unsafe" in text
    unsafe = generate(drift, unsafe=True)
    assert [s.sql for s in unsafe.executable] == [
        "DROP INDEX CONCURRENTLY IF EXISTS public.users_email_idx",
        "DROP TABLE IF EXISTS public.old",
    ]


def test_concurrent_steps_are_separate_and_rollback_reverses(fast_db):
    a = snapshot(fast_db(BASE), label="A")
    b = snapshot(fast_db(BASE + " create index users_email_idx on users (email); alter table users add column name text;"), label="B")
    plan = generate(diff(b, a))
    idx = next(s for s in plan.statements if "CONCURRENTLY" in s.sql)
    assert not idx.transactional and idx.sql.startswith("CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx")
    steps = plan.steps()
    assert [st.transactional for st in steps] == [True, False]
    text = plan.sql()
    assert text.index("COMMIT;") < text.index("-- step 2: outside a transaction")
    rollback = plan.rollback_sql()
    assert rollback.index("DROP INDEX CONCURRENTLY IF EXISTS public.users_email_idx") < rollback.index(
        "ALTER TABLE public.users DROP COLUMN IF EXISTS name")


def test_set_not_null_goes_through_a_validated_check(fast_db):
    a = snapshot(fast_db(BASE), label="A")
    b = snapshot(fast_db("create table users (id bigint primary key, email text not null);"), label="B")
    sqls = [s.sql for s in generate(diff(b, a)).statements]
    assert sqls[0].endswith("CHECK (email IS NOT NULL) NOT VALID")
    assert "VALIDATE CONSTRAINT" in sqls[1] and sqls[2].endswith("SET NOT NULL") and "DROP CONSTRAINT" in sqls[3]


def test_fingerprints_are_stable_and_change_with_content(fast_db):
    one = snapshot(fast_db(BASE), label="1")
    two = snapshot(fast_db(BASE), label="2")
    three = snapshot(fast_db("create table users (id bigint primary key, email varchar(100));"), label="3")
    assert one.fingerprints() == two.fingerprints()
    assert fingerprint(one.tables["table public.users"]) != fingerprint(three.tables["table public.users"])


def test_drift_tree_groups_schema_object_part(fast_db):
    a = snapshot(fast_db("create schema app;" + BASE), label="A")
    b = snapshot(fast_db("create schema app; create table app.t (id int);"
                         " create table users (id bigint primary key, email text not null);"), label="B")
    drift = diff(b, a)
    names = {g.name: [c.key for c in g.objects] for g in drift.groups}
    assert names == {"app": ["table app.t"], "public": ["table public.users"]}
    users = drift.groups[1].objects[0]
    assert [(p.kind, p.name, p.status) for p in users.parts] == [("column", "email", "differs")]
    assert users.parts[0].before == "email text" and users.parts[0].after == "email text NOT NULL"


def test_works_on_postgresql_16(fast_db16):
    a = snapshot(fast_db16(BASE), label="A")
    b = snapshot(fast_db16(BASE + " create view v as select id from users;"), label="B")
    assert a.server_version_num // 10000 == 16
    plan = generate(diff(b, a))
    assert plan.statements[0].sql.startswith("CREATE OR REPLACE VIEW public.v AS")


def test_grants_are_compared_and_generated_only_when_asked(fast_db):
    role = "dd_test_reader"
    setup = (f"do $$ begin if not exists (select 1 from pg_roles where rolname = '{role}') then"
             f" create role {role}; end if; end $$;")
    a_url = fast_db(setup + BASE + " create function f() returns int language sql as 'select 1';")
    b_url = fast_db(setup + BASE + f" grant select, insert on users to {role};"
                    " create function f() returns int language sql as 'select 1';"
                    f" revoke execute on function f() from public; grant execute on function f() to {role} with grant option;")
    assert diff(snapshot(b_url, label="B"), snapshot(a_url, label="A")).is_empty  # grants are opt-in
    b, a = snapshot(b_url, label="B", grants=True), snapshot(a_url, label="A", grants=True)
    plan = generate(diff(b, a))
    sqls = [s.sql for s in plan.statements]
    assert f"GRANT INSERT, SELECT ON TABLE public.users TO {role}" in sqls
    assert "REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC" in sqls
    assert f"GRANT EXECUTE ON FUNCTION public.f() TO {role} WITH GRANT OPTION" in sqls
    from tests.schema.conftest import apply_plan

    apply_plan(a_url, plan)
    assert diff(b, snapshot(a_url, label="A", grants=True)).is_empty
