"""The four output formats of one report: text, json (stable, documented), SARIF 2.1.0, GitHub annotations."""

from __future__ import annotations

import io
import json

from rich.console import Console

from tui.review import ReviewReport
from tui.review.reporters import render_github, render_json, render_sarif, render_text
from tests.review.helpers import review

SQL = (
    "-- driftdeck:ignore truncate -- staging table, refilled nightly\n"
    "TRUNCATE import_batches;\n"
    "ALTER TABLE users DROP COLUMN legacy;\n"
    "CREATE INDEX users_email_idx ON users (email);\n"
    "CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"
)


def make_report() -> ReviewReport:
    fr = review(SQL, runner_sets_timeouts=True)
    fr.path = "db/migrations/001_x.sql"
    for f in fr.findings:
        f.path = fr.path
    return ReviewReport(files=[fr])


def test_text_shows_excerpt_caret_risk_why_and_safe_sql():
    out = io.StringIO()
    render_text(make_report(), Console(file=out, width=120, color_system=None, soft_wrap=True))
    text = out.getvalue()
    assert "ALTER TABLE users DROP COLUMN legacy;" in text
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "│ ALTER TABLE users DROP COLUMN legacy;" in line)
    caret_line = lines[at + 1]
    assert caret_line.count("^") == len("ALTER TABLE users DROP COLUMN legacy")
    assert "HIGH" in text and "drop-column" in text and "why:" in text and "ACCESS EXCLUSIVE" in text
    assert "safer:" in text and "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx" in text
    assert "acknowledged: staging table, refilled nightly" in text
    assert "Verdict: BLOCKED" in text


def test_json_is_stable_and_complete():
    data = json.loads(render_json(make_report()))
    assert data["format"] == "driftdeck-review" and data["version"] == 1
    assert data["verdict"] == "BLOCKED"
    assert data["summary"]["high"] == 1 and data["summary"]["suppressed"] == 1
    f = next(x for x in data["files"][0]["findings"] if x["rule"] == "drop-column")
    assert set(f) >= {"rule", "risk", "title", "why", "safe_sql", "path", "statement_index", "span", "range",
                      "excerpt", "suppressed", "suppressed_reason"}
    assert SQL[f["span"]["start"]:f["span"]["end"]] == f["excerpt"] == "ALTER TABLE users DROP COLUMN legacy"
    assert f["range"] == {"line": 3, "col": 1, "end_line": 3, "end_col": 37}
    t = next(x for x in data["files"][0]["findings"] if x["rule"] == "truncate")
    assert t["suppressed"] and t["suppressed_reason"] == "staging table, refilled nightly"


def test_sarif_2_1_0():
    data = json.loads(render_sarif(make_report()))
    assert data["version"] == "2.1.0" and "sarif-2.1.0" in data["$schema"]
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "driftdeck"
    results = run["results"]
    drop = next(r for r in results if r["ruleId"] == "drop-column")
    assert drop["level"] == "error" and rules[drop["ruleIndex"]]["id"] == "drop-column"
    region = drop["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["startColumn"] == 1 and region["endColumn"] == 37
    assert drop["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "db/migrations/001_x.sql"
    trunc = next(r for r in results if r["ruleId"] == "truncate")
    assert trunc["suppressions"][0]["justification"] == "staging table, refilled nightly"
    assert next(r for r in results if r["ruleId"] == "create-index-non-concurrent")["level"] == "warning"


def test_github_annotations_escape_and_skip_acknowledged():
    lines = render_github(make_report()).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 1 and "file=db/migrations/001_x.sql,line=3,col=1" in errors[0]
    assert "title=drop-column (high)%3A Drops a column" in errors[0]
    assert "\n" not in errors[0] and "%0A" in errors[0]
    assert not any("truncate" in line for line in lines if line.startswith("::error"))
    assert lines[-1].startswith("::notice title=driftdeck review::BLOCKED")
