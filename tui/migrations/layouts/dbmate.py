"""dbmate: ``db/migrations/<version>_<name>.sql`` with ``-- migrate:up`` / ``-- migrate:down`` sections.

dbmate reads files matching ``^(\\d+).*\\.sql$`` in name order; a file without a
``-- migrate:up`` section is refused. ``-- migrate:up transaction:false`` runs the file
outside a transaction. History: ``schema_migrations(version varchar(128) primary key)``.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.layouts import common
from tui.migrations.model import Migration

NAME = "dbmate"
HISTORY = "dbmate"
_FILE = re.compile(r"^(\d+)_?(.*)\.sql$")


def detect(folder: Path) -> int:
    for path in folder.glob("*.sql"):
        try:
            with path.open("r", encoding="utf-8", errors="replace") as f:
                if common.has_up_marker(f.read(4096)):
                    return 3
        except OSError:
            continue
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
        if text.strip() and not common.has_up_marker(text):
            warnings.append(f"{path.name}: has no '-- migrate:up' section; dbmate refuses it; skipped.")
            continue
        up_start, up_end, down_sql, options = common.sections(text)
        migrations.append(
            common.make(
                id=m.group(1),
                version=m.group(1),
                name=m.group(2) or path.stem,
                path=path,
                data=data,
                text=text,
                checksum=None,
                up_start=up_start,
                up_end=up_end,
                down_sql=down_sql,
                tx="transaction:false" not in options.replace(" ", "").lower(),
                order=(path.name,),
            )
        )
    warnings += common.duplicate_warnings(migrations, folder)
    common.stray_files(folder, used, warnings)
    return migrations, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    path = folder / f"{now:%Y%m%d%H%M%S}_{slug}.sql"
    return {path: f"-- migrate:up\n{up.rstrip()}\n\n-- migrate:down\n{down}"}
