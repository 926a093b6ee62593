"""`driftdeck review` as a user runs it: exit codes, formats, default paths, the demo acceptance."""

from __future__ import annotations

import json

import pytest

from tui.cli import main

TEN = """CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);
ALTER TABLE users ADD COLUMN bio text;
CREATE INDEX users_bio_idx ON users (bio);
ALTER TABLE users ALTER COLUMN plan SET NOT NULL;
ALTER TABLE users DROP COLUMN full_name;
ALTER TABLE users ALTR COLUMN plan DROP DEFAULT;
UPDATE users SET plan = 'free';
COMMENT ON TABLE users IS 'people';
ALTER TABLE users RENAME COLUMN name TO display_name;
DROP TABLE old_reports;
"""


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def project(tmp_path, monkeypatch):
    for var in ("DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_syntax_error_among_ten_statements(project, capsys):
    (project / "m.sql").write_text(TEN)
    code, out, err = run(capsys, "review", "--format", "json", "m.sql")
    assert code == 3
    data = json.loads(out)
    findings = data["files"][0]["findings"]
    errors = [f for f in findings if f["rule"] == "syntax-error"]
    assert len(errors) == 1 and errors[0]["statement_index"] == 5 and errors[0]["excerpt"] == "ALTR"
    others = {f["statement_index"] for f in findings if f["rule"] != "syntax-error"}
    assert {1, 2, 3, 4, 6, 8, 9} <= others  # the other statements were reviewed
    assert data["files"][0]["statements"] == 10


def test_ignore_without_reason_is_reported(project, capsys):
    (project / "m.sql").write_text("-- driftdeck:ignore drop-column\nALTER TABLE users DROP COLUMN a;\n")
    code, out, _ = run(capsys, "review", "m.sql")
    assert code == 3
    assert "ignore-missing-reason" in out and "gives no reason" in out


def test_exit_codes_follow_fail_on(project, capsys):
    (project / "safe.sql").write_text("CREATE TABLE t (id bigint PRIMARY KEY);\n")
    (project / "medium.sql").write_text("SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nCREATE INDEX i ON users (email);\n")
    assert run(capsys, "review", "safe.sql")[0] == 0
    assert run(capsys, "review", "--fail-on", "low", "safe.sql")[0] == 3
    assert run(capsys, "review", "medium.sql")[0] == 0
    assert run(capsys, "review", "--fail-on", "medium", "medium.sql")[0] == 3
    (project / "driftdeck.toml").write_text('[review]\nfail_on = "medium"\n')
    assert run(capsys, "review", "medium.sql")[0] == 3


def test_bad_input_is_one_sentence_and_exit_1(project, capsys):
    code, _, err = run(capsys, "review", "nope.sql")
    assert code == 1 and err.strip() == "driftdeck: nope.sql: no such file or folder."
    (project / "ok.sql").write_text("SELECT 1;")
    code, _, err = run(capsys, "review", "--pg-version", "3", "ok.sql")
    assert code == 1 and "not a PostgreSQL major version" in err


def test_default_paths_are_the_projects_migrations(project, capsys):
    folder = project / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "001_users.sql").write_text("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
    (folder / "002_drop.sql").write_text("ALTER TABLE users DROP COLUMN email;\n")
    (project / "driftdeck.toml").write_text('[project]\nmigrations = "db/migrations"\n')
    code, out, _ = run(capsys, "review", "--format", "json")
    assert code == 3
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["001_users.sql", "002_drop.sql"]


def test_folder_argument_sarif_and_github(project, capsys):
    (project / "mig").mkdir()
    (project / "mig" / "1.sql").write_text("ALTER TABLE users DROP COLUMN a;\n")
    code, out, _ = run(capsys, "review", "--format", "sarif", "mig")
    assert code == 3 and json.loads(out)["runs"][0]["results"]
    code, out, _ = run(capsys, "review", "--format", "github", "mig")
    assert code == 3 and out.startswith("::error file=mig/1.sql,line=1")


def test_rules_listing(capsys):
    code, out, _ = run(capsys, "review", "--rules")
    assert code == 0 and "drop-column" in out and "set-not-null" in out


def test_demo_review_acceptance(demo_project, cli):
    proc = cli("--demo", "review")
    assert proc.returncode == 3, proc.stderr
    out = proc.stdout
    for rule, risk in (("create-index-non-concurrent", "MEDIUM"), ("drop-column", "HIGH"), ("set-not-null", "MEDIUM"),
                       ("bulk-dml", "MEDIUM")):
        assert f" {risk}   {rule}" in out or f"{risk}  {rule}" in out, rule
    assert "CREATE INDEX CONCURRENTLY IF NOT EXISTS summaries_category_id_idx" in out
    assert "NOT NULL plan NOT VALID" in out
    assert "WHERE ctid IN (SELECT ctid FROM users WHERE plan IS NULL LIMIT 1000)" in out
    assert "ALTER TABLE users DROP COLUMN IF EXISTS full_name" in out
    assert "Verdict: BLOCKED" in out


def test_unreachable_environment_falls_back_to_every_migration(project, capsys, monkeypatch):
    monkeypatch.delenv("NOPE_DATABASE_URL", raising=False)
    folder = project / "migrations"
    folder.mkdir()
    (folder / "001_a.sql").write_text("CREATE TABLE a (id bigint PRIMARY KEY);\n")
    (project / "driftdeck.toml").write_text(
        '[project]\nmigrations = "migrations"\n[environments.prod]\nurl = "env:NOPE_DATABASE_URL"\nprotected = true\n'
    )
    code, out, err = run(capsys, "review")
    assert code == 0 and "001_a.sql" in out and "SAFE TO DEPLOY" in out
    assert "cannot tell which migrations are pending" in err and "NOPE_DATABASE_URL" in err


def test_folders_skip_rollback_files(project, capsys):
    (project / "m").mkdir()
    (project / "m" / "000001_users.up.sql").write_text("CREATE TABLE users (id bigint PRIMARY KEY);\n")
    (project / "m" / "000001_users.down.sql").write_text("DROP TABLE users;\n")
    code, out, _ = run(capsys, "review", "--format", "json", "m")
    assert code == 0 and [f["path"] for f in json.loads(out)["files"]] == ["m/000001_users.up.sql"]
