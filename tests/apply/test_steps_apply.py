"""The guided apply as a user runs it (`driftdeck apply`, `rollback`, `log`) on small projects whose
environments are real databases: the steps in order, the protected-environment rule, a broken
migration stopping at Apply with nothing left behind, rollback through down migrations, the audit line."""

from __future__ import annotations

import json
import stat

import pytest

from tests.apply.steps_helpers import apply_first, recorded, scalar, write_project_file
from tui.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def project(tmp_path, make_db, monkeypatch):
    for var in ("DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    root = write_project_file(tmp_path, {"dev": make_db(), "staging": make_db(), "prod": make_db()}, monkeypatch,
                              extra='[critical]\ntables = ["users"]\n[[smoke]]\nname = "users there"\n'
                                    'sql = "select count(*) > 0 from users"\n')
    from tui.config import load_project

    p = load_project(root)
    apply_first(p, "dev", 3)
    apply_first(p, "staging", 1)
    apply_first(p, "prod", 1)
    return p


def audit_lines(project) -> list[dict]:
    path = project.root / ".driftdeck" / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_apply_runs_every_step_and_leaves_nothing_pending(project, capsys):
    code, out, err = run(capsys, "apply", "staging", "--yes")
    assert code == 0, err
    steps = [line.split()[1] for line in out.splitlines() if line.startswith("✓ ")]
    assert steps == ["checklist", "rehearsal", "backup", "apply", "smoke"]
    assert recorded(project.env("staging").url) == ["001", "002", "003"]
    code, out, _ = run(capsys, "plan", "staging")
    assert code == 0 and "nothing pending" in out
    [entry] = audit_lines(project)
    assert entry["kind"] == "apply" and entry["outcome"] == "applied" and entry["environment"] == "staging"
    assert entry["migrations"] == ["002", "003"] and entry["rehearsal"]["status"] == "ok"
    assert [s["step"] for s in entry["steps"]] == ["checklist", "rehearsal", "backup", "apply", "smoke"]
    assert entry["who"]["user"] and any(r["check"] == "smoke:users there" for r in entry["smoke"])
    backup = project.root / "backups"
    dumps = list(backup.glob("*.dump"))
    assert len(dumps) == 1 and entry["backup"] == str(dumps[0])
    assert stat.S_IMODE(dumps[0].stat().st_mode) == 0o600
    code, out, _ = run(capsys, "log", "staging")
    assert code == 0 and "staging  apply  applied" in out and "002, 003" in out


def test_protected_environment_needs_its_name(project, capsys):
    code, out, err = run(capsys, "apply", "prod", "--yes")
    assert code == 1 and out == ""
    assert err.strip() == "driftdeck: prod is protected: --yes alone is not enough, add --confirm prod to apply to it."
    code, _, err = run(capsys, "apply", "prod", "--yes", "--confirm", "staging")
    assert code == 1 and "does not match" in err
    assert recorded(project.env("prod").url) == ["001"]
    apply_first(project, "staging", 3)
    code, out, err = run(capsys, "apply", "prod", "--yes", "--confirm", "prod")
    assert code == 0, err
    assert recorded(project.env("prod").url) == ["001", "002", "003"]


def test_a_migration_failing_on_real_rows_stops_at_apply_and_leaves_nothing(project, capsys):
    (project.migrations / "004_broken.sql").write_text(
        "CREATE TABLE probe (id int);\nALTER TABLE users ADD CONSTRAINT no_rows CHECK (id < 0);\n")
    apply_first(project, "staging", 3)
    url = project.env("staging").url
    code, out, err = run(capsys, "apply", "staging", "--yes")
    assert code == 1
    assert "✓ rehearsal" in out and "✓ backup" in out and "✗ apply" in out and "smoke" not in out.split("✗ apply")[1]
    assert "004_broken.sql failed at line 2" in err and 'check constraint "no_rows"' in err and "23514" in err
    assert "nothing of it was applied" in err
    assert scalar(url, "select to_regclass('probe')") is None
    assert recorded(url) == ["001", "002", "003"]
    assert scalar(url, "select count(*) from pg_stat_activity where state like 'idle in transaction%'") == 0
    entry = audit_lines(project)[-1]
    assert entry["outcome"] == "failed" and "004_broken.sql" in entry["error"] and entry["migrations"] == []


