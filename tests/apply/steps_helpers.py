"""Helpers for the guided-apply step tests: a small plain-layout project whose environments are
fresh databases on the session server, with the first N migrations applied the tool's way."""

from __future__ import annotations

from pathlib import Path

from tui.config import ApplySettings, Environment, Project, SmokeCheck
from tui.migrations.layouts import load_folder
from tui.pg.connect import connect

FILES = {
    "001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n"
                     "INSERT INTO users SELECT g, 'u' || g || '@x' FROM generate_series(1, 20) g;\n"
                     "-- migrate:down\nDROP TABLE users;\n",
    "002_notes.sql": "CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text);\n"
                     "-- migrate:down\nDROP TABLE notes;\n",
    "003_users_name.sql": "ALTER TABLE users ADD COLUMN name text;\n",
}


def write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, sql in files.items():
        (folder / name).write_text(sql)


def make_project(root: Path, urls: dict[str, str], *, files: dict[str, str] | None = None, protected=("prod",),
                 smoke=(), critical=(), history_log: Path | None = None, backup_dir: Path | None = None) -> Project:
    folder = root / "db" / "migrations"
    write_files(folder, FILES if files is None else files)
    return Project(
        root=root,
        migrations=folder,
        layout="plain",
        history_log=history_log,
        environments=tuple(Environment(name=n, url_ref=u, protected=n in protected) for n, u in urls.items()),
        apply=ApplySettings(backup_dir=backup_dir or root / "backups", lock_timeout="2s", statement_timeout="30s"),
        smoke=tuple(SmokeCheck(name, sql) for name, sql in smoke),
        critical_tables=tuple(critical),
    )


def apply_first(project: Project, env: str, n: int, applied_by: str = "tester") -> None:
    """Apply (and record) the first ``n`` migrations of the project's folder to ``env`` (those not applied yet)."""
    from tui.apply.runner import run_migrations
    from tui.migrations.status import environment_status

    folder = load_folder(project)
    status = environment_status(project, project.env(env), folder)
    todo = [m for m in folder.migrations[:n] if not (status.cells.get(m.id) and status.cells[m.id].is_applied)]
    run_migrations(project.env(env).url, todo, folder.layout, project.apply, applied_by=applied_by)


def scalar(url: str, sql: str):
    with connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def recorded(url: str) -> list[str]:
    with connect(url) as conn:
        if not conn.execute("select to_regclass('driftdeck.schema_history') is not null").fetchone()[0]:
            return []
        return [r[0] for r in conn.execute("select id from driftdeck.schema_history order by applied_at, id")]


def write_project_file(root: Path, urls: dict[str, str], monkeypatch, *, files: dict[str, str] | None = None,
                       protected=("prod",), extra: str = "") -> Path:
    """A driftdeck.toml project in ``root`` (urls through env:VARs set with ``monkeypatch``)."""
    write_files(root / "db" / "migrations", FILES if files is None else files)
    lines = ['[project]\nmigrations = "db/migrations"\nlayout = "plain"\n']
    for name, url in urls.items():
        var = f"DD_TEST_{name.upper()}_URL"
        monkeypatch.setenv(var, url)
        lines.append(f'[environments.{name}]\nurl = "env:{var}"\n' + ("protected = true\n" if name in protected else ""))
    lines.append('[apply]\nbackup_dir = "backups"\nlock_timeout = "2s"\n')
    lines.append(extra)
    (root / "driftdeck.toml").write_text("\n".join(lines))
    return root
