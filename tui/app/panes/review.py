"""The Review pane (placeholder; engineer "panes" fills it in)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.panes.base import Pane


class ReviewPane(Pane):
    """Every risky statement of a migration, why it is risky, and the safe form."""

    def compose(self) -> ComposeResult:
        yield Static("Every risky statement of a migration, why it is risky, and the safe form.", classes="pane-placeholder", markup=False)

    def open(self, path) -> None:
        """Show the migration file at ``path`` (called by the shell on :class:`OpenInReview`)."""
        self.query_one(Static).update(f"Review of {path}")
