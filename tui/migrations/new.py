"""Write a new migration in the layout's own naming, from a template or from given SQL.

The template has a header (name, date, layout), a reminder to keep statements idempotent
(``IF NOT EXISTS`` / ``IF EXISTS``) with commented examples, and a rollback section in the
layout's form (``-- migrate:down``, a ``.down.sql`` file, a Flyway ``U`` file where the
folder uses them, or a commented block for tools without down migrations). Files are
written atomically and never overwrite an existing file.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from tui import __version__
from tui.config import Project
from tui.errors import DriftdeckError
from tui.migrations.layouts import detect_layout
from tui.migrations.layouts.common import slugify

EXAMPLE_UP = """-- Example (idempotent, safe to retry):
-- CREATE TABLE IF NOT EXISTS example (
--     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
--     created_at timestamptz NOT NULL DEFAULT now()
-- );
-- ALTER TABLE example ADD COLUMN IF NOT EXISTS note text;
-- CREATE INDEX CONCURRENTLY IF NOT EXISTS example_created_at_idx ON example (created_at);
"""

EXAMPLE_DOWN = """-- DROP INDEX CONCURRENTLY IF EXISTS example_created_at_idx;
-- ALTER TABLE example DROP COLUMN IF EXISTS note;
-- DROP TABLE IF EXISTS example;
"""


def header(name: str, layout: str, now: datetime, source: str | None = None) -> str:
    lines = [
        f"-- {name.replace('_', ' ')}",
        f"-- Created by driftdeck {__version__} on {now:%Y-%m-%d %H:%M} UTC ({layout} layout).",
    ]
    if source:
        lines.append(f"-- {source}")
    lines.append("-- Keep every statement idempotent (IF NOT EXISTS / IF EXISTS) so a retry is safe.")
    return "\n".join(lines) + "\n"


def render(name: str, layout: str, now: datetime, sql: str | None, rollback: str | None, source: str | None = None) -> tuple[str, str]:
    """The up text (header + SQL or the example) and the rollback text."""
    up = header(name, layout, now, source) + "\n" + ((sql.strip() + "\n") if sql and sql.strip() else EXAMPLE_UP)
    down = (rollback.strip() + "\n") if rollback and rollback.strip() else EXAMPLE_DOWN
    return up, down


def _write_all(files: dict[Path, str]) -> None:
    """Write every file or none: temp files first, then renames."""
    for path in files:
        if path.exists() and path.name != "_journal.json":
            raise DriftdeckError(f"{path.name} already exists; not overwritten.")
    temps: list[tuple[str, Path]] = []
    created_dirs: list[Path] = []
    try:
        for path, text in files.items():
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
                created_dirs.append(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as err:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        for d in reversed(created_dirs):
            try:
                d.rmdir()
            except OSError:
                pass
        raise DriftdeckError(f"cannot write the new migration ({err.strerror}).") from None


def new_migration(
    project: Project,
    name: str,
    sql: str | None = None,
    rollback: str | None = None,
    *,
    now: datetime | None = None,
    source: str | None = None,
) -> Path:
    """Write a new migration named ``name`` in the project's layout; the path of its main file.

    ``sql``/``rollback`` fill it (e.g. from the drift engine); without them, a template.
    """
    slug = slugify(name)
    if not slug:
        raise DriftdeckError(f"{name!r} is not a usable migration name: use letters, digits and underscores.")
    if len(slug) > 100:
        raise DriftdeckError("the migration name is too long (100 characters at most).")
    try:
        layout = detect_layout(project.root, project.migrations, project.layout)
    except DriftdeckError:
        # a project without a folder yet: start one (db/migrations unless the project names it)
        folder = project.migrations or (project.root / "db" / "migrations")
        if folder.exists() and not folder.is_dir():
            raise
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DriftdeckError(f"cannot create the migrations folder {folder} ({err.strerror}).") from None
        layout = detect_layout(project.root, folder, project.layout)
    folder_exists = layout.folder.is_dir()
    existing = list(layout.read().migrations) if folder_exists else []
    now = now or datetime.now(timezone.utc)
    up, down = render(slug, layout.name, now, sql, rollback, source)
    files = layout.module.new_files(layout.folder, slug, up, down, now, existing)
    _write_all(files)
    return next(iter(files))
