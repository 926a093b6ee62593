"""The Migrations pane: every migration as a row, a column per environment (applied when and
by whom, pending, modified after apply, missing file, failed, out of order), its review badge.

The matrix comes from :func:`tui.migrations.status.status_matrix` (histories read in
parallel, read-only) and the badges from the review engine, both in one thread worker
(DESIGN.md rule 4). Enter or `v` opens the migration under the cursor in Review (the table:
``migration_table.py``); an
environment that cannot be read is one sentence in the error panel with a retry key.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tui.app.panes.loading import WorkFailed
from tui.app.panes.migration_table import MigrationTablePane
from tui.errors import DriftdeckError
from tui.migrations.model import APPLIED, FAILED, MISSING, MODIFIED, PENDING
from tui.review.model import BLOCKED, REVIEW, SAFE_TO_DEPLOY

if TYPE_CHECKING:  # status loads psycopg: only the worker imports it, after the first paint
    from tui.migrations.status import Cell, StatusMatrix

CELL_STYLE = {APPLIED: "green", PENDING: "yellow", MODIFIED: "bold red", MISSING: "bold magenta", FAILED: "bold red"}
NARROW_NAME = 26  # names are shortened to this, and cells drop the year, when the full table does not fit
BADGE = {SAFE_TO_DEPLOY: ("safe", "green"), REVIEW: ("review", "yellow"), BLOCKED: ("blocked", "bold red")}


class MatrixLoaded(Message):
    def __init__(self, matrix: StatusMatrix, verdicts: dict[str, str]) -> None:
        super().__init__()
        self.matrix, self.verdicts = matrix, verdicts


def cell_text(cell: Cell | None, wide: bool = True) -> Text:
    """One migration in one environment: ``✓ 2025-01-10 alice`` (narrow: ``✓ 01-10 alice``),
    ``pending``, ``✓ modified``, ``✓ no file``, ``✗ failed``, ``↯ out of order``."""
    if cell is None:
        return Text("")
    label = {APPLIED: "✓", MODIFIED: "✓ modified", MISSING: "✓ no file", FAILED: "✗ failed"}.get(cell.state, cell.state)
    if cell.is_applied and cell.applied_at:
        label += f" {cell.applied_at:%Y-%m-%d}" if wide else f" {cell.applied_at:%m-%d}"
    if cell.is_applied and cell.applied_by:
        label += f" {cell.applied_by}"
    text = Text(label, style=CELL_STYLE.get(cell.state, ""))
    if cell.out_of_order:
        text.append(" ↯ out of order", style="bold yellow")
    return text


def cell_detail(env: str, cell: Cell | None) -> str:
    """The full sentence for the row detail line."""
    if cell is None:
        return f"{env}: not read"
    words = {APPLIED: "applied", PENDING: "pending", MODIFIED: "applied, file changed since",
             MISSING: "applied, file missing", FAILED: "failed"}.get(cell.state, cell.state)
    if cell.applied_at:
        words += f" {cell.applied_at:%Y-%m-%d %H:%M}"
    if cell.applied_by:
        words += f" by {cell.applied_by}"
    if cell.out_of_order:
        words += ", out of order"
    if cell.note:
        words += f" ({cell.note})"
    return f"{env}: {words}"


class MigrationsPane(MigrationTablePane):
    """Which migration is applied where: applied, pending, modified, missing."""

    DEFAULT_CSS = """
    MigrationsPane #migrations-summary { height: auto; padding: 0 1; color: $text-muted; }
    MigrationsPane #migrations-detail { height: auto; min-height: 1; padding: 0 1; border-top: solid $panel-lighten-2; }
    """
    WORK_GROUPS = ("migrations",)
    FAILED = "Reading the migrations failed"
    FOCUS = "#migrations-table"

    def __init__(self, project, **kwargs) -> None:
        super().__init__(project, **kwargs)
        self.matrix: StatusMatrix | None = None
        self.verdicts: dict[str, str] = {}
        self._wide = True

    def compose(self) -> ComposeResult:
        yield Static("Reading every environment's history…", id="migrations-summary", markup=False)
        yield self.table("migrations-table")
        yield Static("", id="migrations-detail", markup=False)

    # ------------------------------------------------------------ loading

    def pair_changed(self, source: str | None, target: str | None) -> None:
        """Every environment is a column: the pair changes nothing here."""

    def failed(self) -> None:
        self.query_one("#migrations-summary", Static).update("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="migrations")
    def load(self) -> None:
        """Every environment's history (in parallel, read-only) and every file's review verdict."""
        from tui.migrations.layouts import load_folder
        from tui.migrations.status import status_matrix
        from tui.review import options_for, review_files

        worker = get_current_worker()
        try:
            folder = load_folder(self.project)
            matrix = status_matrix(self.project, None, folder)
            report = review_files([m.path for m in folder.migrations], options_for(self.project))
        except DriftdeckError as err:
            if not worker.is_cancelled:
                self.post_message(WorkFailed(str(err)))
            return
        verdicts = {str(Path(f.path).resolve()): f.verdict for f in report.files}
        if not worker.is_cancelled:
            self.post_message(MatrixLoaded(matrix, verdicts))

    # ------------------------------------------------------------ showing

    @on(MatrixLoaded)
    def _show(self, message: MatrixLoaded) -> None:
        matrix = self.matrix = message.matrix
        self.verdicts = message.verdicts
        by = matrix.folder.by_id()
        wide = self._wide = self._fits_wide(len(matrix.envs))

        def row(key: str) -> tuple[str, list]:
            m = by.get(key)
            name = Text(m.name or m.label) if m else Text(f"{key} (no file)", style="magenta")
            if not wide:
                name.truncate(NARROW_NAME, overflow="ellipsis")
            return key, [name, *[cell_text(e.cells.get(key), wide) for e in matrix.envs], self._badge(m)]

        self.fill(
            [("migration", "migration"),
             *[(e.env if e.reachable else f"{e.env} (not read)", f"env:{e.env}") for e in matrix.envs],
             ("review", "review")],
            [row(key) for key in matrix.row_ids()],
        )
        self._show_summary(matrix)
        problems = [e.problem or f"{e.env} cannot be read." for e in matrix.envs if not e.reachable]
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.show_error(problems[0] + more, self.reload)
        else:
            self.clear_error()
        self._show_detail()

    def _badge(self, migration) -> Text:
        if migration is None:
            return Text("")
        label, style = BADGE.get(self.verdicts.get(str(migration.path.resolve()), ""), ("?", "dim"))
        return Text(label, style=style)

    def _show_summary(self, matrix: StatusMatrix) -> None:
        layout = matrix.folder.layout
        folder = layout.folder
        try:
            folder = folder.relative_to(self.project.root)
        except ValueError:
            pass
        parts = [f"{len(matrix.folder)} migrations in {folder} ({layout.name})"]
        parts += [e.summary() for e in matrix.envs if e.reachable]
        lines = [" · ".join(parts)] + [f"warning: {w}" for w in matrix.folder.warnings]
        self.query_one("#migrations-summary", Static).update("\n".join(lines))

    def _fits_wide(self, n_envs: int) -> bool:
        """Whether full names (up to ~40) and ``✓ 2025-01-10 someone`` cells fit across."""
        return self.size.width >= 40 + 20 * n_envs + 10

    def on_resize(self) -> None:
        if self.matrix is not None and self._fits_wide(len(self.matrix.envs)) != self._wide:
            self._show(MatrixLoaded(self.matrix, self.verdicts))

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        key = self.current_id
        if key is None or self.matrix is None:
            self.query_one("#migrations-detail", Static).update("")
            return
        m = self.matrix.folder.by_id().get(key)
        head = m.label if m else f"{key}: applied somewhere, but no file has this id"
        cells = " · ".join(cell_detail(e.env, e.cells.get(key)) for e in self.matrix.envs)
        self.query_one("#migrations-detail", Static).update(f"{head}\n{cells}")

    @property
    def current_id(self) -> str | None:
        """The migration id under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def path_at_cursor(self) -> Path | None:
        key = self.current_id
        m = self.matrix.folder.by_id().get(key) if (self.matrix and key) else None
        return m.path if m else None
