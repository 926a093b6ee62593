"""Transaction awareness: explicit blocks, the runner's implicit per-file transaction, timeouts."""

from __future__ import annotations

from tests.review.helpers import finding, review, rules

CIC = "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"
NT = "non-transactional-in-transaction"


def test_concurrent_index_in_a_wrapped_file_is_flagged():
    assert NT in rules("SET lock_timeout = '1s';\n" + CIC, implicit_transaction=True)
    assert NT not in rules(CIC, implicit_transaction=False)


def test_concurrent_index_inside_explicit_begin_is_flagged():
    f = finding("BEGIN;\n" + CIC + "\nCOMMIT;", NT, implicit_transaction=False)
    assert "BEGIN" in f.why and f.line == 2


def test_rollback_abort_and_end_end_the_transaction():
    for end in ("ROLLBACK", "ABORT", "END", "COMMIT"):
        sql = f"BEGIN;\nALTER TABLE users ADD COLUMN x int;\n{end};\n{CIC}"
        assert NT not in rules(sql, implicit_transaction=False), end


def test_rollback_to_savepoint_does_not_end_the_transaction():
    sql = f"BEGIN;\nSAVEPOINT a;\nALTER TABLE users ADD COLUMN x int;\nROLLBACK TO SAVEPOINT a;\n{CIC}\nCOMMIT;"
    assert NT in rules(sql, implicit_transaction=False)


def test_rollback_discards_changes():
    f = finding("BEGIN;\nALTER TABLE users ADD COLUMN x int;\nROLLBACK;", "transaction-not-committed", implicit_transaction=False)
    assert f.line == 3


def test_nested_begin_and_missing_commit():
    assert "transaction-nesting" in rules("BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;", implicit_transaction=False)
    f = finding("BEGIN;\nALTER TABLE users ADD COLUMN x int;", "transaction-not-committed", implicit_transaction=False)
    assert f.line == 1
    assert "transaction-nesting" not in rules("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;", implicit_transaction=False)
    # an explicit BEGIN in a runner's implicit transaction is not nesting (PostgreSQL upgrades the block)
    assert "transaction-nesting" not in rules("BEGIN;\nSELECT 1;\nCOMMIT;", implicit_transaction=True)


def test_commit_and_chain_keeps_a_transaction_open():
    sql = f"BEGIN;\nSELECT 1;\nCOMMIT AND CHAIN;\n{CIC}\nCOMMIT;"
    assert NT in rules(sql, implicit_transaction=False)


def test_other_statements_that_cannot_run_in_a_transaction():
    for sql in ("VACUUM users;", "ALTER SYSTEM SET work_mem = '64MB';", "CREATE DATABASE x;", "DROP DATABASE x;",
                "DROP INDEX CONCURRENTLY IF EXISTS i;", "REINDEX TABLE CONCURRENTLY users;",
                "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;"):
        assert NT in rules(sql, implicit_transaction=True), sql
        assert NT not in rules(sql, implicit_transaction=False), sql


def test_enum_value_used_in_the_transaction_that_added_it():
    sql = "ALTER TYPE mood ADD VALUE 'great';\nUPDATE feelings SET mood = 'great' WHERE id = 1;"
    f = finding(sql, "enum-value-used-in-transaction", implicit_transaction=True)
    assert f.line == 2
    committed = "BEGIN;\nALTER TYPE mood ADD VALUE 'great';\nCOMMIT;\nUPDATE feelings SET mood = 'great' WHERE id = 1;"
    assert "enum-value-used-in-transaction" not in rules(committed, implicit_transaction=False)


def test_validate_in_same_transaction():
    add = "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"
    val = "ALTER TABLE orders VALIDATE CONSTRAINT fk;"
    assert "validate-in-same-transaction" in rules(f"{add}\n{val}", implicit_transaction=True)
    assert "validate-in-same-transaction" not in rules(f"BEGIN;\n{add}\nCOMMIT;\n{val}", implicit_transaction=False)


def test_backfill_after_ddl_in_one_transaction():
    sql = "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;"
    f = finding(sql, "ddl-and-dml-same-transaction", implicit_transaction=True)
    assert f.line == 2
    assert "ddl-and-dml-same-transaction" not in rules(sql, implicit_transaction=False)
    before = "UPDATE users SET plan = 'free' WHERE plan IS NULL;\nALTER TABLE users ALTER COLUMN plan SET NOT NULL;"
    assert "ddl-and-dml-same-transaction" not in rules(before)
    targeted = "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'x' WHERE id = 1;"
    assert "ddl-and-dml-same-transaction" not in rules(targeted)


