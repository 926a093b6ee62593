"""Acknowledging a finding writes the ignore comment before its statement, and the finding is then acknowledged."""

from __future__ import annotations

import os
import stat

import pytest

from tui.errors import DriftdeckError
from tui.migrations.acknowledge import acknowledge
from tui.review import review_files
from tui.review.suppress import with_ignore
from tests.review.helpers import review


def _ack(sql: str, rule: str, reason: str = "checked with the team") -> str:
    report = review(sql, runner_sets_timeouts=True)
    f = next(f for f in report.findings if f.rule == rule)
    st = next(s for s in report.statements if s.index == f.statement_index)
    return with_ignore(sql, st, rule, reason)


def test_comment_goes_on_its_own_line_indented_like_the_statement():
    sql = "SELECT 1;\n  -- why\n  ALTER TABLE users DROP COLUMN legacy;\n"
    out = _ack(sql, "drop-column", "unused since v2.3\n (JIRA-12)")
    assert out == "SELECT 1;\n  -- why\n  -- driftdeck:ignore drop-column -- unused since v2.3 (JIRA-12)\n  ALTER TABLE users DROP COLUMN legacy;\n"
    report = review(out, runner_sets_timeouts=True)
    assert [f.suppressed_reason for f in report.findings if f.rule == "drop-column"] == ["unused since v2.3 (JIRA-12)"]
    assert not any(f.rule.startswith("ignore-") for f in report.findings)


def test_a_statement_sharing_its_line_moves_to_a_new_one_so_the_comment_is_not_the_previous_ones():
    sql = "SELECT 1; DROP TABLE legacy;\n"
    out = _ack(sql, "drop-table")
    assert out.splitlines() == ["SELECT 1;", "-- driftdeck:ignore drop-table -- checked with the team", "DROP TABLE legacy;"]
    assert [f.suppressed for f in review(out, runner_sets_timeouts=True).findings if f.rule == "drop-table"] == [True]


def test_a_finding_inside_a_function_body_is_acknowledged_before_the_function():
    sql = "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DROP TABLE z; END $$;\n"
    out = _ack(sql, "drop-table")
    assert out.startswith("-- driftdeck:ignore drop-table -- checked with the team\nCREATE FUNCTION")
    assert all(f.suppressed for f in review(out, runner_sets_timeouts=True).findings if f.rule == "drop-table")


def test_empty_reason_is_refused():
    with pytest.raises(ValueError, match="needs a reason"):
        _ack("DROP TABLE legacy;\n", "drop-table", "   ")


def test_acknowledge_writes_the_file_atomically_keeping_its_permissions(tmp_path):
    path = tmp_path / "0001_drop.sql"
    path.write_text("DROP TABLE legacy;\n")
    os.chmod(path, 0o644)
    report = review_files([path]).files[0]
    finding = next(f for f in report.findings if f.rule == "drop-table")
    acknowledge(report, finding, "table emptied in 0000")
    assert path.read_text().startswith("-- driftdeck:ignore drop-table -- table emptied in 0000\nDROP TABLE legacy;")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["0001_drop.sql"]
    again = review_files([path]).files[0]
    assert [f.suppressed_reason for f in again.findings if f.rule == "drop-table"] == ["table emptied in 0000"]


def test_acknowledge_refuses_a_file_changed_since_the_review(tmp_path):
    path = tmp_path / "0001_drop.sql"
    path.write_text("DROP TABLE legacy;\n")
    report = review_files([path]).files[0]
    path.write_text("DROP TABLE legacy;\nSELECT 1;\n")
    finding = next(f for f in report.findings if f.rule == "drop-table")
    with pytest.raises(DriftdeckError, match="changed since it was reviewed"):
        acknowledge(report, finding, "ok")
    assert path.read_text() == "DROP TABLE legacy;\nSELECT 1;\n"
