"""The restore step: put a backup back into an environment, after a safety backup of what is there now.

API::

    from tui.apply.restore import restore

    result = restore(url, backup_file, folder=backup_dir(project), label="staging", on_event=cb, cancel=token)
    result.safety           # the Backup taken first (restore it to undo this restore)
    result.tables, result.entries, result.size, result.duration

The caller asks for the confirmation first (the command: ``--confirm ENV`` for protected
environments, ``--yes`` for the others). Order: the backup file is read with
``pg_restore --list`` (not an archive → refused before anything runs); programs new enough
for both the server and the pg_dump that made the file; the safety backup (the whole
backup step: folder, space, verified dump); then ``pg_restore --clean --if-exists
--single-transaction --exit-on-error``: every object of the archive is dropped and
recreated with its data in one transaction, so a failure leaves the database as it was.
Objects created after the backup are left alone (pg_restore only drops what the archive
holds); when one of them depends on a restored table the restore fails as a whole and says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from tui.apply.backup import Backup, backup, cancelled_fn, human_size, list_archive
from tui.apply.events import StepFinished, StepStarted, emitter
from tui.errors import DriftdeckError
from tui.pg import dump
from tui.pg.connect import probe

STEP = "restore"


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    backup: Path
    safety: Backup
    tables: int
    entries: int
    size: int  # bytes of the backup file
    duration: float  # seconds, the safety backup included
    dumped_from: str  # server version the backup was taken from

    def to_dict(self) -> dict:
        return {
            "backup": str(self.backup), "safety_backup": self.safety.to_dict(), "tables": self.tables,
            "entries": self.entries, "size": self.size, "duration": round(self.duration, 3),
            "dumped_from": self.dumped_from,
        }


def restore(
    url: str,
    backup_file: Path,
    *,
    folder: Path,
    label: str,
    on_event=None,
    cancel=None,
    search: Sequence[Path | str] | None = None,
) -> Restored:
    """Restore ``backup_file`` (a ``pg_dump -Fc`` archive) into the database at ``url``."""
    emit = emitter(on_event)
    started = time.monotonic()
    backup_file = Path(backup_file).expanduser()
    if not backup_file.is_file():
        raise DriftdeckError(f"backup {backup_file} does not exist.")
    info = probe(url, label=label)
    major = info.version_num // 10000
    listing = list_archive(dump.client_programs(major, search=search), backup_file, f"restoring {label}")
    if not listing.entries:
        raise DriftdeckError(f"{backup_file} holds nothing to restore (an empty archive).")
    made_by = _major(listing.dumped_by)
    programs = dump.client_programs(max(major, made_by), search=search)
    safety = backup(url, folder=folder, label=f"{label}-before-restore", on_event=on_event, cancel=cancel, search=search)
    emit(StepStarted(STEP, f"restore of {label} from {backup_file.name}"))
    try:
        dump.run(
            programs, "pg_restore",
            ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", str(backup_file)],
            url=url, what=f"restoring {label} from {backup_file.name} (nothing was changed; the safety backup is {safety.path})",
            cancelled=cancelled_fn(cancel),
        )
    except BaseException as err:
        emit(StepFinished(STEP, False, time.monotonic() - started, str(err) if isinstance(err, DriftdeckError) else ""))
        raise
    result = Restored(
        backup=backup_file, safety=safety, tables=listing.tables, entries=len(listing.entries),
        size=backup_file.stat().st_size, duration=time.monotonic() - started, dumped_from=listing.dumped_from,
    )
    emit(StepFinished(STEP, True, result.duration, f"{result.tables} table(s), {human_size(result.size)}"))
    return result


def _major(version: str) -> int:
    try:
        return int(version.split(".")[0])
    except ValueError:
        return 0
