"""The restore step: put a backup back into an environment, after a safety backup of what is there now.

API::

    from tui.apply.restore import restore

    result = restore(url, backup_file, folder=backup_dir(project), label="staging", on_event=cb, cancel=token)
    result.safety           # the Backup taken first (restore it to undo this restore)
    result.tables, result.entries, result.size, result.duration

    restore_environment(project, env, backup_file, on_event=cb)   # the same, recorded in the audit log

The caller asks for the confirmation first (the command: ``--confirm ENV`` for protected
environments, ``--yes`` for the others). Order: the backup file is read with
``pg_restore --list`` (not an archive → refused before anything runs); programs new enough
for both the server and the pg_dump that made the file; the safety backup (the whole
backup step: folder, space, verified dump); then, in ONE transaction (``pg_restore --clean --if-exists
--single-transaction`` relayed into ``psql``, behind our own BEGIN): the tables, views,
sequences and schemas made after the backup (the target has them, the archive does not)
are dropped — they would otherwise keep the archive's tables from being dropped (a new
table's foreign key, a new view), and restoring means going back to the backup; their
contents are in the safety backup — then every object of the archive is dropped and
recreated with its data. A failure leaves the database exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from tui.apply.backup import Backup, backup, cancelled_fn, human_size, list_archive
from tui.apply.events import Progress, StepFinished, StepStarted, emitter
from tui.errors import DriftdeckError
from tui.pg import dump
from tui.pg.connect import connect, probe
from tui.sqlquote import quote_ident

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
    size = backup_file.stat().st_size
    try:
        drops = added_since(url, label, listing)
        if not programs.path("psql").exists():
            raise DriftdeckError(f"restoring {label}: no psql next to {programs.path('pg_restore')}.")
        # One transaction: ours opens it and drops what is newer than the backup; the script's own
        # BEGIN only warns; its COMMIT, written last, ends it. A script cut short never commits.
        prefix = "BEGIN;\n" + "".join(f"{sql};\n" for sql in drops)
        dump.run(
            programs, "pg_restore", ["--clean", "--if-exists", "--single-transaction", "--file=-", str(backup_file)],
            what=f"restoring {label} from {backup_file.name} (nothing was changed; the safety backup is {safety.path})",
            cancelled=cancelled_fn(cancel),
            into=("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--file=-"], url),
            into_prefix=prefix.encode(),
            on_bytes=lambda n: emit(Progress(STEP, n, None, f"of SQL restored from a {human_size(size)} backup")),
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


_KINDS = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE", "S": "SEQUENCE"}

_ADDED_QUERY = """
select c.relkind, n.nspname, c.relname
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not c.relispartition
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                  and d.deptype in ('e', 'a', 'i'))
order by 2, 3
"""

_SCHEMAS_QUERY = """
select n.nspname from pg_namespace n
where n.nspname not in ('public', 'information_schema') and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_depend d where d.classid = 'pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')
order by 1
"""


def restore_environment(project, env, path, *, person: dict | None = None, on_event=None, cancel=None) -> Restored:
    """:func:`restore` of ``path`` into ``env`` (the safety backup in the project's backup folder), recorded
    in the audit log: kind ``restore``, the safety backup and the restore as its steps, outcome restored,
    failed or cancelled. `driftdeck restore` and the apply wizard's "restore the backup" both run this."""
    from tui.apply import audit
    from tui.apply.backup import backup_dir
    from tui.apply.cancel import is_cancel

    entry = audit.new_entry(project, "restore", env.name)
    if person:
        entry.who = person
    entry.backup = str(path)
    try:
        result = restore(env.url, path, folder=backup_dir(project), label=env.name, on_event=on_event, cancel=cancel)
    except BaseException as err:
        entry.error = str(err) or type(err).__name__
        entry.outcome = audit.CANCELLED if is_cancel(err) else audit.FAILED
        audit.append(project, entry)
        raise
    entry.outcome = audit.RESTORED
    entry.steps.append(audit.StepRecord("backup", "ok", int(result.safety.duration * 1000), str(result.safety.path)))
    entry.steps.append(audit.StepRecord("restore", "ok", int((result.duration - result.safety.duration) * 1000),
                                        f"{result.tables} table(s) from {result.backup}"))
    audit.append(project, entry)
    return result


def added_since(url: str, label: str, listing) -> list[str]:
    """DROP statements for the relations and schemas ``url`` has that the archive does not (made
    after the backup): they would keep the archive's tables from being dropped and recreated
    (a new table's foreign key, a new view), and restoring means going back to the backup."""
    names = {_toc_key(entry) for entry in listing.entries}
    drops: list[str] = []
    with connect(url, label=label, read_only=True) as conn:
        schemas = [r[0] for r in conn.execute(_SCHEMAS_QUERY) if ("SCHEMA", "-", r[0]) not in names]
        for kind, schema, name in conn.execute(_ADDED_QUERY).fetchall():
            word = _KINDS[kind]
            if (word, schema, name) not in names and schema not in schemas:
                drops.append(f"DROP {word} IF EXISTS {quote_ident(schema)}.{quote_ident(name)} CASCADE")
    drops += [f"DROP SCHEMA IF EXISTS {quote_ident(schema)} CASCADE" for schema in schemas]
    return drops


def _toc_key(entry: str) -> tuple[str, str, str]:
    """("TABLE", "public", "users") from a ``pg_restore --list`` line ``12; 1259 16386 TABLE public users owner``."""
    rest = entry.split(";", 1)[-1].split(None, 2)[-1] if ";" in entry else entry
    for word in ("MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE DATA", "TABLE", "VIEW", "SEQUENCE", "SCHEMA"):
        if rest.startswith(word + " "):
            parts = rest[len(word) + 1:].split(" ")
            if len(parts) >= 2:
                return word, parts[0], " ".join(parts[1:-1]) if len(parts) > 2 else parts[1]
    return ("", "", "")


def _major(version: str) -> int:
    try:
        return int(version.split(".")[0])
    except ValueError:
        return 0
