"""The safer SQL the review suggests is real PostgreSQL: run it on real servers (18 and 16)."""

from __future__ import annotations

import psycopg
import pytest

from tests.review.helpers import finding
from tui.review.statements import parse_file

SCHEMA = """
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text, plan text, age int,
                    full_name text, legacy text);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric);
CREATE DOMAIN small_age AS int;
CREATE TABLE ages (a small_age);
INSERT INTO ages SELECT g FROM generate_series(1, 100) g;
CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
INSERT INTO users (email, plan, age) SELECT 'u' || g || '@x.io', CASE WHEN g % 2 = 0 THEN 'pro' END, g FROM generate_series(1, 2500) g;
INSERT INTO orders SELECT g, g, g FROM generate_series(1, 50) g;
"""

CASES = [
    ("set-not-null", "UPDATE users SET plan = 'free' WHERE plan IS NULL; ALTER TABLE users ALTER COLUMN plan SET NOT NULL;",
     "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'plan'"),
    ("add-unique-constraint", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
     "SELECT count(*) = 1 FROM pg_constraint WHERE conname = 'users_email_key' AND contype = 'u'"),
    ("add-constraint-validated", "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
     "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_user_fk'"),
    ("add-constraint-validated", "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);",
     "SELECT convalidated FROM pg_constraint WHERE conname = 'amount_positive'"),
    ("add-constraint-validated", "ALTER TABLE orders ADD COLUMN owner_id bigint REFERENCES users (id) ON DELETE SET NULL;",
     "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_owner_id_fkey'"),
    ("add-constraint-validated", "ALTER TABLE orders ADD COLUMN qty int CHECK (qty > 0);",
     "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_qty_check'"),
    ("create-index-non-concurrent", "CREATE INDEX users_age_idx ON users (age);",
     "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_age_idx'::regclass"),
    ("bulk-dml", "UPDATE users SET plan = 'free' WHERE plan IS NULL;",
     "SELECT count(*) = 0 FROM users WHERE plan IS NULL"),
    ("drop-column", "ALTER TABLE users DROP COLUMN legacy;",
     "SELECT count(*) = 0 FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'legacy' AND NOT attisdropped"),
    ("drop-table", "DROP TABLE orders;", "SELECT to_regclass('orders') IS NULL AND to_regclass('orders_deprecated') IS NULL"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
     "SELECT count(*) = 0 FROM users WHERE token IS NULL"),
    ("change-column-type", "ALTER TABLE users ALTER COLUMN age TYPE bigint;",
     "SELECT format_type(atttypid, atttypmod) = 'bigint' FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'age'"),
    ("rename-table", "ALTER TABLE orders RENAME TO purchases;", "SELECT count(*) = 50 FROM orders"),
    ("reindex-non-concurrent", "REINDEX TABLE users;", "SELECT true"),
    ("reindex-non-concurrent", "REINDEX (CONCURRENTLY false, VERBOSE) TABLE users;", "SELECT true"),
    ("domain-constraint-validated", "ALTER DOMAIN small_age ADD CONSTRAINT small_age_positive CHECK (VALUE > 0);",
     "SELECT convalidated FROM pg_constraint WHERE conname = 'small_age_positive'"),
    ("detach-partition-non-concurrent", "ALTER TABLE events DETACH PARTITION events_2023;",
     "SELECT count(*) = 0 FROM pg_inherits WHERE inhrelid = 'events_2023'::regclass"),
    ("drop-index-non-concurrent", "CREATE INDEX IF NOT EXISTS users_age_idx ON users (age); DROP INDEX users_age_idx;",
     "SELECT to_regclass('users_age_idx') IS NULL"),
]


def run_script(url: str, sql: str, *, repeat_until_zero: bool = False) -> None:
    """Run each statement in autocommit (CONCURRENTLY needs it); batched DML repeats until it changes nothing."""
    statements = [s for s in parse_file(sql) if s.kind not in ("empty",)]
    with psycopg.connect(url, autocommit=True) as conn:
        for st in statements:
            assert st.kind != "syntax-error", st.error
            for _ in range(100):
                cur = conn.execute(st.text)
                if not (st.kind in ("UpdateStmt", "DeleteStmt") and cur.rowcount > 0):
                    break


def check(url: str, rule: str, migration: str, verify: str, pg_version: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA)
    statements = [s for s in parse_file(migration)]
    # earlier statements of the case are preparation; the last one is the risky one
    prep = ";\n".join(s.text for s in statements[:-1])
    if prep:
        run_script(url, prep)
    f = finding(statements[-1].text + ";", rule, pg_version=pg_version)
    assert f.safe_sql and "…" not in f.safe_sql and "<" not in f.safe_sql, f.safe_sql
    safe = f.safe_sql
    if rule == "drop-table":
        safe += "\nDROP TABLE IF EXISTS orders_deprecated;"
    if rule == "change-column-type":
        safe += "\nALTER TABLE users DROP COLUMN age_old;"
    run_script(url, safe)
    with psycopg.connect(url) as conn:
        assert conn.execute(verify).fetchone()[0] is True, (rule, safe)


@pytest.mark.parametrize("rule,migration,verify", CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_safe_sql_runs_on_postgresql_18(make_db, rule, migration, verify):
    check(make_db(), rule, migration, verify, 18)


@pytest.mark.parametrize("rule,migration,verify", [c for c in CASES if c[0] in ("set-not-null", "add-unique-constraint", "create-index-non-concurrent")])
def test_safe_sql_runs_on_postgresql_16(make_db16, rule, migration, verify):
    check(make_db16(), rule, migration, verify, 16)
