"""A confirmation before something that changes an environment (restore, roll back, quit during an apply).

``ConfirmScreen(question, env=None, verb=...)`` dismisses with True or False. When ``env`` is a
protected environment the person types its name (the engine's rule,
:func:`tui.apply.guided.typed_refusal`); otherwise Yes / No (y / n).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class ConfirmScreen(ModalScreen[bool]):
    """Yes/No, or the environment's name typed for a protected one."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 72; max-width: 95%; height: auto; border: round $warning;
                               background: $surface; padding: 0 1; }
    ConfirmScreen .confirm-why { color: $error; height: auto; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "answer(False)", "No")]

    def __init__(self, question: str, env=None, verb: str = "change") -> None:
        super().__init__()
        self.question, self.env, self.verb = question, env, verb
        self.typed = bool(env is not None and env.protected)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            if self.typed:
                yield Input(placeholder=f"type {self.env.name}", id="confirm-name")
            yield Static("", classes="confirm-why", id="confirm-why", markup=False)
            with Horizontal():
                yield Button("No", id="confirm-no")
                yield Button("Yes" if not self.typed else f"{self.verb.capitalize()} {self.env.name}",
                             variant="warning", id="confirm-yes")

    def on_mount(self) -> None:
        (self.query_one(Input) if self.typed else self.query_one("#confirm-no", Button)).focus()

    def on_key(self, event) -> None:
        if not self.typed and event.key in ("y", "n"):
            event.stop()
            self.dismiss(event.key == "y")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._yes()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm-yes":
            self._yes()
        else:
            self.dismiss(False)

    def _yes(self) -> None:
        if self.typed:
            from tui.apply.guided import typed_refusal

            why = typed_refusal(self.env, self.query_one(Input).value, self.verb)
            if why:
                self.query_one("#confirm-why", Static).update(why)
                return
        self.dismiss(True)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
