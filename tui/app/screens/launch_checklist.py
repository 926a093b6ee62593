"""The pre-launch checklist screen (palette: "Launch checklist"): the timeline from week −4 to launch day.

Shows the state saved in ``.driftdeck/launch.json`` at once, then checks the machine items
again in a thread worker (:func:`tui.apply.launch.check`). space ticks or unticks the item a
person confirms (saved at once, with who and when); r checks again; d sets the schema freeze
date; escape closes. The items and their rules are :mod:`tui.apply.launch`'s.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from tui.app.widgets.sized_table import fill_table
from tui.apply import launch
from tui.errors import DriftdeckError

COLUMNS = ("", "when", "item")
MARK = {launch.PASS: ("✓", "green"), launch.CONFIRMED: ("✓", "green"), launch.FAIL: ("✗", "bold red"),
        launch.PENDING: ("☐", "bold yellow")}


class LaunchChecked(Message):
    def __init__(self, state=None, error: str | None = None) -> None:
        super().__init__()
        self.state, self.error = state, error


class LaunchChecklistScreen(Screen):
    """Every launch item with its state; the evidence or who ticked it below."""

    DEFAULT_CSS = """
    LaunchChecklistScreen #launch-title { height: 1; padding: 0 1; background: $primary-background; }
    LaunchChecklistScreen #launch-status { height: auto; padding: 0 1; }
    LaunchChecklistScreen DataTable { height: 1fr; }
    LaunchChecklistScreen #launch-detail { height: auto; min-height: 3; max-height: 6; padding: 0 1; background: $boost; }
    """
    BINDINGS = [
        Binding("space", "tick", "Tick/untick", id="launch-tick"),
        Binding("r", "recheck", "Check again", id="launch-recheck"),
        Binding("d", "freeze_date", "Freeze date", id="launch-freeze"),
        Binding("escape", "close", "Close", id="launch-close"),
    ]

    def __init__(self, project) -> None:
        super().__init__()
        self.project = project
        self.state: launch.LaunchState | None = None
        self.checking = False

    def compose(self) -> ComposeResult:
        yield Static("[b]Launch checklist[/b] · week −4 to launch day · saved in .driftdeck/launch.json",
                     id="launch-title")
        yield Static("", id="launch-status")
        yield DataTable(id="launch-table", cursor_type="row")
        yield Static("", id="launch-detail")
        yield Footer()

    def on_mount(self) -> None:
        fill_table(self.query_one(DataTable), COLUMNS, [])
        try:
            self._show(launch.load(self.project))
        except DriftdeckError as err:
            self.query_one("#launch-status", Static).update(Text(str(err), style="bold red"))
        self.action_recheck()
        self.query_one(DataTable).focus()

    # ------------------------------------------------------------ showing

    def _show(self, state: launch.LaunchState) -> None:
        self.state = state
        rows = []
        for item in state.items:
            mark, style = MARK.get(item.state, ("?", ""))
            rows.append((item.id, (Text(mark, style=style), Text(item.week, style="dim"), Text(item.title))))
        fill_table(self.query_one(DataTable), COLUMNS, rows)
        self._status()
        self._detail()

    def _status(self) -> None:
        state = self.state
        if state is None:
            return
        freeze = state.freeze_date.isoformat() if state.freeze_date else "not set (d)"
        held = len(state.items) - len(state.open_items)
        text = Text(f"{held} of {len(state.items)} items hold · freeze date {freeze}")
        if self.checking:
            text.append(" · checking…", style="yellow")
        elif state.ready:
            text.append(" · ready for launch", style="bold green")
        self.query_one("#launch-status", Static).update(text)

    @on(DataTable.RowHighlighted)
    def _detail(self, event=None) -> None:
        item = self._current()
        if item is None:
            return
        text = Text.assemble((item.title, "bold"), f" · {item.week} · {item.state}\n", item.note())
        if item.kind == launch.MANUAL:
            text.append("\nspace: " + ("untick" if item.state == launch.CONFIRMED else "tick it (recorded with your name)"),
                        style="bold")
        self.query_one("#launch-detail", Static).update(text)

    def _current(self) -> launch.LaunchItem | None:
        table = self.query_one(DataTable)
        if self.state is None or not table.row_count:
            return None
        return self.state.items[min(table.cursor_row, len(self.state.items) - 1)]

    # ------------------------------------------------------------ actions

    def action_tick(self) -> None:
        item = self._current()
        if item is None or item.kind != launch.MANUAL:
            if item is not None:
                self.notify("driftdeck checks this item itself (r checks again).")
            return
        from tui.apply.audit import who, who_label

        try:
            state = launch.tick(self.project, item.id, who_label(who(self.project.root)),
                                done=item.state != launch.CONFIRMED)
        except DriftdeckError as err:
            self.notify(str(err), severity="error")
            return
        self._show(state)

    def action_freeze_date(self) -> None:
        from tui.app.widgets.prompt import Prompt

        current = self.state.freeze_date.isoformat() if self.state and self.state.freeze_date else ""

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                launch.set_freeze_date(self.project, launch.parse_date(text))
            except DriftdeckError as err:
                self.notify(str(err), severity="error")
                return
            self.action_recheck()

        self.app.push_screen(Prompt("Schema freeze date (YYYY-MM-DD): no migration may be added after it.", current),
                             answered)

    def action_recheck(self) -> None:
        self.checking = True
        self._status()
        self._check()

    def action_close(self) -> None:
        self.workers.cancel_group(self, "launch")
        self.dismiss(None)

    def stop_work(self) -> None:
        self.workers.cancel_group(self, "launch")

    @work(thread=True, exclusive=True, exit_on_error=False, group="launch")
    def _check(self) -> None:
        worker = get_current_worker()
        try:
            state = launch.check(self.project, cancel=worker_cancel(worker))
        except DriftdeckError as err:
            if not worker.is_cancelled:
                self.post_message(LaunchChecked(error=str(err)))
            return
        if not worker.is_cancelled:
            self.post_message(LaunchChecked(state))

    @on(LaunchChecked)
    def _checked(self, message: LaunchChecked) -> None:
        self.checking = False
        if message.error:
            self.notify(message.error, severity="error")
            self._status()
            return
        # ticks made while the checks ran are in the file: show the file's state
        self._show(launch.load(self.project))


class worker_cancel:  # noqa: N801 - a tiny adapter, named for what it is used as
    """The ``cancel`` the engine takes (anything with ``cancelled``), from a Textual worker."""

    def __init__(self, worker) -> None:
        self.worker = worker

    @property
    def cancelled(self) -> bool:
        return self.worker.is_cancelled
