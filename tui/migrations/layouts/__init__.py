"""Layouts: how each migration tool names, orders and splits its files, and where it keeps history.

One module per tool (``plain``, ``prisma``, ``supabase``, ``drizzle``, ``flyway``,
``golang_migrate``, ``dbmate``), each with ``NAME``, ``HISTORY`` (the history module),
``detect(folder) -> score``,
``read(folder) -> (migrations, warnings)`` and ``new_files(...)``.

:func:`detect_layout` picks the folder and the layout; :func:`load_folder` reads it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from tui.errors import DriftdeckError
from tui.migrations.model import MigrationFolder

LAYOUT_MODULES = {
    "prisma": "prisma",
    "supabase": "supabase",
    "drizzle": "drizzle",
    "flyway": "flyway",
    "golang-migrate": "golang_migrate",
    "dbmate": "dbmate",
    "plain": "plain",
}
# Where to look under a project root when no folder is configured, most specific first.
SEARCH = (
    ("prisma/migrations", "prisma"),
    ("supabase/migrations", "supabase"),
    ("drizzle", None),
    ("src/main/resources/db/migration", None),
    ("db/migration", None),
    ("db/migrations", None),
    ("migrations", None),
    ("database/migrations", None),
    ("sql/migrations", None),
    ("src/db/migrations", None),
    ("sql", None),
)


def layout_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"tui.migrations.layouts.{LAYOUT_MODULES[name]}")
    except KeyError:
        raise DriftdeckError(f"unknown layout {name!r} (one of {', '.join(LAYOUT_MODULES)}).") from None


@dataclass(frozen=True)
class Layout:
    """A migration folder and the tool whose layout it follows."""

    name: str  # plain | prisma | supabase | drizzle | flyway | golang-migrate | dbmate
    folder: Path
    detected: bool = True  # False when the project file names the layout

    @property
    def module(self) -> ModuleType:
        return layout_module(self.name)

    @property
    def history(self) -> ModuleType:
        """The module that reads and writes this tool's history table."""
        return importlib.import_module(f"tui.migrations.history.{self.module.HISTORY}")

    @property
    def history_table(self) -> str:
        return self.history.TABLE

    def read(self) -> MigrationFolder:
        if not self.folder.is_dir():
            raise DriftdeckError(f"migrations folder {self.folder} does not exist.")
        try:
            migrations, warnings = self.module.read(self.folder)
        except OSError as err:
            raise DriftdeckError(f"migrations folder {self.folder}: cannot be read ({err.strerror}).") from None
        return MigrationFolder(layout=self, folder=self.folder, migrations=tuple(migrations), warnings=tuple(warnings))


STRUCTURAL = 5  # a detect score this high is the tool's own structure (journal, lock file, V__ names, supabase/)


def detect_in(folder: Path) -> str:
    """The layout of a folder: the tool's own structure when it shows, else the layout that
    accounts for every file.

    Drizzle's journal, Prisma's lock file, supabase/migrations and Flyway's ``V1__`` names
    decide at once. Otherwise (file names only: golang-migrate, dbmate, plain) each fitting
    layout reads the folder and the one that ignores the fewest SQL files wins, then the
    most specific: a folder that mixes ``NNN_x.up.sql`` and ``NNN_x.sql`` is plain, because
    golang-migrate would ignore half of it. When two layouts fit equally, the folder does
    not say which tool applies it: one sentence asks for ``layout =``.
    """
    from tui.migrations.layouts.common import IGNORED_SQL

    scores: dict[str, int] = {}
    for name in LAYOUT_MODULES:
        try:
            scores[name] = layout_module(name).detect(folder)
        except OSError:
            scores[name] = 0
    top = max(scores.values(), default=0)
    if top >= STRUCTURAL:
        best = sorted(n for n, sc in scores.items() if sc == top)
        if len(best) > 1:
            _ask(folder, best[0], best[1])
        return best[0]
    fits: list[tuple[int, int, str]] = []
    for name, score in scores.items():
        if score <= 0 and name != "plain":
            continue
        try:
            _, warnings = layout_module(name).read(folder)
        except (OSError, DriftdeckError):
            continue
        fits.append((sum(1 for w in warnings if w.endswith(IGNORED_SQL)), -score, name))
    if not fits:
        return "plain"
    fits.sort()
    if len(fits) > 1 and fits[1][:2] == fits[0][:2]:
        _ask(folder, *sorted((fits[0][2], fits[1][2])))
    return fits[0][2]


