"""Messages panes post to the shell (and the shell to panes): the console's internal contract.

A pane never reaches into another pane: it posts one of these and the shell routes it.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class OpenInReview(Message):
    """Show this migration file in the Review pane (posted by Drift after `n`, by Migrations, …)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)


class PairChosen(Message):
    """The user picked SOURCE and/or TARGET (posted by the environment list and the pickers)."""

    def __init__(self, source: str | None = None, target: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.target = target
