"""Review rule gaps found trying driftdeck as a new user (issue 13, items 11–15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review.helpers import finding, review, rules
from tui.config import Project
from tui.review import options_for, review_files

LOCKING = [
    "ALTER TABLE users ADD CONSTRAINT c CHECK (id > 0);",  # SHARE ROW EXCLUSIVE (and ACCESS EXCLUSIVE)
    "CREATE INDEX users_email_idx ON users (email);",  # SHARE
    "ALTER TABLE users ALTER COLUMN email TYPE text;",  # ACCESS EXCLUSIVE
]


def lock_risk(report) -> list[str]:
    return [f.risk for f in report.findings if f.rule == "lock-timeout-missing" and not f.suppressed]


@pytest.mark.parametrize("sql", LOCKING)
@pytest.mark.parametrize("prefix", ["", "SET pg_catalog.lock_timeout = '1s';\n"])
def test_loose_file_without_lock_timeout_is_medium(tmp_path, sql, prefix):
    path = tmp_path / "loose.sql"
    path.write_text(prefix + sql + "\n")
    options = options_for(Project(root=tmp_path))  # no driftdeck.toml, no migrations folder
    report = review_files([path], options)
    assert lock_risk(report) == ["medium"]
    assert "`driftdeck apply` sets lock_timeout itself" in next(f.why for f in report.findings if f.rule == "lock-timeout-missing")


def test_lock_timeout_set_after_the_ddl_does_not_count(tmp_path):
    assert lock_risk(review(f"{LOCKING[0]}\nSET lock_timeout = '1s';")) == ["medium"]


def _project(tmp_path: Path, layout_files: dict[str, str], toml: str | None) -> Project:
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    for name, text in layout_files.items():
        (folder / name).write_text(text)
    if toml is not None:
        (tmp_path / "driftdeck.toml").write_text(toml)
    from tui.config import load_project

    return load_project(tmp_path, explicit=True)


def test_plain_folder_of_a_driftdeck_project_is_low_with_the_note(tmp_path):
    project = _project(tmp_path, {"20240101000000_a.sql": LOCKING[0]}, '[project]\nmigrations = "db/migrations"\n')
    report = review_files([tmp_path / "db/migrations/20240101000000_a.sql"], options_for(project))
    assert lock_risk(report) == ["low"]
    assert "driftdeck applies this folder" in report.findings[0].why or any(
        "driftdeck applies this folder" in f.why for f in report.findings)
    loose = tmp_path / "scratch.sql"  # the same project, a file outside its migrations folder
    loose.write_text(LOCKING[0])
    assert lock_risk(review_files([loose], options_for(project))) == ["medium"]


def test_plain_folder_without_a_project_file_is_medium(tmp_path):
    project = _project(tmp_path, {"20240101000000_a.sql": LOCKING[1]}, None)
    assert lock_risk(review_files([tmp_path / "db/migrations/20240101000000_a.sql"], options_for(project))) == ["medium"]


def test_another_tools_folder_is_medium(tmp_path):
    project = _project(tmp_path, {"1_a.up.sql": LOCKING[2], "1_a.down.sql": "SELECT 1;"},
                       '[project]\nmigrations = "db/migrations"\n')
    assert options_for(project).runner_sets_timeouts is False
    assert lock_risk(review_files([tmp_path / "db/migrations/1_a.up.sql"], options_for(project))) == ["medium"]


# 12: option lists read by value
@pytest.mark.parametrize("sql", ["REINDEX (CONCURRENTLY false) TABLE users;", "REINDEX (CONCURRENTLY off, VERBOSE) INDEX users_email_idx;"])
def test_reindex_with_concurrently_off_is_flagged(sql):
    f = finding(sql, "reindex-non-concurrent", implicit_transaction=False)
    assert "CONCURRENTLY" in f.safe_sql and "false" not in f.safe_sql.lower().split("\n")[-1] and " off" not in f.safe_sql


def test_vacuum_full_false_is_a_plain_vacuum():
    assert "rewrite-maintenance" not in rules("VACUUM (FULL false) users;", implicit_transaction=False)
    assert "rewrite-maintenance" in rules("VACUUM (FULL true, ANALYZE) users;", implicit_transaction=False)


# 13: transaction control that breaks the tool's transaction
@pytest.mark.parametrize("sql, words", [
    ("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCOMMIT;\n", "second COMMIT"),
    ("CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n", "runs this file in its own transaction"),
    ("BEGIN;\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", "already open"),
])
def test_transaction_control_that_breaks_the_runners_transaction_is_medium(sql, words):
    f = finding(sql, "transaction-nesting", implicit_transaction=True)
    assert f.risk == "medium" and words in f.why


def test_explicit_blocks_in_a_wrapped_file_are_fine():
    sql = "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\n"
    assert "transaction-nesting" not in rules(sql, implicit_transaction=True)


# 14: ALTER DOMAIN … ADD CONSTRAINT
def test_alter_domain_add_constraint_suggests_not_valid_then_validate():
    f = finding("ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);", "domain-constraint-validated")
    assert f.risk == "medium"
    assert "NOT VALID" in f.safe_sql and "VALIDATE CONSTRAINT positive" in f.safe_sql
    assert "domain-constraint-validated" not in rules("ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID;")
    assert "domain-constraint-validated" not in rules("CREATE DOMAIN d int;\nALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE > 0);")


# 15: unknown signatures are volatile
def test_a_known_function_with_an_unknown_signature_is_volatile():
    f = finding("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now(123);", "add-column-rewrite")
    assert "now() with 1 argument" in f.why
    assert "add-column-rewrite" not in rules("ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();")
