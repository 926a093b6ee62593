"""The demo: three real databases at different points of the same migration history, plus prod drift."""

import psycopg
import pytest

from tui.demo.build import ensure_demo, migration_files


def rows(url, sql):
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_ships_a_realistic_migration_folder():
    names = [p.name for p in migration_files()]
    assert 8 <= len(names) <= 12
    assert names == sorted(names)
    text = "\n".join(p.read_text() for p in migration_files())
    for risky in ("CREATE INDEX summaries_category_id_idx", "DROP COLUMN", "SET NOT NULL", "ADD VALUE", "UPDATE users"):
        assert risky in text
    assert "CREATE INDEX CONCURRENTLY" in text and "CREATE TABLE IF NOT EXISTS" in text


@pytest.mark.parametrize("env, applied", [("dev", 12), ("staging", 10), ("prod", 5)])
def test_history_records_what_each_environment_has_applied(demo_project, env, applied):
    url = demo_project.env(env).url
    history = rows(url, "select id, name, checksum, applied_by from driftdeck.schema_history order by id")
    assert [r[1] for r in history] == [p.stem for p in migration_files()[:applied]]
    assert all(len(r[2]) == 64 for r in history)


def test_prod_is_protected_and_the_others_are_not(demo_project):
    assert [e.name for e in demo_project.environments if e.protected] == ["prod"]


def test_prod_carries_drift_no_migration_explains(demo_project):
    prod = demo_project.env("prod").url
    dev = demo_project.env("dev").url
    assert rows(prod, "select 1 from pg_indexes where indexname = 'users_email_lower_hotfix_idx'")
    assert not rows(dev, "select 1 from pg_indexes where indexname = 'users_email_lower_hotfix_idx'")
    type_sql = "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'usage_events'::regclass and attname = 'metadata'"
    assert rows(prod, type_sql) == [("json",)] and rows(dev, type_sql) == [("jsonb",)]
    fk_sql = "select 1 from pg_constraint where conname = 'summaries_user_id_fkey'"
    assert not rows(prod, fk_sql) and rows(dev, fk_sql)


def test_seeded_with_thousands_of_rows(demo_project):
    for env in ("dev", "staging", "prod"):
        url = demo_project.env(env).url
        assert rows(url, "select count(*) from users")[0][0] == 2000
        assert rows(url, "select count(*) from usage_events")[0][0] == 20000
    assert rows(demo_project.env("dev").url, "select count(*) from email_messages")[0][0] == 5000
    # prod has not made plan required yet, but has no NULL plans: the drift SQL must apply there
    assert rows(demo_project.env("prod").url, "select count(*) from users where plan is null")[0][0] == 0


def test_demo_project_folder_holds_the_migrations_and_prod_log(demo_project):
    files = sorted(p.name for p in demo_project.migrations.glob("*.sql"))
    assert files == [p.name for p in migration_files()]
    log = (demo_project.root / "applied_to_prod.log").read_text().splitlines()
    assert len(log) == 1 + 5 and log[1].startswith("20250103091500_create_users.sql | ")


def test_second_open_reuses_the_built_demo(demo_project):
    messages = []
    project = ensure_demo(progress=messages.append)
    assert messages == []
    assert project.env("prod").url == demo_project.env("prod").url
