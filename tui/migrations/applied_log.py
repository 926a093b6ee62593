"""The seed-style ``applied_to_prod.log``: ``file | date | who | description`` per applied migration.

:func:`read_log` imports it (as history rows a status can use when the database has no
history table); :func:`append_entry` writes one line on apply when the project asks for it
(``history_log`` in driftdeck.toml). Lines starting with ``#`` are comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tui.errors import DriftdeckError
from tui.files import write_atomic
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder

HEADER = "# file | date | who | description"


@dataclass(frozen=True)
class LogEntry:
    file: str
    date: datetime | None
    who: str
    description: str
    line: int


def _parse_date(text: str) -> datetime | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return None


def read_log(path: Path) -> tuple[list[LogEntry], list[str]]:
    """The entries of an applied log and warnings naming odd lines (never raises on content)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as err:
        raise DriftdeckError(f"{path.name}: cannot be read ({getattr(err, 'strerror', None) or err}).") from None
    entries, warnings = [], []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or not parts[0]:
            warnings.append(f"{path.name} line {n}: expected 'file | date | who | description'; ignored.")
            continue
        parts += [""] * (4 - len(parts))
        date = _parse_date(parts[1])
        if parts[1] and date is None:
            warnings.append(f"{path.name} line {n}: date {parts[1]!r} is not YYYY-MM-DD.")
        entries.append(LogEntry(parts[0], date, parts[2], " | ".join(parts[3:]).strip(" |"), n))
    return entries, warnings


def history_from_log(path: Path, folder: MigrationFolder) -> HistoryState:
    """The log as history rows keyed like the folder's migrations."""
    entries, _ = read_log(path)
    by_file = {m.file_name: m for m in folder.migrations}
    by_label = {m.label: m for m in folder.migrations}
    rows = []
    for e in entries:
        m = by_file.get(Path(e.file).name) or by_label.get(e.file)
        key = m.id if m else Path(e.file).name.split("_", 1)[0]
        rows.append(AppliedRow(key=key, name=e.file, applied_at=e.date, applied_by=e.who or None, rank=float(e.line), note=e.description))
    return HistoryState(table=path.name, exists=True, rows=tuple(rows), source=path.name)


def append_entry(path: Path, migration: Migration, *, when: datetime | None = None, who: str = "", description: str = "") -> None:
    """Add one ``file | date | who | description`` line (written atomically; the header on a new file)."""
    when = when or datetime.now(timezone.utc)
    if not description:
        first = migration.text.lstrip().splitlines()[0] if migration.text.strip() else ""
        description = first.lstrip("- ").strip() if first.startswith("--") else migration.name.replace("_", " ")
    line = f"{migration.label} | {when:%Y-%m-%d} | {who} | {description}".replace("\n", " ")
    try:
        existing = path.read_text(encoding="utf-8") if path.exists() else HEADER + "\n"
    except (OSError, UnicodeDecodeError) as err:
        raise DriftdeckError(f"{path.name}: cannot be read ({getattr(err, 'strerror', None) or err}).") from None
    if existing and not existing.endswith("\n"):
        existing += "\n"
    write_atomic(path, existing + line + "\n")


def import_into(conn, folder: MigrationFolder, path: Path) -> tuple[int, list[str]]:
    """Record the log's entries in driftdeck's own history table of the database behind ``conn``
    (one transaction; entries already recorded are left alone). Returns (rows added, warnings)."""
    from tui.migrations.history import own

    entries, warnings = read_log(path)
    by_file = {m.file_name: m for m in folder.migrations}
    by_label = {m.label: m for m in folder.migrations}
    added = 0
    with conn.transaction():
        own.ensure(conn)
        known = {r.key for r in own.read(conn, folder).rows}
        for e in entries:
            m = by_file.get(Path(e.file).name) or by_label.get(e.file)
            if m is None:
                warnings.append(f"{path.name} line {e.line}: {e.file} is not in the migrations folder; not imported.")
                continue
            if m.id in known:
                continue
            own.record(conn, m, applied_by=e.who or None, applied_at=e.date)
            known.add(m.id)
            added += 1
    return added, warnings