def test_prefer_robust_statements_outside_transactions():
    sql = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"
    f = finding(sql, "prefer-robust-stmts", implicit_transaction=False)
    assert "IF NOT EXISTS" in f.safe_sql
    assert "prefer-robust-stmts" not in rules(CIC, implicit_transaction=False)


def test_lock_timeout_rules():
    ddl = "ALTER TABLE users ADD COLUMN x int;"
    assert {"lock-timeout-missing", "statement-timeout-missing"} <= set(rules(ddl))
    assert "lock-timeout-missing" not in rules(f"SET LOCAL lock_timeout = '1s';\n{ddl}")
    assert "lock-timeout-missing" in rules(f"SET lock_timeout = '1s';\nRESET lock_timeout;\n{ddl}")
    assert "lock-timeout-missing" in rules(f"SET lock_timeout = 0;\n{ddl}")
    assert "statement-timeout-missing" not in rules(f"SET statement_timeout = '5min';\n{ddl}")
    assert [f.risk for f in review(ddl, runner_sets_timeouts=True).findings if f.rule == "lock-timeout-missing"] == ["low"]
    assert rules(ddl).count("lock-timeout-missing") == 1
    assert rules(f"{ddl}\n{ddl}").count("lock-timeout-missing") == 1
    assert "lock-timeout-missing" not in rules("CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);")


def test_single_statement_file_of_golang_migrate_runs_outside_a_transaction_block():
    assert NT not in rules(CIC, implicit_transaction=True, single_statement_autocommit=True)
    two = CIC + "\nCREATE INDEX CONCURRENTLY IF NOT EXISTS b ON users (name);"
    assert NT in rules(two, implicit_transaction=True, single_statement_autocommit=True)


def test_driftdecks_own_runner_autocommits_concurrent_statements():
    assert NT not in rules(CIC, implicit_transaction=True, autocommit_non_transactional=True)
    assert NT in rules(f"BEGIN;\n{CIC}\nCOMMIT;", implicit_transaction=True, autocommit_non_transactional=True)


def test_dbmate_transaction_false_marker():
    sql = f"-- migrate:up transaction:false\n{CIC}\n\n-- migrate:down\nDROP INDEX users_email_idx;\n"
    report = review(sql, implicit_transaction=True)
    assert NT not in [f.rule for f in report.findings]
    assert report.in_transaction is False


def test_statement_transaction_context_is_recorded():
    report = review("SELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nSELECT 3;", implicit_transaction=False)
    ctx = [(s.in_transaction, s.transaction is not None) for s in report.statements]
    assert ctx == [(False, False), (True, True), (True, True), (True, True), (False, False)]


def test_set_local_timeout_ends_with_its_transaction():
    ddl = "ALTER TABLE users ADD COLUMN x int;"
    inside = f"BEGIN;\nSET LOCAL lock_timeout = '1s';\n{ddl}\nCOMMIT;"
    assert "lock-timeout-missing" not in rules(inside, implicit_transaction=False)
    after = f"BEGIN;\nSET LOCAL lock_timeout = '1s';\nCOMMIT;\n{ddl}"
    assert "lock-timeout-missing" in rules(after, implicit_transaction=False)
    cfg = f"BEGIN;\nSELECT set_config('lock_timeout', '1s', true);\nCOMMIT;\n{ddl}"
    assert "lock-timeout-missing" in rules(cfg, implicit_transaction=False)


def test_concurrent_index_on_a_table_created_in_the_same_wrapped_file_still_fails():
    sql = "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);"
    assert NT in rules(sql, implicit_transaction=True)
    assert "create-index-non-concurrent" not in rules(sql)


def test_robust_statements_matter_when_the_runner_autocommits():
    sql = "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"
    assert "prefer-robust-stmts" in rules(sql, implicit_transaction=True, autocommit_non_transactional=True)


def test_a_reset_after_the_first_ddl_is_still_caught():
    sql = "SET lock_timeout = '1s';\nSET statement_timeout = '1min';\nALTER TABLE a ADD COLUMN x int;\nRESET lock_timeout;\nALTER TABLE b ADD COLUMN y int;"
    f = finding(sql, "lock-timeout-missing")
    assert f.line == 5
    assert "statement-timeout-missing" not in rules(sql)
