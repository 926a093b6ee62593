"""Smoke checks and the audit log as a user relies on them: what each check finds on a real
database, results as data, project queries run read-only; audit lines appended whole."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest

from tests.apply.steps_helpers import apply_first, make_project
from tui.apply import audit
from tui.apply.smoke import run_smoke, take_baseline


def by_check(report):
    return {r.check: r for r in report.results}


@pytest.fixture
def project(tmp_path, make_db):
    p = make_project(tmp_path, {"dev": make_db(), "staging": make_db()}, critical=("users", "missing_table"),
                     smoke=(("users there", "select count(*) > 0 from users"),
                            ("sneaky write", "insert into users values (999, 'x') returning true"),
                            ("broken", "select nope from users")))
    apply_first(p, "dev", 3)
    apply_first(p, "staging", 3)
    return p


def test_smoke_finds_invalid_indexes_not_valid_constraints_and_missing_critical_tables(project):
    url = project.env("staging").url
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("insert into users values (100, 'u1@x'), (101, 'u1@x')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("create unique index concurrently users_email_key on users (email)")
        conn.execute("alter table notes add constraint body_short check (length(body) < 10) not valid")
    report = run_smoke(project, "staging")
    r = by_check(report)
    assert r["invalid-indexes"].status == "fail" and "users_email_key" in r["invalid-indexes"].found
    assert r["not-valid-constraints"].status == "fail" and "notes.body_short" in r["not-valid-constraints"].found
    assert r["critical:users"].status == "fail" and "INVALID users_email_key" in r["critical:users"].found
    assert r["critical:missing_table"].status == "fail" and r["critical:missing_table"].found == "missing"
    assert r["latency"].status == "pass" and r["smoke:users there"].status == "pass"
    assert r["smoke:sneaky write"].status == "fail" and "read-only transaction" in r["smoke:sneaky write"].found
    assert r["smoke:broken"].status == "fail" and 'column "nope" does not exist' in r["smoke:broken"].found
    assert not report.passed and {"check", "expected", "found", "status"} <= set(report.to_dict()["results"][0])
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from users where id = 999").fetchone()[0] == 0


def test_row_counts_and_schema_are_compared_with_the_baseline(project):
    url = project.env("staging").url
    base = take_baseline(project, url, "staging")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from users where id > 5")
        conn.execute("alter table notes add column extra int")
    r = by_check(run_smoke(project, "staging", baseline=base, applied=["003"]))
    assert r["row-counts"].status == "fail" and "public.users 20 → 5" in r["row-counts"].found
    assert r["schema"].status == "fail" and "table public.notes/column extra" in r["schema"].found
    with psycopg.connect(project.env("dev").url, autocommit=True) as conn:
        conn.execute("alter table notes add column extra int")
    r = by_check(run_smoke(project, "staging", baseline=base, applied=["003"]))
    assert r["schema"].status == "pass" and "all equal" in r["schema"].found


def test_audit_lines_are_appended_whole_from_parallel_runs(tmp_path):
    from tui.config import Project

    project = Project(root=tmp_path)

    def one(i: int) -> None:
        entry = audit.AuditEntry(kind="apply", environment="staging", who={"user": "t", "email": None},
                                 migrations=[f"{i:03}"] * 50, outcome=audit.APPLIED)
        audit.append(project, entry)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    path = audit.audit_path(project)
    lines = path.read_text().splitlines()
    assert len(lines) == 20 and all(json.loads(line)["outcome"] == "applied" for line in lines)
    with path.open("a") as f:
        f.write("{not json\n")
    entries, warnings = audit.read_entries(project, "staging")
    assert len(entries) == 20 and warnings == [".driftdeck/audit.jsonl line 21 is not JSON; skipped."]
