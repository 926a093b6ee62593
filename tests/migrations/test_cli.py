"""The commands as a user runs them: `status`, `new` and `drift migrations ENV`, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.migrations.folders import LAYOUTS, make_folder


def driftdeck(*args, env_extra=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize("layout", ["prisma", "flyway", "golang-migrate"])
def test_pointing_at_a_tools_project_needs_no_setting(tmp_path, make_db, layout):
    make_folder(tmp_path, layout)
    writer = LAYOUTS[layout][3]
    dev, prod = make_db(writer(tmp_path, 3)), make_db(writer(tmp_path, 1))
    res = driftdeck("--project", str(tmp_path), "status", "--format", "json",
                    env_extra={"DATABASE_URL": dev, "PRODUCTION_DATABASE_URL": prod})
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["layout"] == layout
    states = [(m["environments"]["dev"]["state"], m["environments"]["prod"]["state"]) for m in data["migrations"]]
    assert states[0] == ("applied", "applied")
    assert states[2] == ("applied", "pending")
    text = driftdeck("--project", str(tmp_path), "status", env_extra={"DATABASE_URL": dev, "PRODUCTION_DATABASE_URL": prod})
    assert text.returncode == 0 and f"Layout: {layout} (detected)" in text.stdout
    assert "prod: 1 applied" in text.stdout


def test_status_with_a_project_file_naming_only_the_folder(tmp_path, make_db):
    make_folder(tmp_path, "flyway")
    (tmp_path / "driftdeck.toml").write_text('[project]\nmigrations = "src/main/resources/db/migration"\n')
    res = driftdeck("--project", str(tmp_path), "status")
    assert res.returncode == 0, res.stderr
    assert "Layout: flyway" in res.stdout and "V10__orders_account_idx.sql" in res.stdout
    assert "No environments configured" in res.stdout
    assert "v3__lowercase_prefix.sql" in res.stdout  # the odd file is named in a warning


def test_status_unreachable_environment_exits_1_with_one_sentence(tmp_path, pg_server):
    make_folder(tmp_path, "plain")
    res = driftdeck("--project", str(tmp_path), "status", env_extra={"DATABASE_URL": pg_server.url("missing_db")})
    assert res.returncode == 1
    assert "database missing_db does not exist" in res.stderr and "Traceback" not in res.stderr


def test_new_writes_in_the_layouts_naming(tmp_path):
    make_folder(tmp_path, "golang-migrate")
    res = driftdeck("--project", str(tmp_path), "new", "Add sessions expiry", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "Created migrations/11_add_sessions_expiry.up.sql" in res.stdout
    assert (tmp_path / "migrations/11_add_sessions_expiry.down.sql").is_file()
    bad = driftdeck("--project", str(tmp_path), "new", "!!!")
    assert bad.returncode == 1 and "not a usable migration name" in bad.stderr


def test_new_from_drift_between_two_environments(tmp_path, make_db):
    make_folder(tmp_path, "plain")
    dev = make_db("create table t (id int primary key, note text); create index t_note_idx on t (note);")
    prod = make_db("create table t (id int primary key);")
    res = driftdeck("--project", str(tmp_path), "new", "sync_t", "--from-drift", "dev", "prod",
                    env_extra={"DATABASE_URL": dev, "PRODUCTION_DATABASE_URL": prod})
    assert res.returncode == 0, res.stderr
    (path,) = (tmp_path / "db/migrations").glob("*_sync_t.sql")
    text = path.read_text()
    up, _, down = text.partition("-- migrate:down")
    assert "ADD COLUMN" in up and "note" in up and "CONCURRENTLY" in up
    assert "DROP" in down and "note" in down


def test_demo_status_shows_dev_staging_prod():
    res = driftdeck("--demo", "status", "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    summary = {e["environment"]: e["summary"] for e in data["environments"]}
    assert summary == {
        "dev": "dev: 12 applied, 0 pending",
        "staging": "staging: 10 applied, 2 pending",
        "prod": "prod: 5 applied, 7 pending",
    }
    first = data["migrations"][0]["environments"]["prod"]
    assert first["state"] == "applied" and first["applied_by"] == "bob"


def _leaves(objects):
    for obj in objects:
        parts = obj.get("parts") or []
        if parts:
            yield from _leaves(parts)
        elif obj.get("status"):
            yield obj["kind"], obj["name"], obj["status"]


def test_demo_drift_migrations_prod_shows_exactly_the_hand_changes():
    res = driftdeck("--demo", "drift", "migrations", "prod", "--format", "json")
    assert res.returncode == 2, res.stderr
    data = json.loads(res.stdout)
    changes = {leaf for schema in data["schemas"] for leaf in _leaves(schema["objects"])}
    assert changes == {
        ("constraint", "summaries_user_id_fkey", "only-in-source"),
        ("column", "metadata", "differs"),
        ("index", "users_email_lower_hotfix_idx", "only-in-target"),
    }
    assert "replaying 5 migration(s) applied in prod" in res.stderr or "reusing the replay of 5" in res.stderr
