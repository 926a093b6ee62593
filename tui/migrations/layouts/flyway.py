"""Flyway: ``V<version>__<description>.sql``, repeatable ``R__<description>.sql``, undo ``U<version>__…``.

Flyway scans its locations recursively. Versions use ``.`` or ``_`` as separators and
compare part by part as integers (``V1_1`` = 1.1 < ``V2`` < ``V10``; trailing zeros do not
count). Repeatables run after all versioned migrations, ordered by description, and again
whenever their checksum changes. ``V1__x.sql.conf`` with ``executeInTransaction=false``
runs the script outside a transaction. ``${placeholders}`` are replaced as Flyway replaces
them (:mod:`.flyway_placeholders`); an undefined one makes the migration refuse to run. History: ``flyway_schema_history`` with Flyway's
CRC32 checksum (see :mod:`tui.migrations.checksums`).
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.checksums import flyway_checksum
from tui.migrations.layouts import common, flyway_placeholders
from tui.migrations.model import Migration

NAME = "flyway"
HISTORY = "flyway"
_FILE = re.compile(r"^([VUR])([0-9][0-9._]*)?__(.+)\.sql$")


def version_key(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in re.split(r"[._]", version) if p != ""]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def canonical_version(version: str) -> str:
    """The version as a key for matching history rows: ``1_01`` and ``1.1.0`` are both ``1.1``."""
    return ".".join(str(p) for p in version_key(version))


def detect(folder: Path) -> int:
    for path in folder.rglob("*.sql"):
        m = _FILE.match(path.name)
        if m and (m.group(1) == "R" or m.group(2)):
            return 5
    return 0


def _executes_in_transaction(path: Path) -> bool:
    conf = path.with_name(path.name + ".conf")
    if conf.is_file():
        try:
            text = conf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return True
        return not re.search(r"^\s*executeInTransaction\s*=\s*false\s*$", text, re.M | re.I)
    return True


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    versioned: list[Migration] = []
    repeatable: list[Migration] = []
    undo: dict[str, Path] = {}
    used: set[Path] = set()
    used.update(p for p in folder.rglob("*.conf"))
    placeholders = flyway_placeholders.load(folder)
    for path in sorted(folder.rglob("*.sql")):
        m = _FILE.match(path.name)
        if not m:
            continue
        kind, version, desc = m.group(1), m.group(2), m.group(3)
        if kind == "R" and version:
            continue  # R1__x.sql is not a valid repeatable name; reported as stray below
        if kind in "VU" and not version:
            continue
        used.add(path)
        if kind == "U":
            undo[canonical_version(version)] = path
            continue
        got = common.read_file(path, folder, warnings)
        if got is None:
            continue
        data, raw = got
        text, problem = placeholders.apply(raw, path) if raw else (raw, None)
        if problem:
            warnings.append(f"{common.rel(path, folder)}: {problem}.")
        description = desc.replace("_", " ")
        script = common.rel(path, folder)
        mig = common.make(
            id=canonical_version(version) if kind == "V" else f"R:{description}",
            version=version.replace("_", ".") if kind == "V" else None,
            name=description,
            path=path,
            data=data,
            text=text,
            checksum=str(flyway_checksum(raw)),  # Flyway checksums the file as written
            repeatable=kind == "R",
            tx=_executes_in_transaction(path),
            order=(0, version_key(version)) if kind == "V" else (1, description),
            extra={"script": script.replace("\\", "/")},
            problem=problem,
        )
        (versioned if kind == "V" else repeatable).append(mig)
    versioned.sort(key=lambda x: x.order)
    repeatable.sort(key=lambda x: x.order)
    out: list[Migration] = []
    for mig in versioned:
        down = undo.pop(mig.id, None)
        if down is not None:
            got = common.read_file(down, folder, [])
            mig = Migration(**{**mig.__dict__, "down_path": down, "down_sql": (got[1].strip() or None) if got else None})
        out.append(mig)
    for key, path in undo.items():
        warnings.append(f"{common.rel(path, folder)}: an undo migration for version {key}, which has no V file.")
    out += repeatable
    warnings += common.duplicate_warnings(out, folder)
    common.stray_files(folder, used, warnings, recursive=True)
    return out, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    versions = [m.version for m in existing if m.version]
    if versions and all(len(version_key(v)) == 1 and len(v) >= 12 for v in versions):
        version = f"{now:%Y%m%d%H%M%S}"
    elif versions:
        last = max(versions, key=version_key)
        parts = list(version_key(last))
        if len(parts) == 1:
            version = str(parts[0] + 1)
        else:
            parts[-1] += 1
            version = "_".join(str(p) for p in parts)
    else:
        version = "1"
    files = {folder / f"V{version}__{slug}.sql": up}
    if any(m.down_path for m in existing):
        files[folder / f"U{version}__{slug}.sql"] = down
    else:
        commented = "\n".join(f"-- {line}" if line.strip() and not line.startswith("--") else line for line in down.splitlines())
        files[folder / f"V{version}__{slug}.sql"] = f"{up.rstrip()}\n\n-- Rollback (run by hand if needed)\n{commented}\n"
    return files
