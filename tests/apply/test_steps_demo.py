"""The issue's acceptance on the demo: plan, apply staging with --yes (checklist → rehearsal → backup →
apply → smoke), restore the backup, the log, prod refused without --confirm and applied with it, a
broken migration stopping at Apply. Runs on copies of the session's demo databases (the shared demo
stays as it was) and a copy of the demo project folder."""

from __future__ import annotations

import stat

import pytest

from tui.apply.audit import audit_path, read_entries
from tui.cli import build_parser
from tui.context import Context
from tui.errors import DriftdeckError
from tui.demo.clone import clone_demo


@pytest.fixture
def demo_clone(demo_project, tmp_path):
    """The demo project (files under ``tmp_path``) on fresh copies of its three databases."""
    with clone_demo(demo_project, tmp_path) as project:
        yield project


def cli(project, capsys, *argv):
    """Run a driftdeck command on ``project`` as the CLI does: (exit code, stdout, stderr)."""
    args = build_parser().parse_args(list(argv))
    ctx = Context(_project=project)
    try:
        code = int(args.run(args, ctx) or 0)
    except DriftdeckError as err:
        print(f"driftdeck: {err}", file=__import__("sys").stderr)
        code = 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_guided_apply_acceptance(demo_clone, capsys):
    project = demo_clone
    code, out, err = cli(project, capsys, "plan", "staging")
    assert code == 0 and "2 migration(s) to apply" in out and "20250321120000_add_share_links_expiry_index.sql" in out
    assert "lock-timeout-missing" not in out  # the runner sets the timeouts

    code, out, err = cli(project, capsys, "apply", "staging", "--yes")
    assert code == 0, err
    assert [ln.split()[1] for ln in out.splitlines() if ln.startswith("✓ ")] == [
        "checklist", "rehearsal", "backup", "apply", "smoke"]
    code, out, _ = cli(project, capsys, "plan", "staging")
    assert "nothing pending" in out
    [entry] = read_entries(project, "staging")[0]
    backup = entry["backup"]
    assert stat.S_IMODE(__import__("os").stat(backup).st_mode) == 0o600

    code, out, err = cli(project, capsys, "restore", "staging", backup, "--yes")
    assert code == 0, err
    code, out, _ = cli(project, capsys, "log")
    assert "staging  apply  applied" in out and "staging  restore  restored" in out and backup in out

    code, out, err = cli(project, capsys, "plan", "staging")
    assert "2 migration(s) to apply" in out  # the restore put staging back as it was before the apply
    code, out, err = cli(project, capsys, "apply", "staging", "--yes")
    assert code == 0, err

    code, out, err = cli(project, capsys, "apply", "prod", "--yes")
    assert code == 1 and out == "" and err.count("\n") == 1 and "--confirm prod" in err
    code, out, err = cli(project, capsys, "apply", "prod", "--yes", "--confirm", "prod",
                         "--ack", "drop-column=full_name unused since two releases")
    assert code == 0, err
    code, out, _ = cli(project, capsys, "plan", "prod")
    assert "nothing pending" in out
    assert "20250321120000_add_share_links_expiry_index.sql" in project.history_log.read_text()


def test_demo_broken_migration_stops_at_apply(demo_clone, capsys):
    project = demo_clone
    (project.migrations / "20250401000000_broken.sql").write_text(
        "-- deliberately broken: fails on real rows only\nCREATE TABLE broken_probe (id int);\n"
        "ALTER TABLE users ADD CONSTRAINT users_id_negative CHECK (id < 0);\n")
    cli(project, capsys, "apply", "staging", "--yes", "--to", "20250321120000")
    code, out, err = cli(project, capsys, "apply", "staging", "--yes")
    assert code == 1 and "✓ backup" in out and "✗ apply" in out
    assert "20250401000000_broken.sql failed at line 3" in err and "is violated by some row" in err
    from tui.pg.connect import connect

    with connect(project.env("staging").url) as conn:
        assert conn.execute("select to_regclass('broken_probe')").fetchone()[0] is None
    code, out, _ = cli(project, capsys, "plan", "staging")
    assert "20250401000000_broken.sql" in out


def test_demo_audit_lives_in_the_demo_project(demo_project, cli):
    proc = cli("--demo", "log")
    assert proc.returncode == 0, proc.stderr
    assert audit_path(demo_project) == demo_project.root / ".driftdeck" / "audit.jsonl"
    assert ".driftdeck/audit.jsonl" in proc.stdout.replace("\n", "")


def test_checklist_summary_says_open_items_block_only_a_protected_environment(demo_project):
    from tui.apply.pipeline import ApplyRun

    staging = ApplyRun(demo_project, "staging")
    staging.make_plan()
    staging.run_checklist()  # manual items left unticked
    assert staging.checklist.unmet and not staging.checklist.protected
    assert "left open (not required: staging is not protected)" in staging.checklist_summary()
    assert "blocking" not in staging.checklist_summary()

    prod = ApplyRun(demo_project, "prod")
    prod.make_plan()
    prod.run_checklist()
    assert f"{len(prod.checklist.unmet)} blocking item(s) open" in prod.checklist_summary()
