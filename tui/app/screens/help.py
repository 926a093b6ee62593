"""The `?` screen: every key of the console — the app's own, the environment list's and each
pane's — read from their ``BINDINGS`` so it never goes stale."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GENERAL = (
    ("ctrl+p", "Command palette: every action by name"),
    ("tab / shift+tab", "Move between the lists and views of a pane"),
    ("enter", "Open or pick the row under the cursor"),
    ("escape", "Close a dialog or this screen"),
)


def _bindings(cls) -> list[Binding]:
    """The keys of ``cls`` and of its driftdeck base classes (a shared pane base's), bases first."""
    out = []
    for c in reversed(cls.__mro__):
        if c.__module__.startswith("tui."):
            out += [b if isinstance(b, Binding) else Binding(*b) for b in vars(c).get("BINDINGS", ())]
    return out


def key_sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """``(section title, [(key, what it does)])`` for the app, the environment list and each pane."""
    from tui.app.app import PANES, pane_class

    def rows(cls):
        merged: dict[tuple[str, str], list[str]] = {}
        for b in _bindings(cls):
            keys = merged.setdefault((b.action, b.description or b.action.replace("_", " ")), [])
            keys += [app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(",")]
        return [(", ".join(keys), what) for (_, what), keys in merged.items()]

    sections = [("Everywhere", rows(type(app)) + list(GENERAL))]
    from tui.app.widgets.env_list import EnvCard

    sections.append(("Environments", rows(EnvCard)))
    for pane_id, *_ in PANES:  # every pane, shown yet or not
        cls = pane_class(pane_id)
        title = cls.__name__.removesuffix("Pane")
        pane_rows = rows(cls)
        sections.append((title, pane_rows or [("", "no keys of its own")]))
    return sections


class HelpScreen(ModalScreen[None]):
    """All keys, by where they work."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%; padding: 0 1;
        border: round $primary; background: $surface;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._table(), id="help-keys")

    def on_mount(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.border_title = "Keys (escape closes)"
        scroll.focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        lines = []
        for title, rows in key_sections(self.app):
            table.add_row(Text(title, style="bold underline"), "")
            lines.append(title)
            for key, what in rows:
                table.add_row(key, what)
                lines.append(f"  {key}  {what}")
            table.add_row("", "")
        self.text = "\n".join(lines)  # what is shown, as plain text
        return table

    def action_close(self) -> None:
        self.dismiss(None)
