"""Filling a DataTable with each column as wide as its widest cell.

A Textual 8.2.8 DataTable left to measure its own columns keeps the lines of a frame drawn
before it measured (every column cut to its title) until something else redraws it: CI caught
the Migrations and Apply pictures so. Every table the console fills goes through here."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.cells import cell_len
from textual.widgets import DataTable


def cell_width(cell) -> int:
    """How many columns a cell's widest line takes (str or rich Text)."""
    return max(cell_len(line) for line in str(cell).split("\n"))


def fill_table(table: DataTable, columns: Sequence[str | tuple[str, str]],
               rows: Iterable[tuple[str | None, Sequence]]) -> DataTable:
    """Show ``columns`` (labels, or ``(label, key)``) and ``(key, cells)`` rows in place of what
    the table held; the cursor stays on its row number."""
    cursor = table.cursor_row
    table.clear(columns=True)
    rows = list(rows)
    for n, column in enumerate(columns):
        label, key = column if isinstance(column, tuple) else (column, None)
        table.add_column(label, key=key, width=max([cell_width(label), *(cell_width(cells[n]) for _, cells in rows)]))
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if table.row_count:
        table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
    return table
