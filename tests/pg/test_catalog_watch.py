"""The warm catalog snapshot: an unchanged database costs one small query, any DDL is seen."""

import psycopg

from tui.pg.catalog_watch import CatalogWatch


def test_unchanged_database_is_not_read_again_and_ddl_is_seen(make_db):
    url = make_db("create table users (id int primary key, email text); create index on users (email);")
    watch = CatalogWatch(url, label="dev")
    try:
        catalog, changed = watch.snapshot()
        assert changed and "public.users" in str(list(catalog.tables))
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("analyze users")  # statistics are not schema
        again, changed = watch.snapshot()
        assert not changed and again is catalog and watch.snapshots == 1
        for ddl in ("comment on table users is 'people'", "alter table users add column name text",
                    "drop index users_email_idx"):
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(ddl)
            catalog, changed = watch.snapshot()
            assert changed, ddl
        assert [c.name for c in catalog.tables["table public.users"].columns] == ["id", "email", "name"]
    finally:
        watch.close()


def test_a_lost_connection_is_one_sentence_then_reopened(make_db):
    url = make_db("create table t (id int)")
    watch = CatalogWatch(url, label="prod")
    try:
        watch.snapshot()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("select pg_terminate_backend(%s)", (watch.backend_pid,))
        try:
            watch.snapshot()
            raise AssertionError("the lost connection went unnoticed")
        except Exception as err:  # DriftdeckError
            assert str(err).startswith("prod: the connection was lost")
        _, changed = watch.snapshot()  # reconnected: same catalog, but read again to be sure
        assert watch.backend_pid is not None
    finally:
        watch.close()
