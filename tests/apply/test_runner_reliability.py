"""The runner when things go wrong on the way: the apply process killed, its backend terminated, a
lock held by someone else, two applies at once. Each time: nothing of the migration is left, the
history is consistent, no session is left behind, and the next run goes ahead."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tests.apply.helpers import migrations, recorded, scalar, tables, wait_for_query
from tui.apply.errors import ApplyFailed, ApplyLocked
from tui.apply.runner import run_migrations
from tui.config import ApplySettings
from tui.pg.connect import connect

ROOT = Path(__file__).resolve().parents[2]
# The sleep lasts as long as the setup table says: 30 s while the test interrupts it, 0 afterwards.
SLOW = {
    "1_first.sql": "create table first (id int);\n",
    "2_slow.sql": "create table slow (id int);\ninsert into slow values (1);\n"
                  "select pg_sleep((select seconds from pause));\ncreate table after_sleep (id int);\n",
}
SETUP = "create table pause (seconds float); insert into pause values (30);"
SLEEP = "select pg_sleep((select seconds from pause))"


def _no_pause(url: str) -> None:
    with connect(url) as conn:
        conn.execute("update pause set seconds = 0")


def _leftover_sessions(url: str) -> int:
    return scalar(url, "select count(*) from pg_stat_activity where datname = current_database()"
                       " and application_name like 'driftdeck apply%' and pid <> pg_backend_pid()")


def _wait_no_apply_session(url: str, timeout: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while _leftover_sessions(url) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _leftover_sessions(url) == 0, "the killed apply's session is still there"


def _in_thread(fn):
    box: dict = {}

    def run():
        try:
            box["result"] = fn()
        except Exception as err:  # noqa: BLE001 - handed to the test
            box["error"] = err

    worker = threading.Thread(target=run)
    worker.start()
    return worker, box


def test_apply_process_killed_mid_migration_leaves_nothing_and_the_next_run_continues(tmp_path, make_db):
    url = make_db(SETUP)
    folder = tmp_path / "db"
    ms = migrations(folder, SLOW)
    script = tmp_path / "apply.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tui.apply.runner import run_migrations
        from tui.migrations.layouts import plain
        ms = [plain.read_one(p) for p in sorted(Path({str(folder)!r}).glob("*.sql"))]
        run_migrations(sys.argv[1], ms, "plain")
    """))
    proc = subprocess.Popen([sys.executable, str(script), url], cwd=ROOT, env=dict(os.environ))
    try:
        wait_for_query(url, SLEEP)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    _wait_no_apply_session(url)  # the server notices the dead client within seconds, mid-statement
    assert tables(url) == {"pause", "first"}
    assert recorded(url) == ["1"]
    assert scalar(url, "select count(*) from pg_stat_activity where state like 'idle in transaction%'") == 0
    _no_pause(url)
    run_migrations(url, ms[1:], "plain")
    assert tables(url) == {"pause", "first", "slow", "after_sleep"} and recorded(url) == ["1", "2"]


def test_backend_terminated_mid_migration_is_reported_clearly_and_rolled_back(tmp_path, make_db):
    url = make_db(SETUP)
    ms = migrations(tmp_path, SLOW)
    worker, box = _in_thread(lambda: run_migrations(url, ms, "plain"))
    wait_for_query(url, SLEEP)
    with connect(url) as conn:
        conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where query = %s", (SLEEP,))
    worker.join(20)
    err = box.get("error")
    assert isinstance(err, ApplyFailed), box
    text = str(err)
    assert "2_slow.sql" in text and "line 3" in text and "the server ended this session" in text
    assert "Traceback" not in text and "nothing of it was applied" in text
    assert tables(url) == {"pause", "first"} and recorded(url) == ["1"]
    _no_pause(url)
    run_migrations(url, ms[1:], "plain")
    assert recorded(url) == ["1", "2"]


def test_lock_timeout_names_the_blocking_session_and_nothing_is_applied(tmp_path, make_db):
    url = make_db("create table accounts (id int);")
    ms = migrations(tmp_path, {"1_a.sql": "create table audit (id int);\nalter table accounts add column note text;\n"})
    settings = ApplySettings(lock_timeout="200ms")
    with connect(url, application_name="report-job") as blocker:
        blocker.execute("begin")
        blocker.execute("select count(*) from accounts")
        pid = blocker.info.backend_pid
        with pytest.raises(ApplyFailed) as err:
            run_migrations(url, ms, "plain", settings)
        e = err.value
        assert e.sqlstate == "55P03" and e.line == 2
        assert [b.pid for b in e.blockers] == [pid]
        text = str(e)
        assert f"pid {pid} (report-job)" in text and "select count(*) from accounts" in text
        assert "lock_timeout is 200ms" in text
        assert tables(url) == {"accounts"} and recorded(url) == []
        blocker.execute("rollback")
    run_migrations(url, ms, "plain", settings)
    assert recorded(url) == ["1"]


def test_two_applies_at_once_one_runs_and_the_other_is_refused_naming_it(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "create table a (id int);\nselect pg_sleep(1);\n"})
    start = threading.Barrier(2)

    def apply(who):
        def run():
            start.wait()
            return run_migrations(url, ms, "plain", applied_by=who)
        return run

    runs = [_in_thread(apply(who)) for who in ("alice", "bob")]
    for worker, _ in runs:
        worker.join(30)
    outcomes = {who: box for who, (_, box) in zip(("alice", "bob"), runs)}
    winners = [who for who, box in outcomes.items() if "result" in box]
    losers = [who for who, box in outcomes.items() if isinstance(box.get("error"), ApplyLocked)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    refusal = str(outcomes[losers[0]]["error"])
    assert f"driftdeck apply by {winners[0]}" in refusal and "another apply is already running" in refusal
    assert recorded(url) == ["1"] and tables(url) == {"a"}


def test_a_blocked_drop_names_the_session_holding_the_table(tmp_path, make_db):
    url = make_db("create table old_stuff (id int);")
    ms = migrations(tmp_path, {"1_drop.sql": "drop table old_stuff;\n"})
    with connect(url, application_name="psql") as blocker:
        blocker.execute("begin")
        blocker.execute("select * from old_stuff")
        with pytest.raises(ApplyFailed) as err:
            run_migrations(url, ms, "plain", ApplySettings(lock_timeout="100ms"))
        assert [b.pid for b in err.value.blockers] == [blocker.info.backend_pid]
        blocker.execute("rollback")
    assert tables(url) == {"old_stuff"} and recorded(url) == []
