"""Asks why a review finding is acceptable here; the answer becomes the ignore comment's reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.review.model import Finding


class AcknowledgeScreen(ModalScreen[str | None]):
    """A reason for ``finding`` (Enter), or nothing (Escape)."""

    DEFAULT_CSS = """
    AcknowledgeScreen { align: center middle; }
    AcknowledgeScreen > Vertical {
        width: 80%; max-width: 90; height: auto; padding: 1 2;
        border: round $warning; background: $surface;
    }
    AcknowledgeScreen .ack-title { text-style: bold; }
    AcknowledgeScreen .ack-help { color: $text-muted; margin-bottom: 1; }
    AcknowledgeScreen .ack-error { color: $error; height: auto; }
    """
    AUTO_FOCUS = "#ack-reason"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, finding: Finding, file_name: str) -> None:
        super().__init__()
        self.finding = finding
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        f = self.finding
        with Vertical():
            yield Static(f"Acknowledge {f.rule} ({f.risk}) at line {f.line} of {self.file_name}", classes="ack-title", markup=False)
            yield Static(
                f"Writes `-- driftdeck:ignore {f.rule} -- <reason>` just before the statement. "
                "Say why it is safe here; reviewers read it.",
                classes="ack-help",
                markup=False,
            )
            yield Input(placeholder="why this is safe here (Enter to write it, Escape to cancel)", id="ack-reason")
            yield Static("", classes="ack-error", id="ack-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        reason = " ".join(event.value.split())
        if not reason:
            self.query_one("#ack-error", Static).update("A reason is required: it is what reviewers will read.")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
