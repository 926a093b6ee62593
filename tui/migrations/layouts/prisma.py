"""Prisma Migrate: ``prisma/migrations/<timestamp>_<name>/migration.sql`` (+ ``migration_lock.toml``).

Migrations are the sub-folders, in name order; only ``migration.sql`` is read. History:
``_prisma_migrations`` with the sha256 hex of ``migration.sql`` as checksum. Prisma has no
down migrations.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.layouts import common
from tui.migrations.model import Migration

NAME = "prisma"
HISTORY = "prisma"
_VERSION = re.compile(r"^(\d+)_(.*)$")


def detect(folder: Path) -> int:
    if (folder / "migration_lock.toml").is_file():
        return 5
    return 4 if any(folder.glob("*/migration.sql")) else 0


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    migrations: list[Migration] = []
    for path in sorted(folder.iterdir()):
        if not path.is_dir():
            if path.name != "migration_lock.toml" and not common.HARMLESS.match(path.name):
                warnings.append(f"{path.name}: not a migration folder; Prisma ignores it.")
            continue
        script = path / "migration.sql"
        if not script.is_file():
            warnings.append(f"{path.name}/: has no migration.sql; Prisma cannot apply it.")
            continue
        got = common.read_file(script, folder, warnings)
        if got is None:
            continue
        data, text = got
        m = _VERSION.match(path.name)
        migrations.append(
            common.make(
                id=path.name,
                version=m.group(1) if m else None,
                name=m.group(2) if m else path.name,
                path=script,
                data=data,
                text=text,
                checksum=common.sha256_hex(data),
                order=(path.name,),
                extra={"alt_checksums": _line_ending_variants(data)},
            )
        )
    return migrations, warnings


def _line_ending_variants(data: bytes) -> tuple[str, ...]:
    """Checksums of the file with the other line endings: Prisma accepts those as unchanged
    (a checkout with autocrlf must not look like an edited migration)."""
    lf = data.replace(b"\r\n", b"\n")
    return (common.sha256_hex(lf), common.sha256_hex(lf.replace(b"\n", b"\r\n")))


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    commented = "\n".join(f"-- {line}" if line.strip() and not line.startswith("--") else line for line in down.splitlines())
    body = f"{up.rstrip()}\n\n-- Rollback (Prisma has no down migrations: run by hand if needed)\n{commented}\n"
    return {folder / f"{now:%Y%m%d%H%M%S}_{slug}" / "migration.sql": body}