def test_a_syntax_error_stops_at_the_rehearsal_before_the_target_is_touched(project, capsys):
    (project.migrations / "004_typo.sql").write_text("CREATE TABLE probe (id int);\nALTER TABLE users ADD COLUMN x intt;\n")
    apply_first(project, "staging", 3)
    code, out, err = run(capsys, "apply", "staging", "--yes")
    assert code == 1 and "✗ rehearsal" in out and "✓ backup" not in out
    assert "rehearsal failed, staging was not touched" in err and "line 2" in err and 'type "intt" does not exist' in err
    assert scalar(project.env("staging").url, "select to_regclass('probe')") is None
    assert not (project.root / "backups").exists() or not list((project.root / "backups").glob("*.dump"))


def test_rollback_runs_down_parts_and_removes_the_history_rows(project, capsys):
    url = project.env("dev").url
    code, out, err = run(capsys, "rollback", "dev", "--to", "001", "--yes")
    assert code == 1 and "003_users_name.sql has no down migration" in err and "driftdeck restore dev" in err
    assert recorded(url) == ["001", "002", "003"]
    (project.migrations / "003_users_name.sql").write_text(
        "ALTER TABLE users ADD COLUMN name text;\n-- migrate:down\nALTER TABLE users DROP COLUMN name;\n")
    code, out, err = run(capsys, "rollback", "dev", "--to", "001", "--yes")
    assert code == 0, err
    assert "✓ backup" in out and "✓ rollback" in out and "2 migration(s) rolled back" in out
    assert recorded(url) == ["001"]
    assert scalar(url, "select to_regclass('notes')") is None
    assert scalar(url, "select count(*) from information_schema.columns where table_name = 'users' and column_name = 'name'") == 0
    entry = audit_lines(project)[-1]
    assert entry["kind"] == "rollback" and entry["outcome"] == "rolled-back" and entry["migrations"] == ["003", "002"]
    code, out, _ = run(capsys, "plan", "dev")
    assert code == 0 and "002_notes.sql" in out and "003_users_name.sql" in out


def test_rollback_failure_names_the_line_in_the_file(project, capsys):
    (project.migrations / "003_users_name.sql").write_text(
        "ALTER TABLE users ADD COLUMN name text;\n-- migrate:down\nALTER TABLE users DROP COLUMN nam;\n")
    code, out, err = run(capsys, "rollback", "dev", "--yes")
    assert code == 1 and "rolling back 003_users_name.sql failed at line 3" in err and 'column "nam"' in err
    assert recorded(project.env("dev").url) == ["001", "002", "003"]


def test_each_step_reports_events_and_a_cancel_stops_before_the_target_is_touched(project):
    from tui.apply.cancel import StepCancelled
    from tui.apply.events import CancelToken, StepFinished, StepStarted
    from tui.apply.pipeline import ApplyRun

    token, events = CancelToken(), []

    def on_event(event):
        events.append(event)
        if isinstance(event, StepFinished) and event.step == "rehearsal":
            token.cancel()

    run_ = ApplyRun(project, "staging", on_event=on_event, cancel=token)
    run_.make_plan()
    with pytest.raises(StepCancelled):
        run_.run(yes=True)
    assert [(type(e).__name__, e.step) for e in events if isinstance(e, (StepStarted, StepFinished))] == [
        ("StepStarted", "checklist"), ("StepFinished", "checklist"), ("StepStarted", "rehearsal"),
        ("StepFinished", "rehearsal")]
    assert recorded(project.env("staging").url) == ["001"]
    entry = audit_lines(project)[-1]
    assert entry["outcome"] == "cancelled" and entry["backup"] is None and entry["rehearsal"]["status"] == "ok"
