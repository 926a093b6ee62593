"""The Drift pane: what differs between SOURCE and TARGET, as a tree, with the SQL for each node."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.panes.base import Pane


class DriftPane(Pane):
    """What differs between environments, and the SQL that brings TARGET in line."""

    def compose(self) -> ComposeResult:
        yield Static("What differs between environments, and the SQL that brings them in line.", classes="pane-placeholder", markup=False)
