"""Version-aware rules: what changes with PostgreSQL 11, 12, 14 and 18."""

from __future__ import annotations

from tests.review.helpers import finding, rules


def test_constant_default_rewrites_only_before_11():
    sql = "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;"
    assert "add-column-rewrite" in rules(sql, pg_version=10)
    assert "add-column-rewrite" not in rules(sql, pg_version=11)


def test_set_not_null_after_a_validated_check_needs_no_scan_from_12():
    sql = (
        "ALTER TABLE users ADD CONSTRAINT users_plan_nn CHECK (plan IS NOT NULL) NOT VALID;\n"
        "COMMIT;\n"
        "ALTER TABLE users VALIDATE CONSTRAINT users_plan_nn;\n"
        "ALTER TABLE users ALTER COLUMN plan SET NOT NULL;\n"
    )
    assert "set-not-null" not in rules(sql, pg_version=12)
    assert "set-not-null" in rules(sql, pg_version=11)
    # a NOT VALID check that was never validated proves nothing
    unvalidated = sql.replace("ALTER TABLE users VALIDATE CONSTRAINT users_plan_nn;\n", "")
    assert "set-not-null" in rules(unvalidated, pg_version=16)


def test_set_not_null_safe_form_follows_the_version():
    sql = "ALTER TABLE users ALTER COLUMN plan SET NOT NULL;"
    assert "NOT NULL plan NOT VALID" in finding(sql, "set-not-null", pg_version=18).safe_sql
    pg16 = finding(sql, "set-not-null", pg_version=16).safe_sql
    assert "CHECK (plan IS NOT NULL) NOT VALID" in pg16 and "SET NOT NULL" in pg16
    assert finding(sql, "set-not-null", pg_version=11).safe_sql is None


def test_detach_concurrently_from_14():
    sql = "ALTER TABLE events DETACH PARTITION events_2023;"
    assert "CONCURRENTLY" in finding(sql, "detach-partition-non-concurrent", pg_version=14).safe_sql
    assert finding(sql, "detach-partition-non-concurrent", pg_version=13).safe_sql is None


def test_concurrent_index_bug_of_14_0_to_14_3():
    sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);"
    assert "concurrent-index-pg14-bug" in rules(sql, pg_version=14, implicit_transaction=False)
    assert "concurrent-index-pg14-bug" not in rules(sql, pg_version=15, implicit_transaction=False)


def test_add_value_in_a_transaction_before_12():
    sql = "ALTER TYPE mood ADD VALUE 'great';"
    assert "non-transactional-in-transaction" in rules(sql, pg_version=11)
    assert "non-transactional-in-transaction" not in rules(sql, pg_version=12)


def test_reindex_concurrently_from_12():
    sql = "REINDEX INDEX users_email_idx;"
    assert "CONCURRENTLY" in finding(sql, "reindex-non-concurrent", pg_version=12).safe_sql
    assert finding(sql, "reindex-non-concurrent", pg_version=11).safe_sql is None


def test_virtual_generated_columns_are_the_pg18_way():
    sql = "ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;"
    assert "VIRTUAL" in finding(sql, "add-column-rewrite", pg_version=18).safe_sql
    virtual = "ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL;"
    assert "add-column-rewrite" not in rules(virtual, pg_version=18)
