"""The error panel: one sentence about what failed (a worker, a lost connection) and a retry key.

Shown inside the pane that failed; `ctrl+r` (the shell's binding, see app.py), Enter on the
button or a click runs the retry and removes the panel. Nothing failing in the console ever reaches the user as a traceback.
"""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static


class ErrorPanel(Horizontal):
    """One sentence and a Retry button."""

    DEFAULT_CSS = """
    ErrorPanel { height: auto; border: round $error; padding: 0 1; margin: 0 0 1 0; }
    ErrorPanel > .error-text { width: 1fr; color: $error; padding: 1 0 0 0; }
    ErrorPanel > Button { min-width: 12; }
    """

    def __init__(self, sentence: str, retry: Callable[[], None] | None = None) -> None:
        super().__init__(classes="error-panel")
        self.sentence = sentence
        self._retry = retry

    def compose(self) -> ComposeResult:
        yield Static(self.sentence, classes="error-text", markup=False)
        if self._retry is not None:
            yield Button("Retry (ctrl+r)", variant="error", classes="retry")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_retry()

    def action_retry(self) -> None:
        retry = self._retry
        self.remove()
        if retry is not None:
            retry()
