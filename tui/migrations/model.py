"""The data of a migration folder: one :class:`Migration` per file, the folder, history rows.

Everything here is plain data (frozen dataclasses); reading files lives in ``layouts/``,
reading and writing history tables in ``history/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tui.migrations.layouts import Layout


# The state of one migration in one environment (tui.migrations.status computes them).
APPLIED, PENDING, MODIFIED, MISSING, FAILED = "applied", "pending", "modified", "missing-file", "failed"

@dataclass(frozen=True)
class Migration:
    """One migration as its tool sees it.

    ``id`` is the key the tool's history table uses for it (a version for versioned tools,
    the folder name for Prisma, ``R:<description>`` for a Flyway repeatable). ``text`` is
    the whole file; the part that applies is ``text[up_start:up_end]`` (``up_sql``).
    ``checksum`` is what the tool itself records (as text; None where the tool records
    none) and ``sha256`` the sha256 hex of the file's bytes (driftdeck's own checksum).
    ``transactional`` is False when the file must not run inside one transaction
    (the tool says so, the file manages its own transaction, or a statement cannot run
    in one such as ``CREATE INDEX CONCURRENTLY``); ``extra["no_transaction"]`` marks the
    first case (dbmate ``transaction:false``, Flyway ``executeInTransaction=false``).
    ``problem`` says why the file cannot be read as SQL (not UTF-8, NUL bytes; see
    :func:`tui.files.decode`): ``text`` is then empty and :meth:`statements` refuses, so
    nothing runs a guess at it.
    """

    id: str
    version: str | None
    name: str
    path: Path
    text: str
    up_start: int
    up_end: int
    sha256: str
    checksum: str | None
    down_sql: str | None = None
    down_path: Path | None = None
    repeatable: bool = False
    transactional: bool = True
    order: tuple = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    problem: str | None = None

    @property
    def up_sql(self) -> str:
        """The SQL that applies; a one-sentence error for a file that is not text (nothing runs a guess)."""
        if self.problem:
            from tui.errors import DriftdeckError

            raise DriftdeckError(f"{self.path}: {self.problem}; driftdeck does not run it.")
        return self.text[self.up_start : self.up_end]

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        """How people name this migration: the file (or Prisma folder) it lives in."""
        if self.path.name == "migration.sql":
            return f"{self.path.parent.name}/{self.path.name}"
        return self.path.name

    def statements(self) -> list[str]:
        """The statements of the part that applies, in order (the tool's own splitting)."""
        from tui.migrations.sqltext import split_statements

        breakpoint_marker = self.extra.get("breakpoint")
        if breakpoint_marker:
            parts = [p.strip() for p in self.up_sql.split(breakpoint_marker)]
            return [p for p in parts if p and not _only_comments(p)]
        return [self.up_sql[s:e] for s, e in split_statements(self.up_sql)]


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


@dataclass(frozen=True)
class MigrationFolder:
    """A migration folder read the way its tool reads it: ordered migrations + warnings."""

    layout: "Layout"
    folder: Path
    migrations: tuple[Migration, ...]
    warnings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.migrations)

    def __iter__(self):
        return iter(self.migrations)

    def by_id(self) -> dict[str, Migration]:
        return {m.id: m for m in self.migrations}

    def index(self) -> dict[str, int]:
        return {m.id: i for i, m in enumerate(self.migrations)}


@dataclass(frozen=True)
class AppliedRow:
    """One migration recorded as applied (or failed) in a database's history.

    ``key`` matches :attr:`Migration.id`. ``checksum_kind`` says what ``checksum`` is
    comparable with: ``"tool"`` (:attr:`Migration.checksum`) or ``"sha256"``
    (:attr:`Migration.sha256`). ``rank`` orders rows by when they were applied (None when
    the tool keeps no order).
    """

    key: str
    name: str = ""
    checksum: str | None = None
    checksum_kind: str = "tool"
    applied_at: datetime | None = None
    applied_by: str | None = None
    duration_ms: int | None = None
    success: bool = True
    rank: float | None = None
    note: str = ""


@dataclass(frozen=True)
class HistoryState:
    """What one database's history table says."""

    table: str  # e.g. "public._prisma_migrations"
    exists: bool
    rows: tuple[AppliedRow, ...] = ()
    source: str = ""  # where the rows came from when not the table (e.g. applied_to_prod.log)
