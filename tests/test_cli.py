"""The command line, run as a user runs it: a subprocess, real output, real exit codes."""

import pytest


def test_help_lists_commands(cli):
    result = cli("--help")
    assert result.returncode == 0
    assert "envs" in result.stdout and "--demo" in result.stdout and "--project" in result.stdout


def test_demo_envs_lists_three_environments_and_prod_is_protected(cli, demo_project):
    result = cli("--demo", "envs", "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert list(rows) == ["dev", "staging", "prod"]
    assert all(r["reachable"] and r["version"].startswith("18") for r in rows.values())
    assert rows["prod"]["protected"] and not rows["dev"]["protected"]
    assert [rows[e]["pending"] for e in ("dev", "staging", "prod")] == [0, 2, 7]


def test_demo_is_reused_not_rebuilt(cli, demo_project):
    result = cli("--demo", "envs")
    assert result.returncode == 0, result.stderr
    assert "building" not in result.stderr
    assert "prod" in result.stdout and "protected" in result.stdout


def test_literal_password_refused_and_not_echoed(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text('[environments.prod]\nurl = "postgresql://app:s3cret@db/app"\n')
    result = cli("--project", str(tmp_path), "envs")
    assert result.returncode == 1
    assert "s3cret" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("driftdeck: driftdeck.toml:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[environments.prod]\nurl = "env:PRODUCTION_DATABASE_URL"\n', "driftdeck: environment prod: PRODUCTION_DATABASE_URL is not set."),
        ('[project]\nmigratons = "db"\n', "driftdeck: driftdeck.toml: unknown key migratons in [project] (did you mean migrations?)."),
        ('[project]\nmigrations = \n', "driftdeck: driftdeck.toml line 2: invalid TOML"),
    ],
)
def test_bad_project_file_gives_one_sentence_and_exit_1(cli, tmp_path, text, expected):
    (tmp_path / "driftdeck.toml").write_text(text)
    result = cli("--project", str(tmp_path), "envs")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(expected)
    assert "Traceback" not in result.stderr


def test_unreachable_environment_is_reported_and_exits_1(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text('[environments.dev]\nurl = "env:DATABASE_URL"\n')
    result = cli("--project", str(tmp_path), "envs", env={"DATABASE_URL": "postgresql://app:pw-hidden@127.0.0.1:9/app"})
    assert result.returncode == 1
    assert "environment dev: host unreachable" in result.stderr
    assert "pw-hidden" not in result.stdout + result.stderr
    as_json = cli("--project", str(tmp_path), "envs", "--format", "json", env={"DATABASE_URL": "postgresql://app:pw-hidden@127.0.0.1:9/app"})
    assert '"url": "postgresql://app:***@127.0.0.1:9/app"' in as_json.stdout
    assert '"reachable": false' in as_json.stdout and as_json.returncode == 1


def test_missing_project_folder(cli, tmp_path):
    result = cli("--project", str(tmp_path / "nope"), "envs")
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_reset_needs_demo(cli):
    result = cli("--reset", "envs")
    assert result.returncode == 1
    assert "--reset only goes with --demo" in result.stderr
