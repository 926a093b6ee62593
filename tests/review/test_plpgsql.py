"""SQL inside DO blocks and plpgsql function bodies is reviewed, not ignored."""

from __future__ import annotations

from tests.review.helpers import review

DO = """DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE column_name = 'legacy') THEN
    ALTER TABLE users DROP COLUMN legacy;
    EXECUTE 'CREATE INDEX users_email_idx ON users (email)';
    EXECUTE format('DROP TABLE %I', 'old_' || suffix);
  END IF;
END $$;
"""


def test_ddl_inside_a_do_block_is_found_with_its_own_span():
    report = review(DO)
    by_rule = {f.rule: f for f in report.findings}
    drop = by_rule["drop-column"]
    assert DO[drop.span[0]:drop.span[1]] == "ALTER TABLE users DROP COLUMN legacy"
    assert drop.line == 4 and drop.statement_index == 0 and "DO block" in drop.why
    idx = by_rule["create-index-non-concurrent"]
    assert DO[idx.span[0]:idx.span[1]] == "CREATE INDEX users_email_idx ON users (email)"
    opaque = by_rule["opaque-code"]
    assert opaque.line == 6 and "format(" in opaque.why
    assert report.verdict == "BLOCKED"


def test_concurrent_index_inside_do_cannot_work():
    sql = "DO $$ BEGIN CREATE INDEX CONCURRENTLY i ON users (email); END $$;"
    assert "non-transactional-in-transaction" in [f.rule for f in review(sql, implicit_transaction=False).findings]


def test_function_bodies_report_ddl_but_not_ordinary_dml():
    sql = """CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.updated_at := now();
  UPDATE audit SET seen = true;
  DROP TABLE scratch;
  RETURN NEW;
END;
$fn$;
"""
    found = {f.rule: f for f in review(sql).findings}
    assert "drop-table" in found and "function body" in found["drop-table"].why and found["drop-table"].line == 5
    assert "update-without-where" not in found


def test_other_languages_in_do_are_opaque():
    sql = "DO LANGUAGE plpython3u $$ plpy.execute('drop table x') $$;"
    assert [f.rule for f in review(sql).findings] == ["opaque-code"]


def test_plain_do_with_nothing_risky_is_quiet():
    sql = "DO $$ BEGIN RAISE NOTICE 'hello'; PERFORM 1; END $$;"
    assert review(sql).findings == []


def test_several_statements_in_one_execute_literal_each_get_their_own_span():
    sql = "DO $$ BEGIN EXECUTE 'ALTER TABLE a DROP COLUMN x; ALTER TABLE b DROP COLUMN y'; END $$;"
    drops = [f for f in review(sql).findings if f.rule == "drop-column"]
    assert [sql[f.span[0]:f.span[1]] for f in drops] == ["ALTER TABLE a DROP COLUMN x", "ALTER TABLE b DROP COLUMN y"]
    assert "ALTER TABLE b DROP COLUMN IF EXISTS y" in drops[1].safe_sql
