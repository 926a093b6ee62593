"""What the Migrations and Apply panes share: a table of migrations, one a row (row cursor, zebra
stripes, the pane's full height), filled in one call, whose row opens in Review with enter or `v`.

A subclass composes :meth:`MigrationTablePane.table` where the table goes, fills it with
:meth:`MigrationTablePane.fill`, and says which file the row under the cursor is
(:meth:`MigrationTablePane.path_at_cursor`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.cells import cell_len
from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from tui.app.messages import OpenInReview
from tui.app.panes.loading import LoadingPane


def _width(cell) -> int:
    """How many columns a cell's widest line takes (str or rich Text)."""
    return max(cell_len(line) for line in str(cell).split("\n"))


class MigrationTablePane(LoadingPane):
    """A loading pane around one table of migrations; enter or `v` opens the row in Review."""

    DEFAULT_CSS = """
    MigrationTablePane .migration-table { height: 1fr; border: none; }
    """
    BINDINGS = [Binding("v", "open_in_review", "Review it", id="review-row")]

    def table(self, table_id: str) -> DataTable:
        """The pane's table, to yield in ``compose``."""
        return DataTable(id=table_id, classes="migration-table", cursor_type="row", zebra_stripes=True)

    def fill(self, columns: Iterable[tuple[str, str]], rows: Iterable[tuple[str, list]]) -> DataTable:
        """Show ``(label, key)`` columns and ``(key, cells)`` rows in place of what was there (the
        cursor stays on its row number), and give the table the keys once the pane is shown.

        Each column is given the width of its widest cell here: a DataTable left to measure its
        columns itself keeps the lines of a frame drawn before it measured (narrow, cut) until
        something else redraws it (Textual 8.2.8)."""
        table = self.query_one(".migration-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        columns, rows = list(columns), list(rows)
        for n, (label, key) in enumerate(columns):
            table.add_column(label, key=key, width=max([_width(label), *(_width(cells[n]) for _, cells in rows)]))
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.take_focus(table)
        return table

    def path_at_cursor(self) -> Path | None:
        """The file of the migration under the cursor (None: no row, or no file)."""
        return None

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_in_review()

    def action_open_in_review(self) -> None:
        path = self.path_at_cursor()
        if path is None:
            self.notify("This migration has no file to review.", severity="warning")
            return
        self.post_message(OpenInReview(path))
