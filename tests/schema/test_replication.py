"""Publications and subscriptions: compared, created, altered and dropped (their round-trip cases, 210–214,
run on PostgreSQL 15, 16 and 18 in the suite: their catalogs differ); a subscription is created
``connect = false`` and its connection string's password is never shown."""

from __future__ import annotations

import json

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.cli import main


def test_publications_are_created_with_their_filters_and_column_lists(fast_db):
    a, b = read_case(CASES / "210_publication_create.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    assert "CREATE PUBLICATION pub_eu FOR TABLE public.orders (id, total) WHERE ((region = 'eu'::text))" in " ".join(sql)
    assert any(s.startswith("CREATE PUBLICATION pub_sales FOR TABLE public.orders WHERE ((total > (0)::numeric)),"
                            " TABLES IN SCHEMA sales") for s in sql)
    assert "COMMENT ON PUBLICATION pub_eu IS 'EU orders for the warehouse'" in sql


def test_a_table_leaves_a_publication_before_another_joins(fast_db):
    a, b = read_case(CASES / "211_publication_change.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    drop = sql.index("ALTER PUBLICATION pub_main DROP TABLE public.legacy, TABLE public.orders")
    assert drop < next(i for i, s in enumerate(sql) if s.startswith("ALTER PUBLICATION pub_main ADD TABLE public.customers"))


def test_a_published_column_leaves_the_publication_before_it_is_dropped(fast_db):
    a, b = read_case(CASES / "212_publication_columns_and_dropped_tables.sql")
    sql = [s.sql for s in assert_roundtrip(fast_db, a, b).plan.statements]
    assert sql.index("ALTER PUBLICATION pub_orders DROP TABLE public.audit, TABLE public.orders") < next(
        i for i, s in enumerate(sql) if "DROP COLUMN" in s and "note" in s)


def test_subscriptions_are_created_without_connecting(fast_db):
    a, b = read_case(CASES / "213_subscription_create_change_drop.sql")
    rt = assert_roundtrip(fast_db, a, b)
    create = next(s.sql for s in rt.plan.statements if s.sql.startswith("CREATE SUBSCRIPTION sub_new"))
    assert "WITH (connect = false, slot_name = 'sub_new_slot'" in create
    assert "ALTER SUBSCRIPTION sub_gone SET (slot_name = NONE)" in [s.sql for s in rt.plan.statements]


def test_a_subscription_password_is_shown_only_in_the_sql_asked_for(fast_db, capsys):
    a, b = read_case(CASES / "213_subscription_create_change_drop.sql")
    target, source = fast_db(a), fast_db(b)
    assert main(["drift", source, target, "--format", "json"]) == 2
    out = capsys.readouterr().out
    assert "s3cr3t-pw" not in out and "new-secret" not in out and "old-secret" not in out
    doc = json.loads(out)
    assert any("CREATE SUBSCRIPTION sub_new CONNECTION 'host=pub.example dbname=app user=rep password=********'" in s["sql"]
               for s in doc["statements"])
    assert main(["drift", source, target]) == 2
    out = capsys.readouterr().out
    assert "sub_new" in out and "secret" not in out and "s3cr3t" not in out
    assert main(["drift", source, target, "--format", "sql"]) == 2
    assert "password=s3cr3t-pw" in capsys.readouterr().out
