"""A small modal list to pick SOURCE or TARGET (palette "Pick source" / "Pick target", keys `s` / `t`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class EnvPicker(ModalScreen[str | None]):
    """Choose one name; dismisses with it (or None on escape)."""

    DEFAULT_CSS = """
    EnvPicker { align: center middle; }
    EnvPicker > Vertical { width: 60; max-width: 90%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    EnvPicker OptionList { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, role: str, choices: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.role = role
        self.choices = choices  # (name, description)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Pick {self.role.upper()}" + (" (the desired schema)" if self.role == "source" else " (the database to bring in line)"))
            yield OptionList(*[Option(f"{name}  [dim]{desc}[/dim]", id=name) for name, desc in self.choices])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [n for n, _ in self.choices]
        if self.current in names:
            options.highlighted = names.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
