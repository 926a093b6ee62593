"""Drizzle Kit: ``<out>/NNNN_<name>.sql`` listed in ``<out>/meta/_journal.json``.

Only the journal's entries are migrations, in journal order; statements are separated by
``--> statement-breakpoint`` when the entry says ``breakpoints: true``. History:
``drizzle.__drizzle_migrations(id serial, hash text, created_at bigint)`` where ``hash`` is
the sha256 hex of the file's contents and ``created_at`` the journal entry's ``when``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tui.errors import DriftdeckError
from tui.migrations.layouts import common
from tui.migrations.model import Migration

NAME = "drizzle"
HISTORY = "drizzle"
BREAKPOINT = "--> statement-breakpoint"
_TAG = re.compile(r"^(\d+)_(.*)$")


def detect(folder: Path) -> int:
    return 7 if (folder / "meta" / "_journal.json").is_file() else 0


def journal(folder: Path) -> dict:
    path = folder / "meta" / "_journal.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DriftdeckError(f"{path}: cannot be read ({err.strerror}).") from None
    except ValueError as err:
        raise DriftdeckError(f"{path}: is not valid JSON ({err}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise DriftdeckError(f"{path}: has no 'entries' list; is it a Drizzle journal?")
    return data


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    migrations: list[Migration] = []
    used: set[Path] = set()
    for entry in journal(folder)["entries"]:
        tag = str(entry.get("tag", ""))
        path = folder / f"{tag}.sql"
        if not tag or not path.is_file():
            warnings.append(f"meta/_journal.json lists {tag or '(no tag)'} but {tag}.sql is missing.")
            continue
        used.add(path)
        got = common.read_file(path, folder, warnings)
        if got is None:
            continue
        data, text = got
        m = _TAG.match(tag)
        when = int(entry.get("when", 0))
        migrations.append(
            common.make(
                id=tag,
                version=m.group(1) if m else None,
                name=m.group(2) if m else tag,
                path=path,
                data=data,
                text=text,
                checksum=common.sha256_hex(text.encode("utf-8")),
                order=(int(entry.get("idx", len(migrations))),),
                extra={"when": when, "breakpoint": BREAKPOINT if entry.get("breakpoints", True) else None},
            )
        )
    for path in sorted(folder.glob("*.sql")):
        if path not in used:
            warnings.append(f"{path.name}: not listed in meta/_journal.json; Drizzle ignores it.")
            used.add(path)
    whens = [m.extra["when"] for m in migrations]
    for a, b in zip(migrations, migrations[1:]):
        if b.extra["when"] <= a.extra["when"]:
            warnings.append(
                f"{b.file_name}: its journal 'when' is not after {a.file_name}'s; Drizzle will skip it on databases that have {a.file_name}."
            )
    del whens
    for path in sorted(folder.iterdir()):
        if path.is_file() and path not in used and not common.HARMLESS.match(path.name):
            warnings.append(f"{path.name}: not a migration file; ignored.")
    return migrations, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    data = journal(folder) if (folder / "meta" / "_journal.json").is_file() else {"version": "7", "dialect": "postgresql", "entries": []}
    entries = data["entries"]
    idx = max((int(e.get("idx", -1)) for e in entries), default=-1) + 1
    tag = f"{idx:04d}_{slug}"
    when = int(now.timestamp() * 1000)
    last = max((int(e.get("when", 0)) for e in entries), default=0)
    when = max(when, last + 1)
    version = str(entries[-1].get("version", "7")) if entries else "7"
    entries.append({"idx": idx, "version": version, "when": when, "tag": tag, "breakpoints": True})
    commented = "\n".join(f"-- {line}" if line.strip() and not line.startswith("--") else line for line in down.splitlines())
    statements_text = _with_breakpoints(up)
    body = f"{statements_text.rstrip()}\n\n-- Rollback (Drizzle has no down migrations: run by hand if needed)\n{commented}\n"
    return {folder / f"{tag}.sql": body, folder / "meta" / "_journal.json": json.dumps(data, indent=2) + "\n"}


def _with_breakpoints(sql: str) -> str:
    from tui.migrations.sqltext import split_statements

    spans = split_statements(sql)
    if len(spans) <= 1 or BREAKPOINT in sql:
        return sql
    # keep leading comments with the first statement; separate statements with the marker
    parts, prev = [], 0
    for _, end in spans:
        semi = sql.find(";", end)
        stop = semi + 1 if semi != -1 else end
        parts.append(sql[prev:stop].strip("\n"))
        prev = stop
    tail = sql[prev:].strip()
    text = f"\n{BREAKPOINT}\n".join(parts)
    return text + ("\n" + tail if tail else "")
