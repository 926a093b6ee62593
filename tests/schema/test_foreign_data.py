"""Foreign data wrappers, servers, user mappings and foreign tables on PostgreSQL 15, 16 and 18
(a wrapper with no handler: no extension needed); secret option values never shown except in
the SQL asked for with ``--format sql``."""

from __future__ import annotations

import json

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.cli import main


def test_foreign_data_round_trips_on_every_server(every_server_db):
    a, b = read_case(CASES / "220_foreign_data_create.sql")
    sql = [s.sql for s in assert_roundtrip(every_server_db, a, b).plan.statements]
    wrapper = sql.index("CREATE FOREIGN DATA WRAPPER dd_wrapper OPTIONS (debug 'true')")
    server = next(i for i, s in enumerate(sql) if s.startswith("CREATE SERVER dd_remote TYPE 'postgres' VERSION '16'"))
    mapping = sql.index("CREATE USER MAPPING FOR PUBLIC SERVER dd_remote OPTIONS (\"user\" 'reader', password 'sekrit-pw')")
    table = next(i for i, s in enumerate(sql) if s.startswith("CREATE FOREIGN TABLE public.remote_orders"))
    assert wrapper < server < mapping < table < next(i for i, s in enumerate(sql) if "VIEW public.remote_totals" in s)


def test_foreign_data_changes_and_drops_on_every_server(every_server_db):
    for case in ("221_foreign_data_change.sql", "222_foreign_data_drop.sql"):
        a, b = read_case(CASES / case)
        assert_roundtrip(every_server_db, a, b)


def test_secret_options_are_masked_except_in_the_sql_asked_for(fast_db, capsys):
    a, b = read_case(CASES / "221_foreign_data_change.sql")
    target, source = fast_db(a), fast_db(b)
    for fmt in ("json", "tree"):
        assert main(["drift", source, target, "--format", fmt]) == 2
        out = capsys.readouterr().out
        assert "new-pw" not in out and "old-pw" not in out, fmt
    assert main(["drift", source, target, "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert "ALTER SERVER dd_remote OPTIONS (SET host 'new.example', SET password '********')" in [
        s["sql"] for s in doc["statements"]]
    assert main(["drift", source, target, "--format", "sql"]) == 2
    assert "SET password 'new-pw'" in capsys.readouterr().out
