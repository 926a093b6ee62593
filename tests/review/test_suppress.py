"""Ignore comments need a reason; the reason travels with the finding; stale ignores are reported."""

from __future__ import annotations

from tests.review.helpers import review

DROP = "ALTER TABLE users DROP COLUMN legacy;"


def test_ignore_with_a_reason_acknowledges_the_finding():
    sql = f"-- driftdeck:ignore drop-column -- legacy has been unused since v2.3 (JIRA-12)\n{DROP}\n"
    report = review(sql, runner_sets_timeouts=True)
    f = [f for f in report.findings if f.rule == "drop-column"][0]
    assert f.suppressed_reason == "legacy has been unused since v2.3 (JIRA-12)"
    assert report.verdict == "SAFE TO DEPLOY"


def test_ignore_without_a_reason_is_itself_reported_and_suppresses_nothing():
    sql = f"-- driftdeck:ignore drop-column\n{DROP}\n"
    report = review(sql, runner_sets_timeouts=True)
    by = {f.rule: f for f in report.findings}
    assert by["drop-column"].suppressed_reason is None
    assert by["ignore-missing-reason"].line == 1 and by["ignore-missing-reason"].risk == "medium"
    assert sql[by["ignore-missing-reason"].span[0]:by["ignore-missing-reason"].span[1]].startswith("-- driftdeck:ignore")
    assert report.verdict == "BLOCKED"


def test_unknown_and_unused_ignores_are_reported():
    sql = f"-- driftdeck:ignore drop-colum -- typo\n{DROP}\n-- driftdeck:ignore truncate -- not here\nSELECT 1;\n"
    found = {f.rule: f for f in review(sql).findings}
    assert "did you mean drop-column" in found["ignore-unknown-rule"].why
    assert "truncate" in found["ignore-unused"].why
    assert found["drop-column"].suppressed_reason is None


def test_file_level_ignore_and_several_rules():
    sql = (
        "-- driftdeck:ignore-file lock-timeout-missing, statement-timeout-missing -- the runner sets both\n"
        "CREATE TABLE t (id int);\n"
        f"{DROP}\n"
        "-- driftdeck:ignore drop-column -- unused since 2024\n"
        "ALTER TABLE orders DROP COLUMN note;\n"
    )
    report = review(sql)
    active = [f.rule for f in report.active]
    assert "lock-timeout-missing" not in active and "statement-timeout-missing" not in active
    drops = [f for f in report.findings if f.rule == "drop-column"]
    assert [d.suppressed_reason for d in drops] == [None, "unused since 2024"]


def test_same_line_ignore_applies_to_its_statement():
    sql = f"{DROP} -- driftdeck:ignore drop-column -- checked with the data team\nSELECT 1;\n"
    f = [f for f in review(sql).findings if f.rule == "drop-column"][0]
    assert f.suppressed_reason == "checked with the data team"


def test_project_ignore_list():
    report = review(DROP, ignore=("drop-column", "lock-timeout-missing", "statement-timeout-missing"))
    assert report.verdict == "SAFE TO DEPLOY"
    assert all(f.suppressed_reason for f in report.findings if f.rule == "drop-column")


def test_ignore_text_inside_a_string_is_not_a_directive_for_other_statements():
    sql = "SELECT 'x';\n" + DROP
    assert review(sql).findings[0].suppressed_reason is None
