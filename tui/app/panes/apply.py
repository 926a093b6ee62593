"""The Apply pane (placeholder; engineer "panes" fills it in)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.panes.base import Pane


class ApplyPane(Pane):
    """The guided apply to a protected environment (coming): what `driftdeck plan ENV` would do."""

    def compose(self) -> ComposeResult:
        yield Static("The guided apply to a protected environment (coming): what `driftdeck plan ENV` would do.", classes="pane-placeholder", markup=False)
