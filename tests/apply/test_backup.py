"""Backup and restore against the real embedded server: verified owner-only files, refusals before any dump."""

import stat
import threading

import psycopg
import pytest

from tui.apply import backup as backup_module
from tui.apply.backup import backup
from tui.apply.events import Progress, StepFinished
from tui.apply.restore import restore
from tui.errors import DriftdeckError
from tui.pg.dump import DumpCancelled

SQL = """
create table users (id int primary key, email text not null);
insert into users select g, 'u' || g || '@example.com' from generate_series(1, 200) g;
create table notes (id int primary key, user_id int references users, body text);
"""


def _one(url, sql):
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_is_verified_owner_only_and_complete(make_db, tmp_path):
    url = make_db(SQL)
    events = []
    folder = tmp_path / "backups"
    record = backup(url, folder=folder, label="staging", on_event=events.append)
    assert record.verified and record.tables == 2 and record.server_version.startswith("18")
    assert record.path.parent == folder and record.path.name.startswith("staging-")
    assert _mode(folder) == 0o700 and _mode(record.path) == 0o600 and _mode(record.schema_path) == 0o600
    assert record.size == record.path.stat().st_size > 0
    assert "CREATE TABLE public.users" in record.schema_path.read_text()
    assert sorted(p.name for p in folder.iterdir()) == sorted([record.path.name, record.schema_path.name])
    assert any(isinstance(e, Progress) and e.bytes_done > 0 for e in events)
    assert isinstance(events[-1], StepFinished) and events[-1].ok


def test_restore_brings_back_the_data_after_a_safety_backup(make_db, tmp_path):
    url = make_db(SQL)
    record = backup(url, folder=tmp_path, label="staging")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from users where id > 10; alter table users add column oops int")
    events = []
    result = restore(url, record.path, folder=tmp_path, label="staging", on_event=events.append)
    assert _one(url, "select count(*) from users") == 200
    assert any(isinstance(e, Progress) and e.step == "restore" and e.bytes_done > 0 for e in events)
    assert _one(url, "select count(*) from information_schema.columns where table_name = 'users'") == 2
    assert result.tables == 2 and result.safety.path.exists() and result.safety.path != record.path
    # the safety backup holds the state before the restore
    restore(url, result.safety.path, folder=tmp_path, label="staging")
    assert _one(url, "select count(*) from users") == 10


def test_restore_of_something_that_is_not_a_backup_is_refused(make_db, tmp_path):
    url = make_db(SQL)
    bogus = tmp_path / "x.dump"
    bogus.write_text("hello")
    with pytest.raises(DriftdeckError, match="pg_restore failed"):
        restore(url, bogus, folder=tmp_path, label="staging")
    assert list(tmp_path.iterdir()) == [bogus]  # no safety dump was even started


def test_unwritable_folder_is_refused_before_any_dump(make_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DriftdeckError, match="backup folder .* is not writable"):
        backup(make_db(), folder=blocker / "backups", label="staging")


def test_too_little_space_is_refused_before_any_dump(make_db, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_module, "free_bytes", lambda folder: 1024 * 1024)
    with pytest.raises(DriftdeckError, match=r"not enough space for a backup of staging in .*: 1\.0 MB free, the database is"):
        backup(make_db(SQL), folder=tmp_path, label="staging")
    assert list(tmp_path.iterdir()) == []


def test_only_a_too_old_pg_dump_is_refused_naming_it(make_db, tmp_path):
    from tui.pg.server import system_versions

    if 15 not in system_versions():
        pytest.skip("needs the machine's PostgreSQL 15 client programs")
    with pytest.raises(DriftdeckError, match=r"pg_dump 15\.\d+ found at /usr/lib/postgresql/15/bin/pg_dump, the server is 18"):
        backup(make_db(SQL), folder=tmp_path, label="staging", search=[system_versions()[15]])
    assert list(tmp_path.iterdir()) == []


def test_cancelled_backup_leaves_no_file(make_db, tmp_path):
    url = make_db("create table big as select g, repeat(md5(g::text), 20) as pad from generate_series(1, 200000) g;")
    cancel = threading.Event()

    def on_event(event):
        if isinstance(event, Progress):
            cancel.set()

    with pytest.raises(DumpCancelled):
        backup(url, folder=tmp_path, label="dev", on_event=on_event, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_restore_goes_back_over_objects_made_after_the_backup(make_db, tmp_path):
    url = make_db(SQL)
    record = backup(url, folder=tmp_path, label="staging")
    with psycopg.connect(url, autocommit=True) as conn:  # what a migration applied after the backup could add
        conn.execute(
            "create table audit (id int primary key, user_id int references users);"
            " create view active_users as select * from users where id < 5;"
            " create schema reports; create view reports.counts as select count(*) from users;"
            " insert into users values (1000, 'new@example.com')"
        )
    restore(url, record.path, folder=tmp_path, label="staging")
    assert _one(url, "select count(*) from users") == 200
    assert _one(url, "select count(*) from pg_class where relname in ('audit', 'active_users', 'counts')") == 0
    assert _one(url, "select count(*) from pg_namespace where nspname = 'reports'") == 0


def test_failed_restore_changes_nothing(make_db, tmp_path):
    url = make_db(SQL)
    record = backup(url, folder=tmp_path, label="staging")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from users where id > 10; create table extra (x int)")
        # the second backup names an owner that is gone by the time it is restored: its last steps fail
        conn.execute("create role restore_owner_tmp; alter table notes owner to restore_owner_tmp")
    record2 = backup(url, folder=tmp_path, label="staging")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("alter table notes owner to current_user; drop role restore_owner_tmp")
    with pytest.raises(DriftdeckError, match="nothing was changed"):
        restore(url, record2.path, folder=tmp_path, label="staging")
    assert _one(url, "select count(*) from users") == 10
    assert _one(url, "select count(*) from pg_class where relname = 'extra'") == 1
    assert record.path.exists()


def test_two_backups_in_the_same_second_keep_both(make_db, tmp_path):
    url = make_db(SQL)
    first = backup(url, folder=tmp_path, label="staging")
    second = backup(url, folder=tmp_path, label="staging")
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_a_backup_cut_short_changes_nothing(make_db, tmp_path):
    url = make_db("create table big as select g as id, md5(g::text) as pad from generate_series(1, 50000) g;"
                  " create table small (x int); insert into small values (1);")
    record = backup(url, folder=tmp_path, label="staging")
    data = record.path.read_bytes()
    cut = tmp_path / "cut.dump"
    cut.write_bytes(data[: int(len(data) * 0.6)])  # the table of contents is whole, the data is not
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("delete from big where id > 100; insert into small values (2)")
    with pytest.raises(DriftdeckError, match="nothing was changed"):
        restore(url, cut, folder=tmp_path, label="staging")
    assert _one(url, "select count(*) from big") == 100
    assert _one(url, "select count(*) from small") == 2