def _ask(folder: Path, a: str, b: str) -> None:
    raise DriftdeckError(
        f"migrations folder {folder} fits both the {a} and the {b} layout: set layout = \"{a}\" or"
        f" layout = \"{b}\" in [project] of driftdeck.toml (the tool that applies these files)."
    )


def _looks_like_migrations(folder: Path) -> bool:
    if not folder.is_dir():
        return False
    try:
        return any(folder.rglob("*.sql")) or (folder / "meta" / "_journal.json").is_file() or (folder / "migration_lock.toml").is_file()
    except OSError:
        return False


def detect_layout(root: Path, migrations: Path | None, layout: str = "auto") -> Layout:
    """The layout of a project: its migrations folder and the tool that wrote it.

    ``migrations`` is the configured folder (None: look in the usual places under
    ``root``: prisma/migrations, supabase/migrations, drizzle, db/migration(s), migrations…,
    or ``root`` itself). ``layout`` "auto" detects from the folder's contents; any other
    value is taken as is. Raises DriftdeckError when no folder can be found.
    """
    root = Path(root)
    if layout != "auto":
        layout_module(layout)  # validates the name
    if migrations is not None:
        folder = Path(migrations)
        if not folder.exists():
            raise DriftdeckError(f"migrations folder {folder} does not exist (project.migrations).")
        if not folder.is_dir():
            raise DriftdeckError(f"migrations folder {folder} is a file, not a folder (project.migrations).")
        # a project pointing at "prisma" or "supabase" means the migrations folder inside
        if (
            (folder / "migrations").is_dir()
            and not any(folder.glob("*.sql"))
            and not (folder / "meta" / "_journal.json").is_file()
            and _looks_like_migrations(folder / "migrations")
        ):
            folder = folder / "migrations"
    else:
        folder = None
        for rel_path, hint in SEARCH:
            candidate = root / rel_path
            if _looks_like_migrations(candidate):
                folder = candidate
                if layout == "auto" and hint:
                    return Layout(hint, candidate.resolve(), True)
                break
        if folder is None:
            if any(root.glob("*.sql")) or any(root.glob("*/migration.sql")) or (root / "meta" / "_journal.json").is_file():
                folder = root
            else:
                raise DriftdeckError(
                    f"no migrations folder found under {root}: set migrations = \"path/to/folder\" in [project] of driftdeck.toml."
                )
    folder = folder.resolve()
    if layout == "auto":
        return Layout(detect_in(folder), folder, True)
    return Layout(layout, folder, False)


def load_folder(project) -> MigrationFolder:
    """The project's migrations, read the way its tool reads them (ordered, with warnings naming odd files).

    Two files with one version are an error naming both: the tool would run only one of
    them (or refuse), so status, review and apply cannot say anything true about the folder.
    """
    folder = detect_layout(project.root, project.migrations, project.layout).read()
    check_unique_ids(folder)
    return folder


def check_unique_ids(folder: MigrationFolder) -> None:
    """One sentence naming both files when two migrations share a version (id)."""
    seen: dict[str, Path] = {}
    for m in folder.migrations:
        if m.id in seen:
            a, b = (str(p.relative_to(folder.folder)) if p.is_relative_to(folder.folder) else str(p) for p in (seen[m.id], m.path))
            raise DriftdeckError(
                f"two migrations have the same version {m.id}: {a} and {b}; {folder.layout.name} would run only one"
                " of them. Give one a new version (driftdeck new picks an unused one)."
            )
        seen[m.id] = m.path
