"""Printed tables fit 80 columns without breaking a URL or a file name over two lines (the middle is cut)."""

from __future__ import annotations

from tui.reporters.cells import middle, middle_url

LONG = "postgresql://app@db-primary.eu-west-1.internal.example.com:5432/application_production?sslmode=require"


def test_middle_keeps_both_ends():
    assert middle("abcdef", 10) == "abcdef"
    assert middle("abcdefghij", 5) == "ab…ij"
    assert len(middle(LONG, 30)) == 30 and middle(LONG, 30).startswith("postgresql://") and middle(LONG, 30).endswith("require")


def test_a_shortened_url_keeps_its_database_name_whole():
    assert middle_url(LONG, 200) == LONG
    assert middle_url(LONG, 60) == "postgresql://app@….example.com:5432/application_production?…"
    assert middle_url(LONG, 35) == "postg…5432/application_production?…"
    assert middle_url(LONG, 30) == "…/application_production"  # too narrow for the host: the database alone
    assert middle_url("db.example.com:5432/app", 12) == "db.e…432/app"  # host:port/db, as the console card shows it
    assert middle_url("postgresql://db.example.com:5432", 20) == middle("postgresql://db.example.com:5432", 20)


def test_envs_table_fits_80_columns_with_each_url_on_one_line(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text('[environments.production]\nurl = "env:PROD_URL"\n')
    result = cli("--project", str(tmp_path), "envs", env={"PROD_URL": LONG.replace("5432", "1"), "COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), result.stdout
    row = [line for line in lines if "production" in line]
    # 23 columns are left for the URL: the database's name, both its ends, rather than the host or ?sslmode
    assert len(row) == 1 and "│ …/applicatio…production │" in row[0]
