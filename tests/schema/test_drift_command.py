"""`driftdeck drift` as a user runs it: the demo acceptance, formats, exit codes, errors, filters."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest

from tests.schema.conftest import apply_plan
from tui.pg.catalog import snapshot
from tui.pg.server import demo_server
from tui.schema.diff import diff
from tui.schema.sqlgen import generate


def test_demo_drift_dev_prod_shows_the_hand_made_drift(cli, demo_project):
    r = cli("--demo", "drift", "dev", "prod")
    assert r.returncode == 2, r.stderr
    out = r.stdout
    for table in ("email_accounts", "email_threads", "email_messages", "email_attachments"):
        assert f"+ table public.{table}" in out
    assert "column metadata" in out and "type json → jsonb" in out
    assert "− index users_email_lower_hotfix_idx  only in prod" in out
    assert "+ constraint summaries_user_id_fkey" in out
    assert "Drift:" in out


def _copy_of_prod(demo_project) -> tuple[str, str]:
    server = demo_server()
    name = f"prod_copy_{uuid.uuid4().hex[:8]}"
    return name, server.create_database(name, template="prod")


@pytest.mark.parametrize("unsafe", [True, False])
def test_demo_sql_applied_to_a_copy_of_prod(cli, demo_project, unsafe):
    args = ["--demo", "drift", "dev", "prod", "--format", "sql"] + (["--unsafe"] if unsafe else [])
    r = cli(*args)
    assert r.returncode == 2, r.stderr
    sql = r.stdout
    assert sql.count("SET lock_timeout") == 1 and sql.index("SET lock_timeout") < sql.index("BEGIN;")
    assert "CREATE INDEX CONCURRENTLY IF NOT EXISTS share_links_expires_at_idx" in sql
    assert "ADD CONSTRAINT summaries_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE NOT VALID" in sql
    assert "VALIDATE CONSTRAINT summaries_user_id_fkey" in sql
    if unsafe:
        assert "\nDROP INDEX CONCURRENTLY IF EXISTS public.users_email_lower_hotfix_idx;" in sql
    else:
        assert "-- DROP INDEX CONCURRENTLY IF EXISTS public.users_email_lower_hotfix_idx;" in sql
        assert "-- ALTER TABLE public.usage_events ALTER COLUMN metadata TYPE jsonb" in sql

    name, copy_url = _copy_of_prod(demo_project)
    try:
        # schema SQL cannot invent data: were a user without a plan left in prod, the NOT NULL step
        # (a CHECK validated first) would stop there; backfill like the migration does (a no-op today)
        with psycopg.connect(copy_url, autocommit=True) as conn:
            conn.execute("update users set plan = 'free' where plan is null")
        dev = snapshot(demo_project.env("dev").url, label="dev")
        plan = generate(diff(dev, snapshot(copy_url, label="copy")), unsafe=unsafe)
        apply_plan(copy_url, plan)
        remaining = diff(dev, snapshot(copy_url, label="copy"))
        if unsafe:
            assert remaining.is_empty, [n.key for c in remaining.changes for n in c.walk()]
        else:  # only what was held back as destructive is left
            left = {n.key for c in remaining.changes for n in c.walk() if not n.parts}
            assert left == {
                "table public.users/index users_email_lower_hotfix_idx",
                "table public.users/column full_name",
                "table public.usage_events/column metadata",
            }
    finally:
        demo_server().drop_database(name)


def test_demo_json_is_stable_and_documented(cli, demo_project):
    r = cli("--demo", "drift", "dev", "prod", "--format", "json")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert doc["format"] == "driftdeck.drift/1" and doc["drift"] is True
    assert list(doc) == ["format", "source", "target", "drift", "summary", "schemas", "renames", "not_compared",
                         "statements"]
    public = next(s for s in doc["schemas"] if s["name"] == "public")
    users = next(o for o in public["objects"] if o["key"] == "table public.users")
    hotfix = next(p for p in users["parts"] if p["name"] == "users_email_lower_hotfix_idx")
    assert hotfix["status"] == "only-in-target" and hotfix["risk"] == "destructive"
    assert hotfix["before"].startswith("CREATE INDEX users_email_lower_hotfix_idx ON public.users")
    assert set(hotfix) == {"kind", "key", "name", "status", "risk", "reason", "before", "after", "rename_of", "parts"}


def test_no_drift_exits_0(cli, fast_db):
    sql = "create table t (id int primary key, v text); create index on t (v);"
    a, b = fast_db(sql), fast_db(sql)
    r = cli("drift", a, b)
    assert r.returncode == 0, r.stderr
    assert "No drift" in r.stdout
    r = cli("drift", a, b, "--format", "sql")
    assert r.returncode == 0 and r.stdout.startswith("-- no drift")


def test_unreachable_target_is_one_sentence_and_exit_1(cli, fast_db):
    a = fast_db("create table t (id int);")
    r = cli("drift", a, "postgresql://app:s3cret-pw@127.0.0.1:1/app")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("driftdeck: ")
    assert "s3cret-pw" not in r.stderr + r.stdout and "Traceback" not in r.stderr
    assert "unreachable" in lines[0] or "not accept" in lines[0] or "refused" in lines[0]


def test_unknown_environment_is_one_sentence(cli, demo_project):
    r = cli("--demo", "drift", "dev", "prdo")
    assert r.returncode == 1
    assert "prod" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_schema_and_exclude_filters(cli, fast_db):
    a = fast_db("create schema app; create table app.x (id int); create table keep (id int);")
    b = fast_db("create schema app; create table keep (id int, extra int); create table email_log (id int);")
    r = cli("drift", a, b, "--schema", "app")
    assert r.returncode == 2 and "app.x" in r.stdout and "keep" not in r.stdout
    r = cli("drift", a, b, "--exclude", "app", "--exclude", "email_*")
    assert "app.x" not in r.stdout and "email_log" not in r.stdout and "column extra" in r.stdout
    r = cli("drift", a, b, "--exclude", "app", "--exclude", "email_*", "--exclude", "public.keep")
    assert r.returncode == 0, r.stdout


def test_renames_are_flagged_not_applied(cli, fast_db):
    a = fast_db("create table t (id int primary key, old_name text); insert into t values (1, 'x');")
    b = fast_db("create table t (id int primary key, new_name text);")
    r = cli("drift", b, a, "--format", "sql")
    assert "-- possible rename (column in table public.t): old_name -> new_name" in r.stdout
    assert "RENAME" not in r.stdout.replace("possible rename", "")
    tree = cli("drift", b, a).stdout
    assert "possible rename" in tree


def test_audit_connections_are_read_only(fast_db):
    url = fast_db("create table t (id int);")
    with psycopg.connect(url) as conn:
        conn.execute("alter database " + url.split("?")[0].rsplit("/", 1)[1] + " set default_transaction_read_only = on")
    cat = snapshot(url, label="ro")
    assert "table public.t" in cat.tables
