"""The up/down split is decided once: what review reads is exactly what status counts and the runner runs."""

from __future__ import annotations

import pytest

from tui.migrations.layouts import plain
from tui.review import review_sql

GOOSE = """-- +goose Up
CREATE TABLE t (id int);
-- +goose Down
DROP TABLE t;
"""
GOOSE_NO_TX = """-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY t_id_idx ON t (id);
-- +goose Down
DROP INDEX t_id_idx;
"""
DBMATE = """-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY t_id_idx ON t (id);

-- migrate:down
DROP INDEX t_id_idx;
"""


@pytest.mark.parametrize("text", [GOOSE, GOOSE_NO_TX, DBMATE])
def test_review_and_the_migration_see_the_same_up_section(tmp_path, text):
    path = tmp_path / "20240101000000_x.sql"
    path.write_text(text)
    migration = plain.read_one(path)
    report = review_sql(text, str(path))
    assert report.reviewed_range == (migration.up_start, migration.up_end)
    assert "DROP" not in migration.up_sql and migration.down_sql.startswith("DROP")
    assert not any(f.rule.startswith("drop") for f in report.findings)


@pytest.mark.parametrize("text", [GOOSE_NO_TX, DBMATE])
def test_no_transaction_markers_make_the_file_non_transactional(tmp_path, text):
    path = tmp_path / "20240101000000_x.sql"
    path.write_text(text)
    assert plain.read_one(path).transactional is False
