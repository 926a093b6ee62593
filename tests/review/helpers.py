"""Shared helpers for the review tests."""

from __future__ import annotations

from tui.review import ReviewOptions, review_sql


def review(sql: str, **opts):
    return review_sql(sql, "m.sql", ReviewOptions(**opts))


def rules(sql: str, **opts) -> list[str]:
    """Ids of the unacknowledged findings, in file order."""
    return [f.rule for f in review(sql, **opts).active]


def finding(sql: str, rule: str, **opts):
    found = [f for f in review(sql, **opts).findings if f.rule == rule]
    assert found, f"{rule} did not fire on: {sql}"
    return found[0]


def run_main(capsys, *args) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    from tui.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def no_zero_config(monkeypatch) -> None:
    """Unset the zero-config URL variables so a test's project has only the environments it declares."""
    for var in ("DATABASE_URL", "STAGING_DATABASE_URL", "PRODUCTION_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
