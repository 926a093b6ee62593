"""Which statements cannot run inside a transaction block: decided from the parse tree, and checked
against what a real server refuses (SQLSTATE 25001) for every statement listed."""

from __future__ import annotations

import psycopg
import pytest

from tui.migrations.sqltext import transactional
from tui.transaction_block import parse, sql_refusal

SETUP = """
create table t (v int); create index ix on t (v);
create table p (v int) partition by list (v); create table p1 partition of p for values in (1);
create type e as enum ('a');
"""

REFUSED = {
    "create index concurrently i1 on t (v)": "CREATE INDEX CONCURRENTLY",
    "drop index concurrently ix": "DROP INDEX CONCURRENTLY",
    "reindex index concurrently ix": "REINDEX CONCURRENTLY",
    "reindex (concurrently) index ix": "REINDEX CONCURRENTLY",
    "reindex schema public": "REINDEX SCHEMA",
    "reindex database": "REINDEX DATABASE",
    "vacuum t": "VACUUM",
    "vacuum (full false) t": "VACUUM",
    "create database never_made": "CREATE DATABASE",
    "drop database if exists never_made": "DROP DATABASE",
    "create tablespace ts location '/nonexistent'": "CREATE TABLESPACE",
    "drop tablespace if exists ts": "DROP TABLESPACE",
    "alter system set work_mem = '4MB'": "ALTER SYSTEM",
    "alter table p detach partition p1 concurrently": "ALTER TABLE … DETACH PARTITION CONCURRENTLY",
    "cluster": "CLUSTER",
    "discard all": "DISCARD ALL",
    "alter database postgres set tablespace pg_default": "ALTER DATABASE … SET TABLESPACE",
    "create subscription s connection 'host=/nonexistent' publication p": "CREATE SUBSCRIPTION … WITH (create_slot = true)",
}
ALLOWED = [
    "reindex (concurrently false) index ix",
    "analyze t",
    "alter type e add value 'b'",  # PostgreSQL 12+
    "select 'create index concurrently'",
    "create index i2 on t (v)",
    "comment on table t is 'vacuum; drop database x'",
    "cluster t using ix",
    "discard plans",
    "alter table p detach partition p1 finalize",
    "create subscription s connection 'host=/nonexistent' publication p with (connect = false)",
]


@pytest.mark.parametrize("sql", list(REFUSED))
def test_refused_statements_are_named_like_the_server_names_them(sql):
    assert sql_refusal(sql) == REFUSED[sql]


@pytest.mark.parametrize("sql", ALLOWED)
def test_other_statements_run_in_a_transaction(sql):
    assert sql_refusal(sql) is None


def test_add_value_is_refused_only_before_postgresql_12():
    assert sql_refusal("alter type e add value 'b'", 110000) == "ALTER TYPE … ADD VALUE"
    assert sql_refusal("alter type e add value 'b'", 120000) is None
    assert sql_refusal("alter type e rename value 'a' to 'b'", 110000) is None


def test_the_server_agrees(make_db):
    url = make_db(SETUP)
    with psycopg.connect(url, autocommit=True) as conn:
        for sql in [*REFUSED, *ALLOWED]:
            conn.execute("begin")
            try:
                conn.execute(sql)
                refused = False
            except psycopg.errors.ActiveSqlTransaction:
                refused = True
            except psycopg.Error:
                refused = False  # failed for another reason (no such tablespace folder…): it was allowed to try
            conn.execute("rollback")
            assert refused == (sql in REFUSED), sql


def test_a_literal_or_comment_mentioning_concurrently_does_not_make_a_file_autocommit():
    assert transactional("create table a (note text default 'build it concurrently'); -- vacuum later\n")
    assert transactional("/* create index concurrently */ select 1;")
    assert not transactional("create table a (id int);\ncreate index concurrently a_idx on a (id);")
    assert not transactional("begin;\ncreate table a (id int);\ncommit;")
    assert transactional("savepoint s; create table a (id int); release s;")


def test_parse_gives_spans_from_the_first_token():
    sql = "-- head\ncreate table a (id int);\n\n/* x */ select 'é';\nselect 2"
    parsed = parse(sql)
    assert [sql[s.start:s.end] for s in parsed] == ["create table a (id int)", "select 'é'", "select 2"]
    assert [s.text for s in parsed] == ["create table a (id int)", "select 'é'", "select 2"]
    assert parse("creat table x") is None


def test_review_flags_exactly_what_the_server_refuses_in_a_wrapped_file():
    from tests.review.helpers import rules

    nt = "non-transactional-in-transaction"
    for sql in REFUSED:
        assert nt in rules(sql + ";", implicit_transaction=True), sql
    for sql in ALLOWED:
        assert nt not in rules(sql + ";", implicit_transaction=True), sql


def test_the_sql_generator_marks_exactly_what_the_server_refuses_in_a_transaction(make_db):
    """The generator builds its CONCURRENTLY statements knowingly; they must agree with this module
    (ADD VALUE is the generator's own choice: the new value cannot be used in the same transaction)."""
    from tui.pg.catalog import snapshot
    from tui.schema.diff import diff
    from tui.schema.sqlgen import generate

    base = "create type mood as enum ('a'); create table users (id bigint primary key, email text, name text);"
    a = snapshot(make_db(base + " create index users_name_idx on users (name);"), label="A")
    b = snapshot(make_db(
        "create type mood as enum ('a', 'b'); create table users (id bigint primary key, email text unique, name text);"
        " create index users_email_lower_idx on users (lower(email)); create table notes (id int, body text);"
        " create index notes_body_idx on notes (body);"
    ), label="B")
    plan = generate(diff(b, a), unsafe=True)
    checked = 0
    for s in plan.statements:
        if "ADD VALUE" in s.sql:
            continue
        assert s.transactional == (sql_refusal(s.sql) is None), s.sql
        checked += 1
    assert checked and any(not s.transactional for s in plan.statements if "CONCURRENTLY" in s.sql)


def test_an_added_enum_value_used_later_in_the_file_is_found():
    from tui.transaction_block import values_used_before_commit

    sql = "alter type mood add value 'great';\ncreate table x (id int);\nupdate people set m = 'great' where id = 1;"
    assert values_used_before_commit(parse(sql)) == {0: "great"}
    assert values_used_before_commit(parse("alter type mood add value 'great'; select 'other';")) == {}


def test_a_statement_starts_at_its_first_token_past_comments():
    sql = "select 1; -- one\n/* two */\n  select 2"
    assert [(s.start, s.text) for s in parse(sql)] == [(0, "select 1"), (sql.index("select 2"), "select 2")]
