"""Foreign data wrappers, servers, user mappings and foreign tables (a wrapper with no handler: no extension
needed); secret option values never shown except in the SQL asked for with ``--format sql``. Their round-trip
cases (220–229) run on PostgreSQL 15, 16 and 18 in the suite; these tests pin down the SQL a user reads."""

from __future__ import annotations

import json

import psycopg
import pytest

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.cli import main


def test_foreign_data_is_created_in_dependency_order(fast_db):
    a, b = read_case(CASES / "220_foreign_data_create.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    wrapper = sql.index("CREATE FOREIGN DATA WRAPPER dd_wrapper OPTIONS (debug 'true')")
    server = next(i for i, s in enumerate(sql) if s.startswith("CREATE SERVER dd_remote TYPE 'postgres' VERSION '16'"))
    mapping = sql.index("CREATE USER MAPPING FOR PUBLIC SERVER dd_remote OPTIONS (\"user\" 'reader', password 'sekrit-pw')")
    table = next(i for i, s in enumerate(sql) if s.startswith("CREATE FOREIGN TABLE public.remote_orders"))
    assert wrapper < server < mapping < table < next(i for i, s in enumerate(sql) if "VIEW public.remote_totals" in s)


def test_a_recreated_server_takes_its_mappings_and_foreign_tables_along_in_one_step(fast_db):
    a, b = read_case(CASES / "223_foreign_server_recreated.sql")
    plan = assert_roundtrip(fast_db, a, b, owners=True).plan
    (step,) = plan.steps()
    sql = [s.sql for s in step.statements]
    drop_server = sql.index("DROP SERVER IF EXISTS dd_moved")
    assert sql.index("DROP FOREIGN TABLE IF EXISTS public.remote_orders") < drop_server
    assert sql.index("DROP USER MAPPING IF EXISTS FOR PUBLIC SERVER dd_moved") < drop_server
    create_server = next(i for i, s in enumerate(sql) if s.startswith("CREATE SERVER dd_moved FOREIGN DATA WRAPPER dd_new"))
    assert create_server < next(i for i, s in enumerate(sql) if s.startswith("CREATE FOREIGN TABLE public.remote_orders"))
    assert "ALTER FOREIGN TABLE public.remote_orders OWNER TO dd_own_a" in sql


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


FDW = "create extension if not exists postgres_fdw; create server dd_remote foreign data wrapper postgres_fdw;\n"
PARENTS = """create table measurements (id int, at date) partition by range (at);
create table measurements_2024 partition of measurements for values from ('2024-01-01') to ('2025-01-01');
insert into measurements values (1, '2024-05-05');
create table parent (id int);
create table other_parent (id int, note text);
"""


def test_foreign_partitions_and_children_round_trip(fast_db15):
    """Foreign tables as partitions or children need a wrapper with a handler: postgres_fdw, which only the machine's
    PostgreSQL 15 has (the embedded servers ship no contrib). One is attached as a partition (with a column option),
    one's bound changes, one stops being a partition; one starts inheriting, one stops, one changes parent."""
    with psycopg.connect(fast_db15(), autocommit=True) as conn:
        if not conn.execute("select from pg_available_extensions where name = 'postgres_fdw'").fetchall():
            pytest.skip("postgres_fdw is not installed")
    a = FDW + PARENTS + """
create foreign table measurements_2022 partition of measurements for values from ('2022-01-01') to ('2022-07-01')
  server dd_remote;
create foreign table measurements_2021 partition of measurements for values from ('2021-01-01') to ('2022-01-01')
  server dd_remote;
create foreign table child (id int) server dd_remote;
create foreign table leaving () inherits (parent) server dd_remote;
create foreign table moving () inherits (parent) server dd_remote;"""
    b = FDW + PARENTS + """
create foreign table measurements_2023 (id int options (column_name 'mid'), at date) server dd_remote;
alter table measurements attach partition measurements_2023 for values from ('2023-01-01') to ('2024-01-01');
create foreign table measurements_2022 partition of measurements for values from ('2022-01-01') to ('2023-01-01')
  server dd_remote;
create foreign table measurements_2021 (id int, at date) server dd_remote;
create foreign table child () inherits (parent) server dd_remote;
create foreign table leaving (id int) server dd_remote;
create foreign table moving (id int options (column_name 'remote_id'), note text) inherits (other_parent)
  server dd_remote;"""
    sql = [s.sql for s in assert_roundtrip(fast_db15, a, b).plan.statements]
    assert "ALTER TABLE public.measurements ATTACH PARTITION public.measurements_2023 FOR VALUES FROM ('2023-01-01')" \
           " TO ('2024-01-01')" in sql
    assert any(s.startswith("CREATE FOREIGN TABLE public.child (\n    id integer\n) INHERITS (public.parent)") for s in sql)
