"""The plan and the checklist as a user meets them: pending migrations in order with their verdict,
transaction mode, rollback and lock; a refused plan on an inconsistent history; checklist evidence,
manual confirmations and the protected-environment rule."""

from __future__ import annotations

import pytest

from tests.apply.steps_helpers import apply_first, make_project
from tui.apply.checklist import CONFIRMED, FAIL, PASS, PENDING, build_checklist, parse_acks
from tui.apply.plan import build_plan
from tui.errors import DriftdeckError


@pytest.fixture
def project(tmp_path, make_db):
    p = make_project(tmp_path, {"dev": make_db(), "staging": make_db(), "prod": make_db()},
                     files={
                         "001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text, full_name text);\n"
                                          "-- migrate:down\nDROP TABLE users;\n",
                         "002_index.sql": "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n"
                                          "-- migrate:down\nDROP INDEX CONCURRENTLY users_email_idx;\n",
                         "003_drop.sql": "ALTER TABLE users DROP COLUMN full_name;\n",
                     })
    apply_first(p, "dev", 3)
    apply_first(p, "staging", 1)
    apply_first(p, "prod", 1)
    return p


def test_plan_lists_pending_migrations_with_verdict_transaction_rollback_and_lock(project):
    plan = build_plan(project, "staging")
    assert [p.id for p in plan.migrations] == ["002", "003"]
    idx, drop = plan.migrations
    assert not idx.transactional and idx.rollback and idx.lock.mode == "SHARE UPDATE EXCLUSIVE"
    assert drop.transactional and not drop.rollback and drop.verdict == "BLOCKED"
    assert drop.lock.describe() == "ACCESS EXCLUSIVE on users"
    assert [f.rule for f in drop.findings if f.risk == "high"] == ["drop-column"]
    assert plan.refusal is None and plan.to_dict()["migrations"][1]["lock"]["mode"] == "ACCESS EXCLUSIVE"


def test_plan_up_to_a_migration_and_unknown_ids(project):
    assert [p.id for p in build_plan(project, "staging", to="002_index.sql").migrations] == ["002"]
    with pytest.raises(DriftdeckError, match="not pending in staging"):
        build_plan(project, "staging", to="001")
    with pytest.raises(DriftdeckError, match="no migration nope"):
        build_plan(project, "staging", to="nope")


def test_plan_is_refused_after_an_applied_file_changes_until_acknowledged(project):
    f = project.migrations / "001_users.sql"
    f.write_text(f.read_text().replace("full_name text", "full_name varchar"))
    plan = build_plan(project, "staging")
    assert plan.refusal and "001 was changed after it was applied" in plan.refusal
    assert "--accept-modified 001" in plan.refusal
    assert build_plan(project, "staging", accept=["001_users.sql"]).refusal is None


def test_checklist_machine_items_carry_evidence(project):
    cl = build_checklist(build_plan(project, "staging"))
    items = {i.id: i for i in cl.items}
    assert items["previous-env"].state == PASS and "applied on dev" in items["previous-env"].evidence
    assert "by tester" in items["previous-env"].evidence
    assert items["review"].state == FAIL and "BLOCKED" in items["review"].evidence
    assert items["rollback"].state == "warn" and "003_drop.sql" in items["rollback"].evidence
    assert items["backup-space"].state == PASS and "free" in items["backup-space"].evidence
    assert items["long-transactions"].state == PASS and items["lock-waiters"].state == PASS
    assert items["low-traffic"].state == PENDING and items["low-traffic"].kind == "manual"
    assert any(i.rule == "drop-column" for i in cl.items)
    assert cl.ready  # staging is not protected: open items are warnings


def test_protected_environment_needs_every_blocking_item(project):
    cl = build_checklist(build_plan(project, "prod"))
    assert not cl.ready
    assert "not applied on staging yet: 002_index.sql, 003_drop.sql" in cl.item("previous-env").evidence
    text = cl.refusal()
    assert text.startswith("the checklist for prod is not complete") and "--ack RULE=REASON" in text
    cl.confirm_all_manual("alice")
    [ack] = cl.acknowledge("drop-column", "column unused since v2", "alice")
    assert ack.state == CONFIRMED and ack.reason == "column unused since v2" and ack.by == "alice" and ack.at
    assert [i.id for i in cl.unmet] == ["previous-env"]
    apply_first(project, "staging", 3)
    cl.recheck("previous-env")
    assert cl.ready and cl.refusal() is None


def test_acknowledging_needs_a_reason_and_a_known_rule(project):
    cl = build_checklist(build_plan(project, "prod"))
    with pytest.raises(DriftdeckError, match="no HIGH finding of that rule"):
        cl.acknowledge("truncate", "why not", "bob")
    with pytest.raises(DriftdeckError, match="RULE=REASON"):
        parse_acks(["drop-column"])
    assert parse_acks(["drop-column=old column"]) == [("drop-column", "old column")]


def test_lock_waiters_and_long_transactions_fail_the_checklist(project):
    import psycopg

    url = project.env("prod").url
    holder = psycopg.connect(url, autocommit=True)
    waiter = psycopg.connect(url, autocommit=True)
    try:
        holder.execute("BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        waiter.execute("SET lock_timeout = '20s'")
        import threading

        t = threading.Thread(target=lambda: _swallow(waiter, "select count(*) from users"))
        t.start()
        from tests.apply.steps_helpers import scalar
        import time

        for _ in range(200):
            if scalar(url, "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"):
                break
            time.sleep(0.05)
        cl = build_checklist(build_plan(project, "prod"))
        assert cl.item("lock-waiters").state == FAIL and "select count(*) from users" in cl.item("lock-waiters").evidence
        holder.execute("ROLLBACK")
        t.join()
        assert cl.recheck("lock-waiters").state == PASS
    finally:
        holder.close()
        waiter.close()


def _swallow(conn, sql):
    try:
        conn.execute(sql)
    except Exception:
        pass
