"""What the Migrations and Apply panes share: a table of migrations, one a row (row cursor, zebra
stripes, the pane's full height), filled in one call, whose row opens in Review with enter or `v`.

A subclass composes :meth:`MigrationTablePane.table` where the table goes, fills it with
:meth:`MigrationTablePane.fill`, and says which file the row under the cursor is
(:meth:`MigrationTablePane.path_at_cursor`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from tui.app.messages import OpenInReview
from tui.app.panes.loading import LoadingPane
from tui.app.widgets.sized_table import fill_table


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
        cursor stays on its row number, each column as wide as its widest cell), and give the
        table the keys once the pane is shown."""
        table = fill_table(self.query_one(".migration-table", DataTable), list(columns), rows)
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
