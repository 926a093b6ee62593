"""Supabase CLI: ``supabase/migrations/<timestamp>_<name>.sql``.

Files must match ``^([0-9]+)_(.*)\\.sql$`` (others are skipped by the CLI); order is by
name. History: ``supabase_migrations.schema_migrations(version, statements text[], name)``;
it records the statements it ran instead of a checksum, so "modified after apply" compares
those statements with the file's (ignoring comments and spacing).
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.checksums import statements_checksum
from tui.migrations.layouts import common
from tui.migrations.model import Migration
from tui.migrations.sqltext import statements

NAME = "supabase"
HISTORY = "supabase"
_FILE = re.compile(r"^([0-9]+)_(.*)\.sql$")


def detect(folder: Path) -> int:
    if folder.name == "migrations" and folder.parent.name == "supabase":
        return 6
    return 0


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    migrations: list[Migration] = []
    used: set[Path] = set()
    for path in sorted(folder.glob("*.sql")):
        m = _FILE.match(path.name)
        if not m:
            continue
        used.add(path)
        got = common.read_file(path, folder, warnings)
        if got is None:
            continue
        data, text = got
        migrations.append(
            common.make(
                id=m.group(1),
                version=m.group(1),
                name=m.group(2),
                path=path,
                data=data,
                text=text,
                checksum=statements_checksum(statements(text)),
                order=(path.name,),
            )
        )
    warnings += common.duplicate_warnings(migrations, folder)
    common.stray_files(folder, used, warnings)
    return migrations, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    commented = "\n".join(f"-- {line}" if line.strip() and not line.startswith("--") else line for line in down.splitlines())
    body = f"{up.rstrip()}\n\n-- Rollback (supabase migrations go forward only: run by hand if needed)\n{commented}\n"
    return {folder / f"{now:%Y%m%d%H%M%S}_{slug}.sql": body}
