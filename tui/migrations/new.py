"""Write a new migration in the layout's own naming, from a template or from given SQL.

The template has a header (name, date, layout), a reminder to keep statements idempotent
(``IF NOT EXISTS`` / ``IF EXISTS``) with commented examples, and a rollback section in the
layout's form (``-- migrate:down``, a ``.down.sql`` file, a Flyway ``U`` file where the
folder uses them, or a commented block for tools without down migrations). Files are
written atomically and never overwrite an existing file.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui import __version__
from tui.config import Project
from tui.errors import DriftdeckError
from tui.files import write_atomic
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
    """Write every file or none, each atomically, never over an existing migration.

    New files take the permissions of the folder's other files (:func:`tui.files.write_atomic`).
    """
    for path in files:
        if path.exists() and path.name != "_journal.json":
            raise DriftdeckError(f"{path.name} already exists; not overwritten.")
    written: list[Path] = []
    created_dirs: list[Path] = []
    try:
        for path, text in files.items():
            if not path.parent.exists():
                path.parent.mkdir(parents=True)
                created_dirs.append(path.parent)
            replaceable = path.name == "_journal.json"
            write_atomic(path, text, exclusive=not replaceable)
            if not replaceable:
                written.append(path)
    except FileExistsError as err:
        _undo(written, created_dirs)
        raise DriftdeckError(f"{Path(err.filename or '').name or 'a file'} already exists; not overwritten.") from None
    except (OSError, DriftdeckError) as err:
        _undo(written, created_dirs)
        if isinstance(err, DriftdeckError):
            raise
        raise DriftdeckError(f"cannot write the new migration ({err.strerror}).") from None


def _undo(written: list[Path], created_dirs: list[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    for d in reversed(created_dirs):
        try:
            d.rmdir()
        except OSError:
            pass


def _version_of(path: Path, folder: Path) -> str:
    """The version a file name carries (``20240101120000`` of ``V20240101120000__x.sql`` or a Prisma folder)."""
    try:
        first = path.relative_to(folder).parts[0]
    except ValueError:
        first = path.name
    m = re.match(r"[VUR]?(\d[\d._]*)", first)
    return m.group(1).rstrip("._") if m else first


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
        # Only a folder the project file names is created; otherwise `new` refuses like status
        # and review do, instead of guessing a folder (and a layout) for the user.
        folder = project.migrations
        if folder is None or (folder.exists() and not folder.is_dir()):
            raise
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DriftdeckError(f"cannot create the migrations folder {folder} ({err.strerror}).") from None
        layout = detect_layout(project.root, folder, project.layout)
    folder_exists = layout.folder.is_dir()
    existing = list(layout.read().migrations) if folder_exists else []
    taken = {_version_of(m.path, layout.folder) for m in existing}
    now = now or datetime.now(timezone.utc)
    for _ in range(3600):  # a version already used (two `new` in one second): the next free second
        up, down = render(slug, layout.name, now, sql, rollback, source)
        files = layout.module.new_files(layout.folder, slug, up, down, now, existing)
        if _version_of(next(iter(files)), layout.folder) not in taken:
            break
        now += timedelta(seconds=1)
    _write_all(files)
    return next(iter(files))
