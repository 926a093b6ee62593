"""The driftdeck console: the app shell (header with project and environments, panes, footer).

The engine does the work; the console only shows it. Every database call runs in a thread
worker that posts a message back (DESIGN.md, rule 4). Panes that later issues fill in are
already here so the layout and key bindings stay stable.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Static, TabbedContent, TabPane

from tui.app.widgets.env_bar import EnvBar
from tui.pg.health import EnvStatus, check_envs
from tui.config import Project

PANES = (
    ("drift", "Drift", "What differs between environments, and the SQL that brings them in line."),
    ("review", "Review", "Every risky statement in the pending migrations, why, and the safe form."),
    ("migrations", "Migrations", "Which migration is applied where: applied, pending, modified, missing."),
    ("apply", "Apply", "The guided apply to a protected environment: plan, checklist, rehearsal, backup, apply."),
)


class EnvsChecked(Message):
    """Posted by the worker that probes the environments."""

    def __init__(self, statuses: list[EnvStatus]) -> None:
        super().__init__()
        self.statuses = statuses


class DriftdeckApp(App[int]):
    """The console for one project."""

    CSS_PATH = Path(__file__).parent / "driftdeck.tcss"
    TITLE = "driftdeck"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("r", "refresh_envs", "Refresh", id="refresh"),
        Binding("1", "show_pane('drift')", "Drift", show=False),
        Binding("2", "show_pane('review')", "Review", show=False),
        Binding("3", "show_pane('migrations')", "Migrations", show=False),
        Binding("4", "show_pane('apply')", "Apply", show=False),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    def compose(self) -> ComposeResult:
        yield Static(self._title_text(), id="title")
        yield EnvBar([e.name for e in self.project.environments], protected={e.name for e in self.project.environments if e.protected})
        with TabbedContent(id="panes"):
            for pane_id, label, blurb in PANES:
                with TabPane(label, id=pane_id):
                    yield Static(blurb, classes="pane-placeholder")
        yield Footer()

    def _title_text(self) -> str:
        where = "demo on the embedded server" if self.project.demo else str(self.project.root)
        return f"[b]driftdeck[/b]  {self.project.display_name}  [dim]{where}[/dim]"

    def on_mount(self) -> None:
        self.action_refresh_envs()

    def action_refresh_envs(self) -> None:
        self.query_one(EnvBar).mark_checking()
        self._check_envs()

    def action_show_pane(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane

    @work(thread=True, exclusive=True, exit_on_error=False, group="envs")
    def _check_envs(self) -> None:
        statuses = check_envs(self.project.environments)
        self.post_message(EnvsChecked(statuses))

    @on(EnvsChecked)
    def _show_envs(self, message: EnvsChecked) -> None:
        self.query_one(EnvBar).update_statuses(message.statuses)
