"""The backup step: a verified ``pg_dump -Fc`` of the target plus a schema-only SQL dump, owner-only.

API::

    from tui.apply.backup import backup, backup_dir, preflight

    record = backup(url, folder=backup_dir(project), label="staging", on_event=cb, cancel=token)
    record = backup_environment(project, env, on_event=cb, cancel=token)   # the same for an Environment
    record.path, record.schema_path, record.size, record.duration, record.server_version, record.verified

Order of work, so a refusal comes before the target is touched: the folder (created 0700
when missing; a probe file proves it is writable) → one read-only query for the server's
version and ``pg_database_size`` → pg_dump/pg_restore new enough for it
(:func:`tui.pg.dump.client_programs`; ``search`` or ``DRIFTDECK_PG_BIN`` replace the
places looked in) → free space at least the database's size plus a margin. Then both
dumps run at once (the schema dump is small), each into a hidden ``.NAME.partial-…`` file
created 0600 in the folder; ``Progress`` events give the main dump's size a few times a
second; ``pg_restore --list`` verifies it; both are renamed to their final names
(``LABEL-DATABASE-YYYYmmddTHHMMSSZ.dump`` and ``….schema.sql``) only when complete.
Cancelling (``cancel``: a ``CancelToken``, a ``threading.Event`` or a callable) kills the
children and removes the partial files, raising :class:`~tui.pg.dump.DumpCancelled`.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from tui.apply.events import Progress, StepFinished, StepStarted, emitter
from tui.errors import DriftdeckError
from tui.pg import dump
from tui.pg.activity import database_size
from tui.pg.connect import connect, server_info

SPACE_MARGIN = 16 * 1024 * 1024  # bytes kept free beyond the database's size
STEP = "backup"


@dataclass(frozen=True)
class Backup:
    """A finished, verified backup."""

    path: Path  # the custom-format dump (pg_restore reads it)
    schema_path: Path  # the schema as plain SQL
    size: int  # bytes of ``path``
    duration: float  # seconds, both dumps and the verification
    server_version: str  # e.g. "18.4"
    verified: bool  # pg_restore --list read the whole table of contents
    database: str
    label: str
    entries: int  # objects in the archive's table of contents
    tables: int  # tables in it
    pg_dump_version: str

    def summary(self) -> str:
        """One line for people: where, how big, verified."""
        return (
            f"{self.path} ({human_size(self.size)}, {self.tables} table(s), verified with pg_restore --list)"
            f" + schema {self.schema_path.name}, in {self.duration:.1f} s"
        )

    def to_dict(self) -> dict:
        return {
            "path": str(self.path), "schema_path": str(self.schema_path), "size": self.size,
            "duration": round(self.duration, 3), "server_version": self.server_version, "verified": self.verified,
            "database": self.database, "label": self.label, "entries": self.entries, "tables": self.tables,
            "pg_dump_version": self.pg_dump_version,
        }


@dataclass(frozen=True)
class Ready:
    """What :func:`preflight` found: the target's version and size, the programs, the free space."""

    server_version: str
    server_major: int
    database: str
    size: int
    free: int
    programs: dump.ClientPrograms


def backup_dir(project) -> Path:
    """Where backups go: ``[apply] backup_dir``, else ``backups/`` in driftdeck's data folder."""
    if project is not None and project.apply.backup_dir is not None:
        return Path(project.apply.backup_dir)
    from tui.paths import data_dir

    return data_dir() / "backups"


