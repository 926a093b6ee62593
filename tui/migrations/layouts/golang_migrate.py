"""golang-migrate: ``<version>_<title>.up.sql`` / ``<version>_<title>.down.sql``.

Files match ``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$``; versions are unsigned integers ordered
numerically (``2_`` before ``10_``; ``000001`` is version 1). History:
``schema_migrations(version bigint primary key, dirty boolean)`` holding ONE row, the
current version: every migration up to it counts as applied.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.migrations.layouts import common
from tui.migrations.model import Migration

NAME = "golang-migrate"
HISTORY = "golang_migrate"
_FILE = re.compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$")


def detect(folder: Path) -> int:
    return 4 if any(_FILE.match(p.name) for p in folder.glob("*.up.sql")) else 0


def read(folder: Path) -> tuple[list[Migration], list[str]]:
    warnings: list[str] = []
    ups: dict[int, list[Path]] = {}
    downs: dict[int, Path] = {}
    used: set[Path] = set()
    for path in sorted(folder.iterdir()):
        m = _FILE.match(path.name)
        if not m or path.is_dir():
            continue
        used.add(path)
        version = int(m.group(1))
        if m.group(3) == "up":
            ups.setdefault(version, []).append(path)
        elif version in downs:
            warnings.append(f"duplicate down migration for version {version}: {downs[version].name}, {path.name}.")
        else:
            downs[version] = path
    migrations: list[Migration] = []
    for version in sorted(ups):
        for path in ups[version]:  # a duplicate version is kept: load_folder names both files
            got = common.read_file(path, folder, warnings)
            if got is None:
                continue
            data, text = got
            down_path = downs.get(version)
            down_sql = None
            if down_path is not None:
                down = common.read_file(down_path, folder, [])
                down_sql = down[1].strip() or None if down else None
            match = _FILE.match(path.name)
            assert match is not None
            migrations.append(
                common.make(
                    id=str(version),
                    version=match.group(1),
                    name=match.group(2),
                    path=path,
                    data=data,
                    text=text,
                    checksum=None,
                    down_sql=down_sql,
                    down_path=down_path,
                    order=(version,),
                )
            )
    for version, path in downs.items():
        if version not in ups:
            warnings.append(f"{path.name}: a down migration without its up migration.")
    common.stray_files(folder, used, warnings)
    return migrations, warnings


def new_files(folder: Path, slug: str, up: str, down: str, now, existing: list[Migration]) -> dict[Path, str]:
    versions = [m.version or "" for m in existing]
    if versions and all(len(v) <= 8 for v in versions):  # sequential (migrate create -seq -digits N)
        width = max(len(v) for v in versions)
        version = str(max(int(v) for v in versions) + 1).zfill(width)
    else:
        version = f"{now:%Y%m%d%H%M%S}"
    return {folder / f"{version}_{slug}.up.sql": up, folder / f"{version}_{slug}.down.sql": down}
