"""Printed tables fit 80 columns without breaking a URL or a file name over two lines (the middle is cut)."""

from __future__ import annotations

from tui.reporters.cells import middle

LONG = "postgresql://app@db-primary.eu-west-1.internal.example.com:5432/application_production?sslmode=require"


def test_middle_keeps_both_ends():
    assert middle("abcdef", 10) == "abcdef"
    assert middle("abcdefghij", 5) == "ab…ij"
    assert len(middle(LONG, 30)) == 30 and middle(LONG, 30).startswith("postgresql://") and middle(LONG, 30).endswith("require")


def test_envs_table_fits_80_columns_with_each_url_on_one_line(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text('[environments.production]\nurl = "env:PROD_URL"\n')
    result = cli("--project", str(tmp_path), "envs", env={"PROD_URL": LONG.replace("5432", "1"), "COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), result.stdout
    row = [line for line in lines if "production" in line]
    assert len(row) == 1 and "postgres" in row[0] and "…" in row[0] and "require" in row[0]
