"""Plain layout: ``db/migrations/<timestamp>_<name>.sql``, applied in name order.

The rollback is the ``-- migrate:down`` section of the file or a ``<name>.down.sql`` file
beside it. Older files named ``<name>.up.sql`` (with ``<name>.down.sql``) are read too, so a
long-lived folder that changed convention is one folder, every file accounted for. History lives in driftdeck's own table (``driftdeck.schema_history``); an
``applied_to_prod.log`` can complement it (see :mod:`tui.migrations.applied_log`).
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.layouts import common
from tui.migrations.model import Migration

NAME = "plain"
HISTORY = "own"
_VERSION = re.compile(r"^(\d+)[_-]?(.*)$")


def detect(folder: Path) -> int:
    return 1 if any(folder.glob("*.sql")) else 0


def read_one(path: Path, folder: Path | None = None, warnings: list[str] | None = None) -> Migration | None:
    """One plain-layout file as a Migration (used by the demo builder and the reader)."""
    folder = folder or path.parent
    warnings = [] if warnings is None else warnings
    got = common.read_file(path, folder, warnings)
    if got is None:
        return None
    data, text = got
    stem = path.name[: -len(".up.sql")] if path.name.endswith(".up.sql") else path.name[: -len(".sql")]
    m = _VERSION.match(stem)
    version, name = (m.group(1), m.group(2) or stem) if m else (None, stem)
    up_start, up_end, down_sql, _ = common.sections(text)
    down_path = path.with_name(stem + ".down.sql")
    if down_path.exists():
        down = common.read_file(down_path, folder, warnings)
        if down is not None and down_sql is None:
            down_sql = down[1].strip() or None
    else:
        down_path = None
    if m is None:
        warnings.append(f"{common.rel(path, folder)}: no version prefix (<timestamp>_<name>.sql); ordered by name.")
    return common.make(
        id=version or stem,
        version=version,
        name=name,
        path=path,
        data=data,
        text=text,
        checksum=common.sha256_hex(data),
        up_start=up_start,
        up_end=up_end,
        down_sql=down_sql,
        down_path=down_path,
        order=(path.name,),
        extra={"history_name": stem},
    )


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    migrations: list[Migration] = []
    used: set[Path] = set()
    for path in sorted(folder.glob("*.sql")):
        if path.name.endswith(".down.sql"):
            stem = path.name[: -len(".down.sql")]
            up = path.with_name(stem + ".sql")
            if not up.exists() and not path.with_name(stem + ".up.sql").exists():
                warnings.append(f"{path.name}: a rollback file without its migration {up.name}.")
            used.add(path)
            continue
        used.add(path)
        m = read_one(path, folder, warnings)
        if m is not None:
            migrations.append(m)
    warnings += common.duplicate_warnings(migrations, folder)
    common.stray_files(folder, used, warnings)
    return migrations, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    stamp = now.strftime("%Y%m%d%H%M%S")
    path = folder / f"{stamp}_{slug}.sql"
    uses_down_files = any(m.down_path for m in existing) and not any(common.has_down_marker(m.text) for m in existing)
    if uses_down_files:
        return {path: up, folder / f"{stamp}_{slug}.down.sql": down}
    return {path: f"{up.rstrip()}\n\n-- migrate:down\n{down}"}