def free_bytes(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def ensure_folder(folder: Path) -> Path:
    """Create ``folder`` (0700) when missing and prove it is writable; one sentence when not."""
    folder = Path(folder)
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
        probe = folder / f".driftdeck-probe-{uuid.uuid4().hex[:8]}"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError as err:
        raise DriftdeckError(
            f"the backup folder {folder} is not writable ({err.strerror or err}): fix it or set backup_dir under [apply] in driftdeck.toml."
        ) from None
    return folder


def preflight(url: str, folder: Path, *, label: str, search: Sequence[Path | str] | None = None) -> Ready:
    """Everything that can refuse a backup, checked before any dump starts (see the module docstring)."""
    folder = ensure_folder(folder)
    with connect(url, label=label, read_only=True) as conn:
        info = server_info(conn)
        size = database_size(conn)
    major = info.version_num // 10000
    programs = dump.client_programs(major, search=search)
    free = free_bytes(folder)
    if free < size + SPACE_MARGIN:
        raise DriftdeckError(
            f"not enough space for a backup of {label} in {folder}: {human_size(free)} free, the database is"
            f" {human_size(size)}: free some space or set backup_dir under [apply] in driftdeck.toml."
        )
    return Ready(info.version, major, info.database, size, free, programs)


def backup(
    url: str,
    *,
    folder: Path,
    label: str,
    on_event=None,
    cancel=None,
    search: Sequence[Path | str] | None = None,
) -> Backup:
    """Back up the database at ``url`` into ``folder``; see the module docstring."""
    emit = emitter(on_event)
    started = time.monotonic()
    emit(StepStarted(STEP, f"backup of {label}"))
    try:
        ready = preflight(url, folder, label=label, search=search)
        record = _dump(url, Path(folder), label, ready, emit, cancelled_fn(cancel), started)
    except BaseException as err:
        emit(StepFinished(STEP, False, time.monotonic() - started, str(err) if isinstance(err, DriftdeckError) else ""))
        raise
    emit(StepFinished(STEP, True, record.duration, f"{record.path} ({human_size(record.size)})"))
    return record


def backup_environment(project, env, *, on_event=None, cancel=None) -> Backup:
    """:func:`backup` of environment ``env`` into the project's backup folder."""
    return backup(env.url, folder=backup_dir(project), label=env.name, on_event=on_event, cancel=cancel)


def cancelled_fn(cancel):
    """A no-argument callable for any of the cancel kinds the steps accept (token, Event, callable)."""
    if cancel is None:
        return None
    if hasattr(cancel, "cancelled"):
        return lambda: bool(cancel.cancelled)
    if hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def _dump(url: str, folder: Path, label: str, ready: Ready, emit, cancelled, started: float) -> Backup:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = f"{_safe(label)}-{_safe(ready.database)}-{stamp}"
    _remove_stale_partials(folder)
    token = uuid.uuid4().hex[:8]
    partial, schema_partial = folder / f".{base}.dump.partial-{token}", folder / f".{base}.schema.sql.partial-{token}"
    what = f"backing up {label}"
    try:
        for path in (partial, schema_partial):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        schema_error: list[BaseException] = []

        def schema_dump() -> None:
            try:
                dump.run(ready.programs, "pg_dump", ["--schema-only", "--format=plain", f"--file={schema_partial}"],
                         url=url, what=f"{what} (schema)", cancelled=cancelled)
            except BaseException as err:  # reported by the main thread
                schema_error.append(err)

        side = threading.Thread(target=schema_dump, name="driftdeck-schema-dump", daemon=True)
        side.start()
        try:
            dump.run(
                ready.programs, "pg_dump", ["--format=custom", f"--file={partial}"], url=url, what=what,
                watch=partial, cancelled=cancelled,
                on_bytes=lambda n: emit(Progress(STEP, n, None, f"database {human_size(ready.size)}")),
            )
        finally:
            side.join()
        if schema_error:
            raise schema_error[0]
        entries, tables = verify(ready.programs, partial, what)
        for path in (partial, schema_partial):
            os.chmod(path, 0o600)
        final, schema_final = _publish(partial, schema_partial, folder, base)
        _sync_folder(folder)
    except BaseException:
        for path in (partial, schema_partial):
            path.unlink(missing_ok=True)
        raise
    return Backup(
        path=final, schema_path=schema_final, size=final.stat().st_size, duration=time.monotonic() - started,
        server_version=ready.server_version, verified=True, database=ready.database, label=label,
        entries=entries, tables=tables, pg_dump_version=ready.programs.version,
    )


def _remove_stale_partials(folder: Path, age: float = 86400) -> None:
    """Partial files a killed run left behind more than a day ago (a running backup's are fresh)."""
    for path in folder.glob(".*.partial-*"):
        try:
            if time.time() - path.stat().st_mtime > age:
                path.unlink()
        except OSError:
            pass


def _publish(partial: Path, schema_partial: Path, folder: Path, base: str) -> tuple[Path, Path]:
    """Give the finished files their names without ever replacing an existing backup
    (two backups in the same second get ``-2``, ``-3``…): a hard link fails when the name is taken."""
    for n in range(1, 1000):
        stem = base if n == 1 else f"{base}-{n}"
        final, schema_final = folder / f"{stem}.dump", folder / f"{stem}.schema.sql"
        try:
            os.link(schema_partial, schema_final)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: check, then rename
            if final.exists() or schema_final.exists():
                continue
            os.replace(schema_partial, schema_final)
            os.replace(partial, final)
            return final, schema_final
        try:
            os.link(partial, final)
        except FileExistsError:
            schema_final.unlink()
            continue
        partial.unlink()
        schema_partial.unlink()
        return final, schema_final
    raise DriftdeckError(f"too many backups named {base} in {folder}.")


def verify(programs: dump.ClientPrograms, path: Path, what: str) -> tuple[int, int]:
    """Read the archive's table of contents with ``pg_restore --list``: (entries, tables)."""
    listing = list_archive(programs, path, what)
    return len(listing.entries), listing.tables


@dataclass(frozen=True)
class Listing:
    entries: tuple[str, ...]  # "TABLE public users postgres"-like lines
    dumped_from: str  # server version the archive was made from
    dumped_by: str  # pg_dump version that made it

    @property
    def tables(self) -> int:
        return sum(1 for e in self.entries if re.match(r"\d+;\s*\d+\s+\d+\s+TABLE\s(?!DATA\s)", e))


def list_archive(programs: dump.ClientPrograms, path: Path, what: str) -> Listing:
    """``pg_restore --list`` of ``path``; a DriftdeckError when it is not a readable archive."""
    out = path.with_name(path.name + f".list-{uuid.uuid4().hex[:6]}")
    try:
        dump.run(programs, "pg_restore", ["--list", f"--file={out}", str(path)], what=f"{what}: verifying the dump")
        text = out.read_text(errors="replace")
    finally:
        out.unlink(missing_ok=True)
    entries = tuple(ln for ln in text.splitlines() if ln and not ln.startswith(";"))
    dumped_from = _header(text, "Dumped from database version")
    dumped_by = _header(text, "Dumped by pg_dump version")
    return Listing(entries, dumped_from, dumped_by)


def _header(text: str, key: str) -> str:
    m = re.search(rf"^;\s*{re.escape(key)}:\s*(\S+)", text, re.M)
    return m.group(1) if m else ""


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "db"


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def human_size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
