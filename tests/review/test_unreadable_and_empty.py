"""Files that are not SQL text, and migrations with nothing in them: never SAFE TO DEPLOY, in every command."""

from __future__ import annotations

import json

import pytest

from tests.review.helpers import no_zero_config
from tests.review.helpers import run_main as run
from tui.config import load_project
from tui.migrations import load_folder

GOOD = "CREATE TABLE t (id int);\n"
NUL = b"CREATE TABLE t (id int);\n\x00\nDROP TABLE users;\n"
LATIN1 = "SELECT 'caf\xe9';\n".encode("latin-1")


def findings(report: dict) -> list[dict]:
    return [f for fr in report["files"] for f in fr["findings"]]


@pytest.fixture
def project(tmp_path, monkeypatch):
    no_zero_config(monkeypatch)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    (tmp_path / "driftdeck.toml").write_text('[project]\nmigrations = "db/migrations"\n')
    return tmp_path


def test_nul_bytes_are_refused_not_reviewed_as_safe(project, capsys):
    (project / "nul.sql").write_bytes(NUL)
    code, out, _ = run(capsys, "review", "--format", "json", "nul.sql")
    assert code == 3
    report = json.loads(out)
    assert report["verdict"] == "BLOCKED"
    assert [f["rule"] for f in findings(report)] == ["not-a-text-file"]
    assert "NUL byte at offset 25" in findings(report)[0]["why"]


def test_non_utf8_file_is_one_finding_and_the_others_are_still_reviewed(project, capsys):
    folder = project / "db" / "migrations"
    (folder / "001_ok.sql").write_text(GOOD)
    (folder / "002_latin1.sql").write_bytes(LATIN1)
    (folder / "003_drop.sql").write_text("DROP TABLE users;\n")
    code, out, _ = run(capsys, "review", "--format", "json")
    assert code == 3
    rules: dict[str, set] = {}
    for f in findings(json.loads(out)):
        rules.setdefault(f["path"].rsplit("/", 1)[-1], set()).add(f["rule"])
    assert rules["002_latin1.sql"] == {"not-a-text-file"}
    assert "drop-table" in rules["003_drop.sql"]


@pytest.mark.parametrize("data", [LATIN1, NUL])
def test_status_and_envs_count_an_unreadable_file_as_pending_with_a_warning(project, data):
    folder = project / "db" / "migrations"
    (folder / "001_ok.sql").write_text(GOOD)
    (folder / "002_bad.sql").write_bytes(data)
    loaded = load_folder(load_project(project, explicit=True))
    assert [m.path.name for m in loaded.migrations] == ["001_ok.sql", "002_bad.sql"]
    assert loaded.migrations[1].problem
    assert any(w.startswith("002_bad.sql: is not") and "counts as pending" in w for w in loaded.warnings)
    with pytest.raises(Exception, match="002_bad.sql: is not"):
        loaded.migrations[1].statements()  # nothing runs a guess at it (replay, apply)
    with pytest.raises(Exception, match="driftdeck does not run it"):
        loaded.migrations[1].up_sql  # noqa: B018 — the runner reads this


@pytest.mark.parametrize("text", ["", "-- nothing yet\n/* todo */\n", "-- migrate:up\n\n-- migrate:down\nDROP TABLE t;\n"])
def test_empty_or_comment_only_migration_is_flagged(project, capsys, text):
    (project / "e.sql").write_text(text)
    code, out, _ = run(capsys, "review", "--format", "json", "--fail-on", "medium", "e.sql")
    report = json.loads(out)
    assert [f["rule"] for f in findings(report)] == ["empty-migration"]
    assert report["verdict"] != "SAFE TO DEPLOY" and code == 3


def test_review_of_dev_null_is_not_safe(project, capsys):
    code, out, _ = run(capsys, "review", "/dev/null")
    assert "SAFE TO DEPLOY" not in out and "empty-migration" in out
