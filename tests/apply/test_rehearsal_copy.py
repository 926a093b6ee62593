"""Rehearsal copies: the target's schema (and history rows, or all data) in a scratch database of its version."""

import psycopg
import pytest

from tui.apply.rehearsal_copy import rehearsal_copy
from tui.errors import DriftdeckError
from tui.pg import scratch_choice
from tui.urls import database_name

TARGET_SQL = """
create role app_owner nologin;
create table users (id int primary key, email text not null);
alter table users owner to app_owner;
create index users_email_idx on users (email);
insert into users select g, 'u' || g || '@example.com' from generate_series(1, 50) g;
create table schema_migrations (version text primary key);
insert into schema_migrations values ('001'), ('002');
"""


def _one(url, sql):
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def test_schema_copy_keeps_history_rows_and_no_other_data(make_db):
    target = make_db(TARGET_SQL.replace("create role app_owner nologin;", "do $$ begin create role app_owner nologin; exception when duplicate_object then null; end $$;"))
    with rehearsal_copy(target, label="staging", data_tables=("public.schema_migrations", "public.nope")) as copy:
        assert copy.server_version == copy.target_version == 18
        assert copy.warnings == ()
        assert _one(copy.url, "select count(*) from users") == 0
        assert _one(copy.url, "select count(*) from schema_migrations") == 2
        assert _one(copy.url, "select tableowner from pg_tables where tablename = 'users'") == "app_owner"
        assert _one(copy.url, "select count(*) from pg_indexes where indexname = 'users_email_idx'") == 1
        with psycopg.connect(copy.url, autocommit=True) as conn:  # writable: migrations can run there
            conn.execute("alter table users add column name text")
        url = copy.url
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url).close()
    assert _one(target, "select count(*) from information_schema.columns where table_name = 'users'") == 2


def test_with_data_copies_every_row(make_db):
    target = make_db("create table t (x int); insert into t select generate_series(1, 1000);")
    copy = rehearsal_copy(target, with_data=True)
    try:
        assert _one(copy.url, "select count(*) from t") == 1000
    finally:
        copy.cleanup()
        copy.cleanup()  # twice is harmless


def test_machine_postgresql_15_target_gets_a_15_copy_with_its_extensions(make_db15):
    target = make_db15("create extension pg_trgm; create extension citext; create table tags (name citext);"
                       " create index on tags using gin (name gin_trgm_ops);")
    with rehearsal_copy(target, label="prod") as copy:
        assert copy.server_version == copy.target_version == 15
        assert copy.warnings == ()
        assert _one(copy.url, "select count(*) from pg_extension where extname in ('pg_trgm', 'citext')") == 2


def test_choice_prefers_the_same_version_then_the_nearest_with_a_warning():
    assert scratch_choice.choose(18, ()).version == 18
    other = scratch_choice.choose(17, ())
    assert other.version == 18 and "no PostgreSQL 17 server" in other.notes[0]
    if 15 in scratch_choice.server_bin_dirs():
        trgm = scratch_choice.choose(18, ["pg_trgm"])
        assert trgm.version == 15 and "lacks pg_trgm" in trgm.notes[0]


def test_no_server_with_the_extensions_names_the_missing_one_and_scratch_url():
    assert scratch_choice.choose(18, ["postgis_nowhere"]) is None
    sentence = scratch_choice.no_server_sentence(["postgis_nowhere"], "a rehearsal copy of prod")
    assert "postgis_nowhere" in sentence and "scratch_url" in sentence


def test_scratch_url_lacking_an_extension_is_refused(make_db, pg15_server):
    target = make_db("create extension vector;")
    with pytest.raises(DriftdeckError, match="lacks extension vector"):
        rehearsal_copy(target, scratch_url=pg15_server.url())


def test_scratch_url_of_another_version_is_used_with_warnings(make_db16, pg_server):
    target = make_db16("create table t (x int);")
    with rehearsal_copy(target, label="staging", scratch_url=pg_server.url()) as copy:
        assert (copy.server_version, copy.target_version) == (18, 16)
        assert any("PostgreSQL 18, staging runs 16" in w for w in copy.warnings)
        assert _one(copy.url, "select count(*) from t") == 0


def test_database_settings_follow_the_copy(make_db):
    target = make_db("create schema app; create table app.things (x int);")
    name = database_name(target)
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(f'alter database "{name}" set search_path = "$user", app, public')
        conn.execute(f'alter database "{name}" set statement_timeout = \'5min\'')
    with rehearsal_copy(target) as copy:
        assert _one(copy.url, "show search_path") == '"$user", app, public'
        assert _one(copy.url, "show statement_timeout") == "5min"
        assert _one(copy.url, "select count(*) from things") == 0


def test_cancelled_copy_is_dropped(make_db, pg_server):
    from tui.apply.events import CancelToken
    from tui.pg.dump import DumpCancelled

    target = make_db("create table t (x int);")
    token = CancelToken()
    token.cancel()
    before = set(pg_server.databases())
    with pytest.raises(DumpCancelled):
        rehearsal_copy(target, scratch_url=pg_server.url(), cancel=token)
    assert set(pg_server.databases()) == before


def test_sample_keeps_foreign_keys_valid_and_history_whole(make_db):
    target = make_db(
        "create table users (id bigint generated always as identity primary key, email text not null unique);"
        " create table posts (id serial primary key, user_id bigint not null references users,"
        "   parent_id int references posts, title text, slug text generated always as (lower(title)) stored);"
        " insert into users (email) select 'u' || g from generate_series(1, 100) g;"
        " insert into posts (user_id, title) select 1 + (g * 37) % 100, 'T' || g from generate_series(1, 300) g;"
        " update posts set parent_id = 1 where id % 50 = 0;"
        " create table schema_migrations (version text primary key);"
        " insert into schema_migrations select lpad(g::text, 3, '0') from generate_series(1, 40) g;"
    )
    with rehearsal_copy(target, sample_rows=10, data_tables=("schema_migrations",)) as copy:
        assert copy.sample_rows == 10 and not copy.with_data
        assert _one(copy.url, "select count(*) from users") == 10
        assert 0 < _one(copy.url, "select count(*) from posts") <= 10
        assert _one(copy.url, "select count(*) from posts p where not exists (select 1 from users u where u.id = p.user_id)") == 0
        assert _one(copy.url, "select count(*) from pg_constraint where contype = 'f' and convalidated") == 2
        assert _one(copy.url, "select count(*) from schema_migrations") == 40
        assert _one(copy.url, "select bool_and(slug = lower(title)) from posts")
        with psycopg.connect(copy.url, autocommit=True) as conn:  # sequences continue after the target's values
            conn.execute("insert into users (email) values ('new')")
            assert conn.execute("select max(id) from users").fetchone()[0] == 101
