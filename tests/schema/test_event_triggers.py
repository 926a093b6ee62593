"""Event triggers (database-wide): created after the function they call, dropped before it,
their enabled state altered in place; on PostgreSQL 15, 16 and 18."""

from __future__ import annotations

from tests.schema.conftest import CASES, assert_roundtrip, read_case


def test_event_triggers_round_trip_on_every_server(every_server_db):
    a, b = read_case(CASES / "187_event_trigger_create.sql")
    rt = assert_roundtrip(every_server_db, a, b)
    sql = [s.sql for s in rt.plan.statements]
    create = ("CREATE EVENT TRIGGER dd_log_tables ON ddl_command_end WHEN TAG IN ('ALTER TABLE', 'CREATE TABLE')"
              " EXECUTE FUNCTION public.log_ddl()")
    assert create in sql
    assert sql.index(create) > next(i for i, s in enumerate(sql) if s.startswith("CREATE OR REPLACE FUNCTION public.log_ddl()"))
    assert "ALTER EVENT TRIGGER dd_log_all DISABLE" in sql


def test_an_event_trigger_goes_before_its_function(fast_db):
    a, b = read_case(CASES / "188_event_trigger_drop_with_function.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    assert sql.index("DROP EVENT TRIGGER IF EXISTS dd_log_drop") < sql.index("DROP FUNCTION IF EXISTS public.log_ddl()")
