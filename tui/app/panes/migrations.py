"""The Migrations pane (placeholder; engineer "panes" fills it in)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.panes.base import Pane


class MigrationsPane(Pane):
    """Which migration is applied where: applied, pending, modified, missing."""

    def compose(self) -> ComposeResult:
        yield Static("Which migration is applied where: applied, pending, modified, missing.", classes="pane-placeholder", markup=False)
