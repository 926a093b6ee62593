"""Status of migrations per environment: applied (when, by whom), pending, modified after apply,
applied but the file is missing, failed, and out of order.

:func:`environment_status` reads one environment's history (read-only connection) and never
raises for an unreachable server: the problem is in :attr:`EnvStatus.problem`.
:func:`status_matrix` does it for several environments in parallel.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.config import Environment, Project
from tui.errors import DriftdeckError
from tui.migrations.layouts import load_folder
from tui.migrations.model import APPLIED, FAILED, MISSING, MODIFIED, PENDING  # noqa: F401  (states: their home is the model)
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder
from tui.pg.connect import connect


@dataclass(frozen=True)
class Cell:
    """One migration in one environment."""

    state: str  # applied | pending | modified | missing-file | failed
    applied_at: datetime | None = None
    applied_by: str | None = None
    out_of_order: bool = False
    note: str = ""

    @property
    def is_applied(self) -> bool:
        return self.state in (APPLIED, MODIFIED, MISSING)

    def to_dict(self) -> dict:
        return {
            "state": self.state,
            "applied_at": self.applied_at.isoformat() if self.applied_at else None,
            "applied_by": self.applied_by,
            "out_of_order": self.out_of_order,
            "note": self.note,
        }


@dataclass(frozen=True)
class EnvStatus:
    """What one environment's history says about the folder."""

    env: str
    table: str
    reachable: bool = True
    problem: str | None = None
    history_exists: bool = False
    source: str = ""  # "" (the history table) or the log it came from
    cells: dict[str, Cell] = field(default_factory=dict)  # by migration id, folder order, then missing files
    folder: MigrationFolder | None = None

    def ids(self, *states: str) -> list[str]:
        return [k for k, c in self.cells.items() if c.state in states]

    @property
    def applied(self) -> list[Migration]:
        by = self.folder.by_id() if self.folder else {}
        return [by[k] for k, c in self.cells.items() if c.state in (APPLIED, MODIFIED) and k in by]

    @property
    def pending(self) -> list[Migration]:
        """What the tool would run next: pending and failed migrations, and changed repeatables."""
        by = self.folder.by_id() if self.folder else {}
        return [
            by[k]
            for k, c in self.cells.items()
            if k in by and (c.state in (PENDING, FAILED) or (c.state == MODIFIED and by[k].repeatable))
        ]

    @property
    def modified(self) -> list[str]:
        return self.ids(MODIFIED)

    @property
    def missing_files(self) -> list[str]:
        return self.ids(MISSING)

    @property
    def out_of_order(self) -> list[str]:
        return [k for k, c in self.cells.items() if c.out_of_order]

    def summary(self) -> str:
        if not self.reachable:
            return f"{self.env}: history not read"
        counts = []
        for state in (APPLIED, PENDING, MODIFIED, MISSING, FAILED):
            n = len(self.ids(state))
            if n or state in (APPLIED, PENDING):
                counts.append(f"{n} {state.replace('-', ' ')}")
        if self.out_of_order:
            counts.append(f"{len(self.out_of_order)} out of order")
        return f"{self.env}: " + ", ".join(counts)

    def to_dict(self) -> dict:
        return {
            "environment": self.env,
            "reachable": self.reachable,
            "problem": self.problem,
            "history_table": self.table,
            "history_exists": self.history_exists,
            "source": self.source or self.table,
            "migrations": {k: c.to_dict() for k, c in self.cells.items()},
        }


@dataclass(frozen=True)
class StatusMatrix:
    """Migrations × environments."""

    folder: MigrationFolder
    envs: tuple[EnvStatus, ...]

    def row_ids(self) -> list[str]:
        """Every migration id in folder order, then ids only the histories know (missing files)."""
        ids = [m.id for m in self.folder.migrations]
        seen = set(ids)
        for e in self.envs:
            for k in e.cells:
                if k not in seen:
                    seen.add(k)
                    ids.append(k)
        return ids

    def to_dict(self) -> dict:
        by = self.folder.by_id()
        layout = self.folder.layout
        return {
            "layout": layout.name,
            "folder": str(self.folder.folder),
            "history_table": layout.history_table,
            "warnings": list(self.folder.warnings),
            "migrations": [
                {
                    "id": k,
                    "file": str(by[k].path.relative_to(self.folder.folder)) if k in by else None,
                    "name": by[k].name if k in by else None,
                    "environments": {e.env: (e.cells[k].to_dict() if k in e.cells else None) for e in self.envs},
                }
                for k in self.row_ids()
            ],
            "environments": [
                {k: v for k, v in e.to_dict().items() if k != "migrations"} | {"summary": e.summary()} for e in self.envs
            ],
        }


