"""pg_dump/pg_restore discovery (new enough for the server, or one sentence naming what was found) and
running them without a password on the command line."""

import pytest

from tui.errors import DriftdeckError
from tui.pg import dump
from tui.pg.server import embedded_bin_dirs, system_versions


def test_exact_major_is_preferred_then_the_smallest_newer_one():
    assert dump.client_programs(18).major == 18
    assert dump.client_programs(16).major == 16
    assert dump.client_programs(17).major == 18
    if 15 in system_versions():
        assert dump.client_programs(15).major == 15


def test_only_older_programs_name_what_was_found_and_what_to_install():
    if 15 not in system_versions():
        pytest.skip("needs the machine's PostgreSQL 15 client programs")
    with pytest.raises(DriftdeckError) as err:
        dump.client_programs(18, search=[system_versions()[15]])
    text = str(err.value)
    assert "pg_dump 15." in text and str(system_versions()[15] / "pg_dump") in text
    assert "the server is 18" in text and "postgresql-client-18" in text


def test_search_override_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(dump.SEARCH_ENV, str(tmp_path))
    with pytest.raises(DriftdeckError, match=r"no pg_dump/pg_restore found \(looked in .*\), the server is 18"):
        dump.client_programs(18)
    monkeypatch.setenv(dump.SEARCH_ENV, str(embedded_bin_dirs()[16]))
    assert dump.client_programs(16).major == 16


def test_password_goes_to_the_environment_not_the_command_line():
    args, env = dump.connection_args("postgresql://app:s3cr%40t@db.example.com:6432/shop?sslmode=require")
    assert env == {"PGPASSWORD": "s3cr@t"}
    assert "s3cr" not in " ".join(args)
    assert "host=db.example.com" in args[0] and "port=6432" in args[0] and "sslmode=require" in args[0]


def test_failure_is_one_sentence_without_the_password(pg_server):
    url = pg_server.url("no_such_db").replace("postgres:@", "postgres:hunter2@")
    programs = dump.client_programs(18)
    with pytest.raises(DriftdeckError) as err:
        dump.run(programs, "pg_dump", ["--schema-only"], url=url, what="backing up staging")
    text = str(err.value)
    assert text.startswith("backing up staging: pg_dump failed:") and "no_such_db" in text
    assert "hunter2" not in text and "\n" not in text
