"""`driftdeck backup` / `driftdeck restore` as a user runs them on the demo."""

import stat
from pathlib import Path

import pytest


def _backup_file(out: str) -> Path:
    line = next(ln for ln in out.splitlines() if "restore it with:" in ln)
    return Path(line.split()[-1])


def test_demo_backup_then_restore_with_yes(cli, demo_project):
    done = cli("--demo", "backup", "staging")
    assert done.returncode == 0, done.stderr
    path = _backup_file(done.stdout)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    refused = cli("--demo", "restore", "staging", str(path))
    assert refused.returncode == 1 and "add --yes" in refused.stderr

    restored = cli("--demo", "restore", "staging", str(path), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored staging" in restored.stdout and "table(s)" in restored.stdout
    assert "safety backup" in restored.stdout
    log = cli("--demo", "log", "staging")
    assert "restore" in log.stdout


def test_protected_restore_needs_the_typed_name(cli, demo_project, tmp_path):
    refused = cli("--demo", "restore", "prod", str(tmp_path / "any.dump"), "--yes")
    assert refused.returncode == 1
    assert "--yes alone is not enough, add --confirm prod" in refused.stderr
    wrong = cli("--demo", "restore", "prod", str(tmp_path / "any.dump"), "--confirm", "staging")
    assert wrong.returncode == 1 and "does not match" in wrong.stderr


def test_only_too_old_pg_dump_is_one_sentence_and_no_file(cli, demo_project):
    from tui.pg.server import system_versions

    if 15 not in system_versions():
        pytest.skip("needs the machine's PostgreSQL 15 client programs")
    folder = demo_project.apply.backup_dir or None
    before = set(folder.iterdir()) if folder and folder.exists() else set()
    done = cli("--demo", "backup", "staging", env={"DRIFTDECK_PG_BIN": str(system_versions()[15])})
    assert done.returncode == 1
    assert "pg_dump 15" in done.stderr and "the server is 18" in done.stderr and "Traceback" not in done.stderr
    if folder:
        assert set(folder.iterdir()) == before


def test_the_backup_taken_by_apply_restores_staging_to_before_the_apply(cli, demo_project):
    applied = cli("--demo", "apply", "staging", "--yes", timeout=300)
    if "nothing pending" in applied.stdout and "applied" not in applied.stdout:
        pytest.skip("staging had nothing pending")
    assert applied.returncode == 0, applied.stderr
    line = next(ln for ln in applied.stdout.splitlines() if "backup" in ln and ".dump" in ln)
    path = Path(next(w for w in line.split() if w.endswith(".dump")))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    restored = cli("--demo", "restore", "staging", str(path), "--yes")
    assert restored.returncode == 0, restored.stderr
    status = cli("--demo", "status", "staging")
    assert "2 pending" in status.stdout
