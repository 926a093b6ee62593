"""The embedded server fixture gives working, isolated databases."""

import psycopg


def test_fresh_databases_are_isolated(make_db):
    a = make_db("create table t(id int)")
    b = make_db()
    with psycopg.connect(a) as conn:
        assert conn.execute("select count(*) from pg_tables where tablename = 't'").fetchone()[0] == 1
    with psycopg.connect(b) as conn:
        assert conn.execute("select count(*) from pg_tables where tablename = 't'").fetchone()[0] == 0
