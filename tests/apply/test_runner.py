"""The runner: one transaction per migration with its history row, events, errors that name the
file, line, SQLSTATE and server message, statements that cannot run in a transaction, RESET between files."""

from __future__ import annotations

import pytest

from tests.apply.helpers import migrations, recorded, scalar, tables, wait_for_query
from tui.apply import events as ev
from tui.apply.errors import ApplyFailed
from tui.apply.runner import drop_invalid_indexes, run_migrations
from tui.config import ApplySettings


def test_applies_in_order_records_history_and_reports_every_step(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "20240101000000_users.sql": "create table users (id int primary key);\ncreate table teams (id int);\n",
        "20240102000000_notes.sql": "-- notes\ncreate table notes (id int, user_id int references users);\n",
    })
    seen: list = []
    result = run_migrations(url, ms, "plain", applied_by="alice", on_event=seen.append)
    assert tables(url) == {"users", "teams", "notes"}
    assert recorded(url) == ["20240101000000", "20240102000000"]
    assert scalar(url, "select applied_by from driftdeck.schema_history limit 1") == "alice"
    assert [a.mode for a in result.applied] == ["transaction", "transaction"]
    kinds = [type(e).__name__ for e in seen]
    assert kinds == [
        "MigrationStarted", "StatementStarted", "StatementFinished", "StatementStarted", "StatementFinished",
        "MigrationFinished", "MigrationStarted", "StatementStarted", "StatementFinished", "MigrationFinished",
    ]
    second = [e for e in seen if isinstance(e, ev.StatementStarted)][2]
    assert second.line == 2 and second.sql.startswith("create table notes") and second.in_transaction


def test_broken_migration_leaves_nothing_names_file_line_and_server_message(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "20240101000000_ok.sql": "create table a (id int);\n",
        "20240102000000_bad.sql": "create table b (id int);\n\nalter table a\n  add column x int references nowhere (id);\n",
        "20240103000000_later.sql": "create table c (id int);\n",
    })
    failed: list = []
    with pytest.raises(ApplyFailed) as err:
        run_migrations(url, ms, "plain", on_event=lambda e: failed.append(e) if isinstance(e, ev.MigrationFailed) else None)
    e = err.value
    assert e.migration.file_name == "20240102000000_bad.sql" and e.statement_index == 2
    assert e.sqlstate == "42P01" and e.server_message == 'relation "nowhere" does not exist'
    assert e.line == 3  # where the failing statement starts (the server gives no position here)
    text = str(e)
    assert "20240102000000_bad.sql" in text and "line 3" in text and "42P01" in text and "nothing of it was applied" in text
    assert tables(url) == {"a"} and recorded(url) == ["20240101000000"]  # b rolled back, c never attempted
    assert failed and failed[0].error is e


def test_unparseable_file_still_names_the_line_the_server_failed_at(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {"20240101000000_typo.sql": "CREATE TABLE t (id int);\nCREAT TABLE foo (id int);\n"})
    with pytest.raises(ApplyFailed) as err:
        run_migrations(url, ms, "plain")
    assert err.value.line == 2 and "syntax error" in err.value.server_message
    assert "line 2" in str(err.value) and tables(url) == set()


def test_settings_are_set_per_migration_and_a_files_set_does_not_leak(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "1_a.sql": "create table seen (lock text, stmt text, path text);\nset search_path = nowhere, public;\n"
                   "insert into seen select current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('search_path');\n",
        "2_b.sql": "insert into seen select current_setting('lock_timeout'), current_setting('statement_timeout'), current_setting('search_path');\n",
    })
    run_migrations(url, ms, "plain", ApplySettings(lock_timeout="3s", statement_timeout="7min"))
    from tui.pg.connect import connect

    with connect(url) as conn:
        rows = conn.execute("select * from seen").fetchall()
    assert rows[0] == ("3s", "7min", "nowhere, public")
    assert rows[1] == ("3s", "7min", '"$user", public')


def test_concurrent_index_runs_outside_the_transaction_and_the_migration_is_recorded_after(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "1_users.sql": "create table users (id int, email text);\n"
                       "create index concurrently users_email_idx on users (email);\n"
                       "comment on table users is 'people';\n",
    })
    result = run_migrations(url, ms, "plain")
    assert result.applied[0].mode == "mixed" and recorded(url) == ["1"]
    assert scalar(url, "select count(*) from pg_indexes where indexname = 'users_email_idx'") == 1


def test_a_string_mentioning_concurrently_keeps_the_file_in_one_transaction(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "1_a.sql": "create table a (note text default 'build it concurrently');\ninsert into a values (1/0);\n",
    })
    assert ms[0].transactional
    with pytest.raises(ApplyFailed):
        run_migrations(url, ms, "plain")
    assert tables(url) == set()  # one transaction: the create was rolled back with the insert


def test_failed_concurrent_build_reports_the_invalid_index_and_can_drop_it(tmp_path, make_db):
    url = make_db("create table t (v int); insert into t values (1), (1);")
    ms = migrations(tmp_path, {"1_uniq.sql": "create unique index concurrently t_v_key on t (v);\n"})
    with pytest.raises(ApplyFailed) as err:
        run_migrations(url, ms, "plain")
    assert err.value.invalid_indexes == ("t_v_key",) and "INVALID index t_v_key" in str(err.value)
    assert recorded(url) == []
    drop_invalid_indexes(url, err.value.invalid_indexes)
    assert scalar(url, "select count(*) from pg_indexes where indexname = 't_v_key'") == 0


