"""The interface the console, the apply wizard and docs rely on."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tui.config import Project
from tui.review import VERDICTS, ReviewOptions, all_rules, options_for, review_files, review_sql


def test_review_sql_returns_spans_into_the_text_and_a_verdict():
    text = "ALTER TABLE users DROP COLUMN legacy;\n"
    report = review_sql(text, "x.sql", ReviewOptions())
    assert report.verdict in VERDICTS and report.verdict == "BLOCKED"
    f = next(f for f in report.findings if f.rule == "drop-column")
    fields = {x.name for x in dataclasses.fields(f)}
    assert fields >= {"rule", "risk", "title", "why", "safe_sql", "path", "statement_index", "span", "line", "col",
                      "end_line", "end_col", "suppressed_reason"}
    assert text[f.span[0]:f.span[1]] == "ALTER TABLE users DROP COLUMN legacy"
    assert f.path == "x.sql" and f.statement_index == 0 and f.suppressed_reason is None
    st = report.statements[0]
    assert st.kind == "AlterTableStmt" and st.in_transaction and "users.legacy" in st.touched


def test_review_options_defaults():
    o = ReviewOptions()
    assert (o.pg_version, o.implicit_transaction, o.ignore, o.hygiene) == (18, True, (), False)


def test_options_for_signature(tmp_path):
    o = options_for(Project(root=tmp_path), None, None)
    assert o.pg_version == 18
    assert options_for(Project(root=tmp_path), "flyway", 13).pg_version == 13


def test_rule_catalogue():
    rules = all_rules()
    assert len(rules) >= 60
    assert all(r.id and r.risk in ("low", "medium", "high") and r.title for r in rules)


def test_review_files_reads_folders_and_files(tmp_path):
    (tmp_path / "a.sql").write_text("CREATE TABLE t (id int);")
    report = review_files([tmp_path, Path(tmp_path / "a.sql")], ReviewOptions())
    assert len(report.files) == 2 and report.verdict == "SAFE TO DEPLOY" and not report.fails("medium")
    assert report.fails("low")
