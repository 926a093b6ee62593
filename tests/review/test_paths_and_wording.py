"""What review and drift say about where things are: repository-relative paths, the environment pending on, possessives."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.review.helpers import no_zero_config
from tests.review.helpers import run_main as run
from tui.words import possessive


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository whose driftdeck project lives in services/api, run from services/api/db."""
    no_zero_config(monkeypatch)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    project = tmp_path / "services" / "api"
    folder = project / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / "001_drop.sql").write_text("DROP TABLE users;\n")
    (project / "driftdeck.toml").write_text('[project]\nmigrations = "db/migrations"\n')
    monkeypatch.chdir(project / "db")
    return tmp_path


def test_text_sarif_and_github_use_repository_relative_paths(repo, capsys):
    expected = "services/api/db/migrations/001_drop.sql"
    _, out, _ = run(capsys, "review", "--format", "sarif", "migrations/001_drop.sql")
    location = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": expected, "uriBaseId": "%SRCROOT%"}
    _, out, _ = run(capsys, "review", "--format", "github", "migrations/001_drop.sql")
    assert f"file={expected}," in out
    _, out, _ = run(capsys, "review", "migrations/001_drop.sql")
    assert f"{expected}  BLOCKED" in out


def test_review_says_which_environment_pending_is_for(repo, capsys, make_db):
    url = make_db()
    (repo / "services/api/driftdeck.toml").write_text(
        f'[project]\nmigrations = "db/migrations"\n[environments.live]\nurl = "{url}"\nprotected = true\n'
    )
    _, out, _ = run(capsys, "review")
    assert "pending on live (the last protected environment" in out
    _, out, _ = run(capsys, "review", "--format", "json")
    assert any("pending on live" in n for n in json.loads(out)["notes"])


def test_possessive_of_the_replayed_folder():
    assert possessive("migrations") == "the migrations'"
    assert possessive("migrations:all") == "the migrations'"
    assert possessive("prod") == "prod's"
