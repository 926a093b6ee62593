"""Each rule: statements that must fire it, and look-alikes that must not."""

from __future__ import annotations

import pytest

from tui.review import all_rules
from tests.review.helpers import finding, rules

# (rule, sql that fires it). Statements run on tables the file did not create.
FIRES = [
    ("drop-table", "DROP TABLE users;"),
    ("drop-table", "DROP TABLE IF EXISTS public.users;"),
    ("drop-column", "ALTER TABLE users DROP COLUMN full_name;"),
    ("drop-column", "ALTER TABLE users DROP COLUMN IF EXISTS a, ADD COLUMN b int;"),
    ("drop-schema", "DROP SCHEMA reporting;"),
    ("drop-database", "DROP DATABASE app;"),
    ("drop-sequence", "DROP SEQUENCE users_id_seq;"),
    ("truncate", "TRUNCATE events;"),
    ("cascade", "TRUNCATE events CASCADE;"),
    ("cascade", "DROP TABLE users CASCADE;"),
    ("cascade", "DROP EXTENSION pgcrypto CASCADE;"),
    ("delete-without-where", "DELETE FROM sessions;"),
    ("alter-type-drop-value", "ALTER TYPE mood DROP VALUE 'meh';"),
    ("drop-object", "DROP VIEW active_users;"),
    ("drop-object", "DROP FUNCTION touch_updated_at();"),
    ("drop-object", "DROP TRIGGER t_touch ON users;"),
    ("drop-object", "DROP TYPE mood;"),
    ("create-index-non-concurrent", "CREATE INDEX users_email_idx ON users (email);"),
    ("create-index-non-concurrent", "CREATE UNIQUE INDEX users_email_key ON users (lower(email));"),
    ("drop-index-non-concurrent", "DROP INDEX users_email_idx;"),
    ("reindex-non-concurrent", "REINDEX INDEX users_email_idx;"),
    ("reindex-non-concurrent", "REINDEX TABLE users;"),
    ("add-constraint-validated", "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"),
    ("add-constraint-validated", "ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);"),
    ("add-constraint-validated", "ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id);"),
    ("add-unique-constraint", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"),
    ("add-unique-constraint", "ALTER TABLE users ADD PRIMARY KEY (id);"),
    ("add-exclusion-constraint", "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);"),
    ("set-not-null", "ALTER TABLE users ALTER COLUMN plan SET NOT NULL;"),
    ("set-not-null", "ALTER TABLE users ADD CONSTRAINT plan_nn NOT NULL plan;"),
    ("change-column-type", "ALTER TABLE users ALTER COLUMN id TYPE bigint;"),
    ("change-column-type", "ALTER TABLE users ALTER COLUMN age SET DATA TYPE text USING age::text;"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN n int DEFAULT random() * 10;"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN seq bigserial;"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN rid bigint GENERATED ALWAYS AS IDENTITY;"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN total numeric GENERATED ALWAYS AS (a + b) STORED;"),
    ("add-column-required", "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;"),
    ("rewrite-maintenance", "VACUUM FULL users;"),
    ("rewrite-maintenance", "CLUSTER users USING users_pkey;"),
    ("rewrite-maintenance", "ALTER TABLE users SET TABLESPACE fast;"),
    ("refresh-mv-non-concurrent", "REFRESH MATERIALIZED VIEW daily_totals;"),
    ("detach-partition-non-concurrent", "ALTER TABLE events DETACH PARTITION events_2023;"),
    ("attach-partition", "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"),
    ("lock-table", "LOCK TABLE users;"),
    ("lock-table", "LOCK TABLE users IN SHARE MODE;"),
    ("update-without-where", "UPDATE users SET plan = 'free';"),
    ("bulk-dml", "UPDATE users SET plan = 'free' WHERE plan IS NULL;"),
    ("bulk-dml", "DELETE FROM events WHERE created_at < now() - interval '90 days';"),
    ("bulk-dml", "INSERT INTO archive SELECT * FROM events WHERE created_at < '2020-01-01';"),
    ("copy-bulk-load", "COPY users (id, email) FROM '/tmp/users.csv' WITH (FORMAT csv);"),
    ("rename-column", "ALTER TABLE users RENAME COLUMN name TO full_name;"),
    ("rename-table", "ALTER TABLE users RENAME TO accounts;"),
    ("rename-object", "ALTER INDEX users_email_idx RENAME TO users_email_key;"),
    ("rename-object", "ALTER SCHEMA app RENAME TO core;"),
    ("rename-object", "ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';"),
    ("rename-object", "ALTER TABLE users RENAME CONSTRAINT a TO b;"),
    ("set-schema", "ALTER TABLE users SET SCHEMA archive;"),
    ("drop-not-null", "ALTER TABLE users ALTER COLUMN plan DROP NOT NULL;"),
    ("drop-constraint", "ALTER TABLE users DROP CONSTRAINT users_email_key;"),
    ("change-default", "ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'pro';"),
    ("change-default", "ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;"),
    ("replace-view-or-function", "CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active;"),
    ("replace-view-or-function", "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"),
    ("authz-change", "CREATE POLICY own_rows ON notes USING (owner = current_user);"),
    ("authz-change", "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"),
    ("authz-change", "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;"),
    ("authz-change", "GRANT SELECT ON users TO analyst;"),
    ("authz-change", "REVOKE ALL ON users FROM PUBLIC;"),
    ("authz-change", "DROP POLICY own_rows ON notes;"),
    ("side-effects", "ALTER TABLE users REPLICA IDENTITY FULL;"),
    ("side-effects", "ALTER TABLE users DISABLE TRIGGER ALL;"),
    ("side-effects", "ALTER SEQUENCE users_id_seq RESTART WITH 1;"),
    ("side-effects", "ALTER EXTENSION postgis UPDATE;"),
    ("enum-add-value", "ALTER TYPE mood ADD VALUE 'great';"),
    ("create-table", "CREATE TABLE t (id bigint PRIMARY KEY);"),
    ("add-column", "ALTER TABLE users ADD COLUMN bio text;"),
    ("add-column", "ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;"),
    ("add-column", "ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();"),
    ("create-index-concurrently", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (email);"),
    ("drop-index-concurrently", "DROP INDEX CONCURRENTLY IF EXISTS i;"),
    ("add-constraint-not-valid", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
    ("validate-constraint", "ALTER TABLE orders VALIDATE CONSTRAINT fk;"),
    ("add-constraint-using-index", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"),
    ("catalog-only", "CREATE TYPE mood AS ENUM ('a', 'b');"),
    ("catalog-only", "CREATE EXTENSION IF NOT EXISTS pgcrypto;"),
    ("catalog-only", "COMMENT ON TABLE users IS 'people';"),
    ("catalog-only", "ANALYZE users;"),
    ("create-trigger", "CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"),
    ("refresh-mv-concurrently", "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;"),
    ("psql-meta-command", "\\set ON_ERROR_STOP on\nSELECT 1;"),
    ("syntax-error", "SELEC 1;"),
    ("empty-migration", "-- nothing here yet\n"),
    ("domain-constraint-validated", "ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0);"),
    ("not-a-text-file", "SELECT 1;\x00"),
]


@pytest.mark.parametrize("rule,sql", FIRES, ids=[f"{r}:{s[:40]}" for r, s in FIRES])
def test_rule_fires(rule, sql):
    assert rule in rules(sql, implicit_transaction=False), rules(sql, implicit_transaction=False)


# Look-alikes: (rule that must NOT fire, sql)
QUIET = [
    ("drop-column", "ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;"),
    ("drop-column", "ALTER TABLE users DROP CONSTRAINT users_plan_check;"),
    ("drop-table", "DROP INDEX users_email_idx;"),
    ("drop-table", "CREATE TABLE tmp (id int); DROP TABLE tmp;"),
    ("create-index-non-concurrent", "CREATE TABLE t (id int, email text); CREATE INDEX t_email ON t (email);"),
    ("create-index-non-concurrent", "CREATE INDEX CONCURRENTLY i ON users (email);"),
    ("set-not-null", "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL;"),
    ("delete-without-where", "DELETE FROM sessions WHERE expires_at < now();"),
    ("bulk-dml", "UPDATE settings SET value = 'x' WHERE id = 1;"),
    ("bulk-dml", "DELETE FROM plans WHERE code IN ('a', 'b');"),
    ("bulk-dml", "INSERT INTO plans (code) VALUES ('free'), ('pro');"),
    ("update-without-where", "UPDATE users SET plan = 'free' WHERE id = 42;"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();"),
    ("add-column-rewrite", "ALTER TABLE users ADD COLUMN flag boolean DEFAULT false;"),
    ("add-column-required", "ALTER TABLE users ADD COLUMN flag boolean NOT NULL DEFAULT false;"),
    ("add-column-required", "ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;"),
    ("add-constraint-validated", "ALTER TABLE orders ADD CONSTRAINT c CHECK (amount > 0) NOT VALID;"),
    ("add-constraint-validated", "CREATE TABLE orders (id int, user_id bigint REFERENCES users (id));"),
    ("add-unique-constraint", "ALTER TABLE users ADD CONSTRAINT k UNIQUE USING INDEX k;"),
    ("refresh-mv-non-concurrent", "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;"),
    ("drop-index-non-concurrent", "DROP INDEX CONCURRENTLY IF EXISTS i;"),
    ("reindex-non-concurrent", "REINDEX INDEX CONCURRENTLY i;"),
    ("rename-table", "CREATE TABLE a (id int); ALTER TABLE a RENAME TO b;"),
    ("authz-change", "CREATE TABLE notes (id int); ALTER TABLE notes ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON notes USING (true);"),
    ("authz-change", "CREATE TABLE notes (id int); GRANT SELECT ON notes TO anon;"),
    ("truncate", "CREATE TABLE staging (id int); TRUNCATE staging;"),
    ("cascade", "DROP TABLE users;"),
    ("replace-view-or-function", "CREATE VIEW v AS SELECT 1;"),
    ("lock-timeout-missing", "SET lock_timeout = '2s'; ALTER TABLE users ADD COLUMN x int;"),
    ("lock-timeout-missing", "SELECT set_config('lock_timeout', '2s', false); ALTER TABLE users ADD COLUMN x int;"),
    ("lock-timeout-missing", "CREATE TABLE t (id int); CREATE INDEX ON t (id);"),
    ("syntax-error", "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;"),
    ("change-default", "ALTER TABLE users ALTER COLUMN plan TYPE text;"),
]


@pytest.mark.parametrize("rule,sql", QUIET, ids=[f"not-{r}:{s[:40]}" for r, s in QUIET])
def test_look_alike_is_quiet(rule, sql):
    assert rule not in rules(sql, implicit_transaction=False)


def test_every_rule_has_a_firing_case():
    fired = {r for r, _ in FIRES}
    covered_elsewhere = {
        "ignore-missing-reason", "ignore-unknown-rule", "ignore-unused", "lock-timeout-missing",
        "statement-timeout-missing", "non-transactional-in-transaction", "enum-value-used-in-transaction",
        "transaction-nesting", "transaction-not-committed", "validate-in-same-transaction",
        "ddl-and-dml-same-transaction", "prefer-robust-stmts", "opaque-code", "concurrent-index-pg14-bug",
    }
    hygiene = {r.id for r in all_rules() if r.opt_in}
    missing = {r.id for r in all_rules()} - fired - covered_elsewhere - hygiene
    assert not missing


def test_rule_ids_are_stable_kebab_case_and_unique():
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert all(r.risk in ("low", "medium", "high") for r in all_rules())
    import re

    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_destructive_rules_are_high_and_additive_low():
    by_id = {r.id: r for r in all_rules()}
    for rid in ("drop-table", "drop-column", "drop-schema", "truncate", "delete-without-where", "drop-database"):
        assert by_id[rid].risk == "high"
    for rid in ("create-table", "add-column", "create-index-concurrently"):
        assert by_id[rid].risk == "low"


def test_unique_and_exclude_never_get_not_valid_advice():
    for sql in (
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
        "ALTER TABLE users ADD PRIMARY KEY (id);",
        "ALTER TABLE b ADD CONSTRAINT x EXCLUDE USING gist (room WITH =);",
    ):
        f = finding(sql, "add-unique-constraint" if "EXCLUDE" not in sql else "add-exclusion-constraint")
        assert "NOT VALID;" not in (f.safe_sql or "")
    f = finding("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);", "add-unique-constraint")
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in f.safe_sql and "USING INDEX users_email_key" in f.safe_sql


def test_drop_value_is_not_valid_postgresql():
    f = finding("ALTER TYPE mood DROP VALUE 'meh';", "alter-type-drop-value")
    assert f.risk == "high" and "CREATE TYPE mood AS ENUM" in f.safe_sql
    assert "syntax-error" not in rules("ALTER TYPE mood DROP VALUE 'meh';")


def test_enable_rls_without_policy_explains_hidden_rows():
    f = finding("ALTER TABLE notes ENABLE ROW LEVEL SECURITY;", "authz-change")
    assert "see no rows" in f.why and "CREATE POLICY" in f.safe_sql
    report_rules = [
        x for x in __import__("tests.review.helpers", fromlist=["review"]).review(
            "CREATE POLICY p ON notes USING (true);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;"
        ).findings
        if x.rule == "authz-change" and x.line == 2
    ]
    assert report_rules and "see no rows" not in report_rules[0].why


HYGIENE = [
    ("ban-char-field", "CREATE TABLE t (id bigint PRIMARY KEY, code char(3));"),
    ("prefer-text-field", "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(40));"),
    ("prefer-timestamptz", "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);"),
    ("prefer-jsonb", "ALTER TABLE t ADD COLUMN meta json;"),
    ("prefer-bigint-over-int", "CREATE TABLE t (id serial PRIMARY KEY);"),
    ("require-primary-key", "CREATE TABLE t (a int);"),
    ("fk-on-delete-cascade", "CREATE TABLE t (id bigint PRIMARY KEY, u bigint REFERENCES users ON DELETE CASCADE);"),
    ("wide-index", "CREATE INDEX CONCURRENTLY i ON t (a, b, c, d);"),
    ("identifier-too-long", "CREATE TABLE t (id bigint PRIMARY KEY, " + "x" * 70 + " int);"),
    ("require-schema-qualified", "ALTER TABLE users ADD COLUMN bio text;"),
]


@pytest.mark.parametrize("rule,sql", HYGIENE, ids=[r for r, _ in HYGIENE])
def test_hygiene_rules_are_opt_in(rule, sql):
    assert rule in rules(sql, hygiene=True)
    assert rule not in rules(sql, hygiene=False)


def test_hygiene_look_alikes():
    clean = "CREATE TABLE app.t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, at timestamptz, meta jsonb);"
    assert not [r for r in rules(clean, hygiene=True) if r != "create-table"]
