"""Helpers shared by the layout readers: reading files safely, building Migration objects, warnings."""

from __future__ import annotations

import re
from pathlib import Path

from tui.files import decode
from tui.migrations.checksums import sha256_hex
from tui.migrations.model import Migration
from tui.migrations.sqltext import transactional
from tui.sections import split as split_sections

# Files that commonly sit in a migration folder and are not migrations.
HARMLESS = re.compile(r"^(\..*|readme(\..*)?|license(\..*)?|applied_to_prod\.log|.*\.md|.*\.txt)$", re.IGNORECASE)

# dbmate's markers, for detecting the layout and how a folder keeps its rollbacks (the split
# itself, dbmate's or goose's, is tui.sections.split)
_DOWN_MARKER = re.compile(r"^[ \t]*--[ \t]*migrate:down\b[^\n]*$", re.MULTILINE | re.IGNORECASE)
_UP_MARKER = re.compile(r"^[ \t]*--[ \t]*migrate:up\b([^\n]*)$", re.MULTILINE | re.IGNORECASE)


# The end of the warning for a .sql file a layout does not read (layout detection counts them).
IGNORED_SQL = "its name does not follow the layout's naming; the tool ignores it."


def rel(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return path.name


def read_file(path: Path, folder: Path, warnings: list[str]) -> tuple[bytes, str] | None:
    """The bytes and text of ``path``; None (with a warning) when it cannot be read at all.

    A file that is not UTF-8 text or holds a NUL byte (:func:`tui.files.decode`) comes back
    with empty text and a warning naming it: it is still a migration of the folder (counted
    as pending, refused by review and by anything that would run it), never skipped.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        warnings.append(f"{rel(path, folder)}: cannot be read ({err.strerror}); skipped.")
        return None
    text, problem = decode(data)
    if problem:
        warnings.append(f"{rel(path, folder)}: {problem}; it counts as pending and cannot be reviewed or applied.")
    elif not text.strip():
        warnings.append(f"{rel(path, folder)}: is empty.")
    return data, text


def sections(text: str) -> tuple[int, int, str | None, str]:
    """The up/down split (:func:`tui.sections.split`, the one the review uses too).

    Returns (up_start, up_end, down_sql or None, up-marker options such as ``transaction:false``).
    """
    sec = split_sections(text)
    return sec.up_start, sec.up_end, sec.down_sql, sec.options


def has_up_marker(text: str) -> bool:
    return bool(_UP_MARKER.search(text))


def has_down_marker(text: str) -> bool:
    return bool(_DOWN_MARKER.search(text))


def make(
    *,
    id: str,
    version: str | None,
    name: str,
    path: Path,
    data: bytes,
    text: str,
    checksum: str | None,
    up_start: int = 0,
    up_end: int | None = None,
    down_sql: str | None = None,
    down_path: Path | None = None,
    repeatable: bool = False,
    tx: bool | None = None,
    order: tuple = (),
    extra: dict | None = None,
    problem: str | None = None,
) -> Migration:
    up_end = len(text) if up_end is None else up_end
    if tx is None and split_sections(text).no_transaction:  # goose's NO TRANSACTION, dbmate's transaction:false
        tx = False
    if problem is None and data and not text:
        problem = decode(data)[1]
    return Migration(
        id=id,
        version=version,
        name=name,
        path=path,
        text=text,
        up_start=up_start,
        up_end=up_end,
        sha256=sha256_hex(data),
        checksum=checksum,
        down_sql=down_sql,
        down_path=down_path,
        repeatable=repeatable,
        transactional=transactional(text[up_start:up_end]) if tx is None else (tx and transactional(text[up_start:up_end])),
        order=order,
        extra={**(extra or {}), **({"no_transaction": True} if tx is False else {})},
        problem=problem,
    )


def duplicate_warnings(migrations: list[Migration], folder: Path, what: str = "version") -> list[str]:
    """One warning per id used by more than one file."""
    seen: dict[str, list[Migration]] = {}
    for m in migrations:
        seen.setdefault(m.id, []).append(m)
    out = []
    for key, group in seen.items():
        if len(group) > 1:
            files = ", ".join(rel(m.path, folder) for m in group)
            out.append(f"duplicate {what} {key}: {files} (the tool refuses to run with both).")
    return out


def stray_files(folder: Path, used: set[Path], warnings: list[str], *, recursive: bool = False) -> None:
    """Warn about files the tool ignores (non-SQL files, SQL files with names it does not read)."""
    entries = folder.rglob("*") if recursive else folder.iterdir()
    for path in sorted(entries):
        if path.is_dir() or path in used or HARMLESS.match(path.name):
            continue
        if path.suffix.lower() == ".sql":
            warnings.append(f"{rel(path, folder)}: {IGNORED_SQL}")
        else:
            warnings.append(f"{rel(path, folder)}: not a migration file; ignored.")


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    return slug