def compare(folder: MigrationFolder, state: HistoryState) -> dict[str, Cell]:
    """Cells for every migration of the folder (and every history row without a file)."""
    index = folder.index()
    rows: dict[str, AppliedRow] = {}
    for r in state.rows:
        rows[r.key] = r
    # out of order: applied after a migration that comes later in the folder
    late: set[str] = set()
    highest = -1
    for r in sorted((r for r in rows.values() if r.rank is not None and r.key in index), key=lambda r: r.rank):
        m = folder.migrations[index[r.key]]
        if m.repeatable:
            continue
        if index[r.key] < highest:
            late.add(r.key)
        highest = max(highest, index[r.key])
    last_applied = max(
        (index[k] for k, r in rows.items() if k in index and r.success and not folder.migrations[index[k]].repeatable),
        default=-1,
    )
    cells: dict[str, Cell] = {}
    for i, m in enumerate(folder.migrations):
        r = rows.get(m.id)
        if r is None:
            behind = i < last_applied and not m.repeatable
            cells[m.id] = Cell(PENDING, out_of_order=behind, note="older than migrations already applied" if behind else "")
            continue
        if not r.success:
            cells[m.id] = Cell(FAILED, r.applied_at, r.applied_by, note=r.note or "failed")
            continue
        expected = m.checksum if r.checksum_kind == "tool" else m.sha256
        modified = (
            r.checksum is not None
            and expected is not None
            and r.checksum != expected
            and not (r.checksum_kind == "tool" and r.checksum in m.extra.get("alt_checksums", ()))
        )
        note = r.note
        if modified:
            note = "checksum changed: the tool re-applies it" if m.repeatable else "file changed after it was applied"
        cells[m.id] = Cell(MODIFIED if modified else APPLIED, r.applied_at, r.applied_by, m.id in late, note)
    for key, r in rows.items():
        if key not in index:
            cells[key] = Cell(MISSING, r.applied_at, r.applied_by, note=r.note or (f"recorded as {r.name}" if r.name else ""))
    return cells


def _uses_log(project: Project, env: Environment) -> bool:
    if project.history_log is None:
        return False
    protected = [e for e in project.environments if e.protected]
    target = protected[-1] if protected else (project.environments[-1] if project.environments else None)
    return target is not None and target.name == env.name


def environment_status(project: Project, env: Environment, folder: MigrationFolder | None = None) -> EnvStatus:
    """The status of every migration of the project's folder in ``env`` (read-only; never raises
    for an unreachable environment: see ``problem``)."""
    from tui.migrations.history import read_history

    folder = folder or load_folder(project)
    table = folder.layout.history_table
    try:
        with connect(env.url, label=f"environment {env.name}", read_only=True) as conn:
            state = read_history(conn, folder)
    except DriftdeckError as err:
        return EnvStatus(env.name, table, reachable=False, problem=str(err), folder=folder)
    if not state.exists and _uses_log(project, env) and project.history_log.exists():
        from tui.migrations.applied_log import history_from_log

        state = history_from_log(project.history_log, folder)
    return EnvStatus(
        env.name, table, True, None, state.exists, state.source, compare(folder, state), folder
    )


def status_matrix(project: Project, envs=None, folder: MigrationFolder | None = None) -> StatusMatrix:
    """Status of the folder in ``envs`` (default: all the project's environments), in parallel."""
    folder = folder or load_folder(project)
    envs = list(project.environments if envs is None else envs)
    if not envs:
        return StatusMatrix(folder, ())
    with ThreadPoolExecutor(max_workers=min(8, len(envs))) as pool:
        results = list(pool.map(lambda e: environment_status(project, e, folder), envs))
    return StatusMatrix(folder, tuple(results))


def default_review_env(project: Project) -> Environment | None:
    """The environment ``review`` checks pending files against: the last protected one, else the last."""
    protected = [e for e in project.environments if e.protected]
    if protected:
        return protected[-1]
    return project.environments[-1] if project.environments else None


def pending_files(project: Project, env: Environment | None = None) -> list[Path]:
    """Files not yet applied in ``env`` (default: the last protected environment, else the last
    one; with no environments, every file), in apply order."""
    folder = load_folder(project)
    env = env or default_review_env(project)
    if env is None:
        return [m.path for m in folder.migrations]
    status = environment_status(project, env, folder)
    if not status.reachable:
        raise DriftdeckError(status.problem or f"environment {env.name} is unreachable.")
    return [m.path for m in status.pending]


def up_span(migration: Migration) -> tuple[int, int]:
    """Character offsets ``(start, end)`` in the file's text of the part that applies (down sections excluded)."""
    return migration.up_start, migration.up_end