def test_mixed_migration_failing_after_a_committed_part_says_what_stays(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {
        "1_a.sql": "create table a (id int);\ncreate index concurrently a_idx on a (id);\nalter table nowhere add column x int;\n",
    })
    with pytest.raises(ApplyFailed) as err:
        run_migrations(url, ms, "plain")
    assert err.value.committed == (1, 2) and err.value.statement_index == 3
    assert "statements 1–2 had already run outside a transaction" in str(err.value)
    assert recorded(url) == []


def test_file_with_its_own_transactions_runs_as_written(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "begin;\ncreate table a (id int);\ncommit;\nbegin;\ncreate table b (id int);\ncommit;\n"})
    result = run_migrations(url, ms, "plain")
    assert result.applied[0].mode == "own-transactions"
    assert tables(url) == {"a", "b"} and recorded(url) == ["1"]


def test_a_second_run_is_refused_at_once_naming_the_first(tmp_path, make_db):
    from tui.apply.errors import ApplyLocked
    from tui.pg import locks
    from tui.pg.connect import connect

    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "create table a (id int);\n"})
    with connect(url, application_name="driftdeck apply by bob") as holder:
        assert locks.try_apply_lock(holder) is None
        pid = holder.info.backend_pid
        with pytest.raises(ApplyLocked) as err:
            run_migrations(url, ms, "plain", label="staging")
        assert f"pid {pid} (driftdeck apply by bob)" in str(err.value) and str(err.value).startswith("staging:")
        assert tables(url) == set()
    run_migrations(url, ms, "plain")  # the holder is gone: the next run goes ahead
    assert tables(url) == {"a"}


def test_cancel_stops_the_running_statement_and_rolls_the_migration_back(tmp_path, make_db):
    import threading

    from tui.apply.errors import ApplyCancelled

    url = make_db()
    ms = migrations(tmp_path, {
        "1_slow.sql": "create table a (id int);\nselect pg_sleep(30);\n",
        "2_next.sql": "create table b (id int);\n",
    })
    token = ev.CancelToken()
    sleeping = threading.Event()
    outcome: list = []

    def on_event(e):
        if isinstance(e, ev.StatementStarted) and "pg_sleep" in e.sql:
            sleeping.set()

    def run():
        try:
            run_migrations(url, ms, "plain", on_event=on_event, cancel=token)
        except ApplyCancelled as err:
            outcome.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    assert sleeping.wait(20)
    wait_for_query(url, "select pg_sleep(30)")
    token.cancel()
    worker.join(20)
    assert not worker.is_alive() and outcome, "the run did not stop"
    assert outcome[0].statement_index == 2 and "cancelled" in str(outcome[0])
    assert tables(url) == set() and recorded(url) == []


def test_file_that_leaves_its_transaction_open_is_rolled_back_and_not_recorded(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "begin;\ncreate table a (id int);\n"})
    with pytest.raises(ApplyFailed) as err:
        run_migrations(url, ms, "plain")
    assert "leaves a transaction open" in str(err.value) and "nothing of it was applied" in str(err.value)
    assert tables(url) == set() and recorded(url) == []


def test_the_tools_no_transaction_marker_runs_each_statement_on_its_own(tmp_path, make_db):
    from dataclasses import replace

    from tui.apply.runner import plan_statements

    url = make_db()
    m = migrations(tmp_path, {"1_a.sql": "create table a (id int);\ncreate table b (id int);\n"})[0]
    m = replace(m, extra={**m.extra, "no_transaction": True})
    assert plan_statements(m)[0] == "no-transaction"
    events: list = []
    run_migrations(url, [m], "plain", on_event=events.append)
    assert [e.in_transaction for e in events if isinstance(e, ev.StatementStarted)] == [False, False]
    assert tables(url) == {"a", "b"} and recorded(url) == ["1"]


def test_cancel_between_migrations_stops_before_the_next_one(tmp_path, make_db):
    from tui.apply.errors import ApplyCancelled

    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "create table a (id int);\n", "2_b.sql": "create table b (id int);\n"})
    token = ev.CancelToken()
    with pytest.raises(ApplyCancelled) as err:
        run_migrations(url, ms, "plain", cancel=token,
                       on_event=lambda e: token.cancel() if isinstance(e, ev.MigrationFinished) else None)
    assert str(err.value) == "applying 2_b.sql: cancelled on request before it started; nothing of it ran."
    assert tables(url) == {"a"} and recorded(url) == ["1"]


def test_an_enum_value_added_and_used_in_one_file_is_committed_first(tmp_path, make_db):
    url = make_db("create type mood as enum ('ok'); create table people (id int, m mood);")
    ms = migrations(tmp_path, {
        "1_mood.sql": "alter type mood add value 'great';\ninsert into people values (1, 'great');\n",
        "2_other.sql": "alter type mood add value 'meh';\ncreate table other (id int);\n",
    })
    result = run_migrations(url, ms, "plain")
    assert [a.mode for a in result.applied] == ["mixed", "transaction"]  # only a value used later needs it
    assert scalar(url, "select m::text from people") == "great" and recorded(url) == ["1", "2"]


def test_server_notices_reach_the_caller_with_their_migration(tmp_path, make_db):
    url = make_db()
    ms = migrations(tmp_path, {"1_a.sql": "do $$ begin raise notice 'backfilled % rows', 42; end $$;\n"})
    notices = []
    run_migrations(url, ms, "plain", on_event=lambda e: notices.append(e) if isinstance(e, ev.Notice) else None)
    assert [(n.message, n.severity, n.migration.id) for n in notices] == [("backfilled 42 rows", "NOTICE", "1")]
