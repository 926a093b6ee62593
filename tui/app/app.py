"""The driftdeck console shell: title with ``SOURCE → TARGET``, the environments, one tab per pane, footer.

The shell only hosts; the panes do the work. The contract between them:

- **Panes** live in ``tui/app/panes/`` (one file each): ``DriftPane``, ``ReviewPane``,
  ``MigrationsPane``, ``ApplyPane``, all :class:`tui.app.panes.base.Pane` subclasses built as
  ``XPane(project)``. Each composes its own content and keeps its own keys in ``BINDINGS``
  (the footer shows them while the pane has focus). Only the first pane (Drift) is built
  before the first paint; the others are imported and mounted when first shown or asked for
  (``app.pane(id)``), so a pane must not assume it exists from the start.
- **Selection**: the app's reactives ``source`` and ``target`` (environment names; SOURCE
  may also be ``"migrations"``, the folder replayed). When either changes the shell calls
  ``pane.pair_changed(source, target)`` on every pane built (a pane built later is told at once). Panes change the selection by posting
  :class:`tui.app.messages.PairChosen`, never by setting another pane's state.
- **Refresh** (`r`, palette "Refresh") calls ``reload()`` on the pane shown.
- **Opening a migration in Review**: post :class:`tui.app.messages.OpenInReview` (path); the
  shell switches to Review and calls ``ReviewPane.open(path)``.
- **Errors**: a failed worker or lost connection → ``pane.show_error(sentence, retry)``; the
  shell's `ctrl+r` runs the retry of the error panel shown.
- **Quitting** (`q`, ctrl+c, SIGTERM, SIGHUP): ``pane.stop_work()`` cancels running queries,
  then the app exits; the embedded servers this process started stop at exit (run.py).

Every database call runs in a thread worker that posts a message back (DESIGN.md, rule 4).
Palette commands are in ``palette.py``; the environment list in ``widgets/env_list.py``.
"""

from __future__ import annotations

import signal
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.reactive import reactive
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from tui.app.messages import OpenInReview, PairChosen
from tui.app.panes.base import Pane
from tui.app.widgets.env_list import EnvList, EnvsChecked
from tui.app.widgets.friday_entry import FridayEntry
from tui.app.widgets.pane_tabs import PaneTabs
from tui.config import Project

MIGRATIONS = "migrations"  # SOURCE: the migration folder replayed into a scratch database

# the app's actions that act on the home screen's panes and selection
HOME_ACTIONS = ("refresh", "pick", "show_environments", "show_pane", "friday_sync", "retry")

# (tab id, label, module, class); the first is shown at start, the others are built when first shown
PANES = (("drift", "Drift", "tui.app.panes.drift", "DriftPane"),
         ("review", "Review", "tui.app.panes.review", "ReviewPane"),
         ("migrations", "Migrations", "tui.app.panes.migrations", "MigrationsPane"),
         ("apply", "Apply", "tui.app.panes.apply", "ApplyPane"))


def pane_class(pane_id: str) -> type[Pane]:
    """The pane class of a tab, imported on first use (only the first pane's before the first paint)."""
    from importlib import import_module

    _, _, module, name = next(spec for spec in PANES if spec[0] == pane_id)
    return getattr(import_module(module), name)


def _palette():
    """The palette's driftdeck commands, imported when the palette first opens (not before the first paint)."""
    from tui.app.palette import DriftdeckCommands

    return DriftdeckCommands


def default_pair(project: Project) -> tuple[str | None, str | None]:
    """The first and the last environment in promotion order (dev → prod on the demo)."""
    names = project.env_names()
    if len(names) >= 2:
        return names[0], names[-1]
    if len(names) == 1:
        return MIGRATIONS, names[0]
    return None, None


class DriftdeckApp(App[int]):
    """The console for one project."""

    CSS_PATH = Path(__file__).parent / "driftdeck.tcss"
    TITLE = "driftdeck"
    COMMANDS = App.COMMANDS | {_palette}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = None  # each pane focuses its main widget when shown (on_show); a selector here would pull the tab back
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="interrupt"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("s", "pick('source')", "Source", id="pick-source"),
        Binding("t", "pick('target')", "Target", id="pick-target"),
        Binding("question_mark", "help", "Keys", id="help"),
        Binding("ctrl+r", "retry", "Retry", show=False, id="retry"),
        Binding("e", "show_environments", "Envs", show=False, id="show-envs"),
        Binding("f", "friday_sync", "Friday sync", show=False, id="friday-sync"),
        Binding("1", "show_pane('drift')", "Drift", show=False),
        Binding("2", "show_pane('review')", "Review", show=False),
        Binding("3", "show_pane('migrations')", "Migrations", show=False),
        Binding("4", "show_pane('apply')", "Apply", show=False),
    ]

    source: reactive[str | None] = reactive(None, init=False)
    target: reactive[str | None] = reactive(None, init=False)

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static(self._title_text(), id="title")
            yield Static(self._where_text(), id="title-where")
            yield FridayEntry(self.project, id="friday-entry")
        with Container(id="body"):
            yield EnvList(self.project)
            with PaneTabs(id="panes"):
                first = True
                for pane_id, label, _, _ in PANES:
                    with TabPane(label, id=pane_id):
                        if first:  # the others are mounted when first shown (self.pane): a quicker first paint
                            yield pane_class(pane_id)(self.project, id=f"{pane_id}-pane")
                    first = False
        yield Footer()

    def _title_text(self) -> str:
        pair = f"  [b]{self.source or '?'} → {self.target or '?'}[/b]" if (self.source or self.target) else ""
        return f"[b]driftdeck[/b]  {self.project.display_name}{pair}"

    def _where_text(self) -> str:
        """Where the project is (hidden at 80 columns, where the Friday sync entry needs the room)."""
        return "demo on the embedded server" if self.project.demo else str(self.project.root)

    def on_mount(self) -> None:
        self._install_signal_handlers()
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        """After the first paint: pick the default pair (the Drift pane starts reading) and check
        the environments, so no worker thread competes with drawing the first screen."""
        source, target = default_pair(self.project)
        self.source, self.target = source, target
        if source is None and target is None:
            self._pair_changed()
        self.action_refresh_envs()

    def panes(self) -> list[Pane]:
        """The panes built so far (a pane not yet shown is built by :meth:`pane`)."""
        return list(self.query(Pane))

    def pane(self, pane_id: str) -> Pane:
        """The pane of a tab, built now if it has not been shown yet (it is told the current pair;
        it reads its data when shown)."""
        built = self.query(f"#{pane_id}-pane")
        if built:
            return built.first(Pane)
        pane = pane_class(pane_id)(self.project, id=f"{pane_id}-pane")
        self.query_one(f"#{pane_id}", TabPane).mount(pane)
        pane.pair_changed(self.source, self.target)
        return pane

    def current_pane(self) -> Pane:
        return self.pane(self.query_one(TabbedContent).active or "drift")

    # ------------------------------------------------------------ selection

    def watch_source(self) -> None:
        self._pair_changed()

    def watch_target(self) -> None:
        self._pair_changed()

    def _pair_changed(self) -> None:
        self.query_one("#title", Static).update(self._title_text())
        self.query_one(EnvList).show_pair(self.source, self.target)
        for pane in self.panes():
            pane.pair_changed(self.source, self.target)

    @on(PairChosen)
    def _pair_chosen(self, message: PairChosen) -> None:
        source = message.source if message.source is not None else self.source
        target = message.target if message.target is not None else self.target
        if source == target:  # picking TARGET = current SOURCE swaps them, as people expect
            if message.target is not None:
                source = self.target if self.target != target else None
            else:
                target = self.source if self.source != source else None
        if target == MIGRATIONS:
            self.notify("migrations can only be SOURCE (the folder replayed); pick an environment as TARGET.", severity="warning")
            return
        if (source, target) != (self.source, self.target):
            self.set_reactive(DriftdeckApp.source, source)
            self.set_reactive(DriftdeckApp.target, target)
            self._pair_changed()

    def pair_choices(self, role: str) -> list[tuple[str, str]]:
        out = [(e.name, e.description or ("protected" if e.protected else "")) for e in self.project.environments]
        if role == "source":
            out.append((MIGRATIONS, "the migration folder, replayed into a scratch database"))
        return out

    def action_pick(self, role: str) -> None:
        from tui.app.widgets.env_picker import EnvPicker

        def chosen(name: str | None) -> None:
            if name:
                self.post_message(PairChosen(**{role: name}))

        current = self.source if role == "source" else self.target
        self.push_screen(EnvPicker(role, self.pair_choices(role), current), chosen)

    # ------------------------------------------------------------ actions

    def action_show_pane(self, pane: str) -> None:
        self.pane(pane)  # built before its tab is shown
        tabs = self.query_one(TabbedContent)
        if tabs.active != pane:
            self.set_focus(None)  # else focus left in the pane being hidden moves to its neighbour and switches back
        tabs.active = pane

    def action_show_environments(self) -> None:
        self.query_one(EnvList).focus_list()

    def action_refresh(self) -> None:
        self.action_refresh_envs()
        self.current_pane().reload()

    def action_refresh_envs(self) -> None:
        self.query_one(EnvList).mark_checking()
        self._check_envs()

    def action_toggle_live(self) -> None:
        self.action_show_pane("drift")
        self.pane("drift").action_toggle_live()  # type: ignore[attr-defined]

    def action_new_from_selection(self) -> None:
        self.action_show_pane("drift")
        self.pane("drift").action_new_migration()  # type: ignore[attr-defined]

    def action_retry(self) -> None:
        from tui.app.widgets.error_panel import ErrorPanel

        panels = [p for p in self.query(ErrorPanel) if p.display and p.is_on_screen]
        if panels:
            panels[0].action_retry()

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_apply_wizard(self) -> None:
        """The guided apply of the pending migrations to TARGET (screens/apply_wizard.py)."""
        from tui.app.screens.apply_wizard import ApplyWizard

        if not self.target or self.target == MIGRATIONS:
            self.notify("Pick a TARGET environment first (t).", severity="warning")
            return
        self.push_screen(ApplyWizard(self.project, self.target), lambda _: self.action_refresh())

    def action_launch_checklist(self) -> None:
        """The pre-launch checklist (screens/launch_checklist.py)."""
        from tui.app.screens.launch_checklist import LaunchChecklistScreen

        self.push_screen(LaunchChecklistScreen(self.project))

    def action_friday_sync(self) -> None:
        """The guided Friday path, resumed where it was left (screens/friday_sync.py)."""
        from tui.app.screens.friday_sync import FridaySyncScreen

        if isinstance(self.screen, FridaySyncScreen):
            return
        self.push_screen(FridaySyncScreen(self.project), lambda _: self.query_one(FridayEntry).refresh_state())

    def check_action(self, action: str, parameters) -> bool | None:
        """The home screen's keys (panes, SOURCE/TARGET, refresh, Friday sync) do nothing, and leave the
        footer, while another screen is shown (the wizard, the Friday sync, a dialog)."""
        if action in HOME_ACTIONS:
            return self.screen is self.screen_stack[0]
        return True

    async def action_quit(self) -> None:
        """Quit, unless the screen shown asks first (the apply wizard while a step runs)."""
        ask = getattr(self.screen, "confirm_quit", None)
        if ask is not None and ask(self.quit_now):
            return
        await self.quit_now()

    async def quit_now(self) -> None:
        """Stop running queries, then leave; the embedded servers stop at exit (see run.py)."""
        for screen in self.screen_stack:
            stop = getattr(screen, "stop_work", None)
            if stop is not None:
                stop()
        for pane in self.panes():
            pane.stop_work()
        self.workers.cancel_all()
        self.exit(0)

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) quit exactly like `q` does."""
        import asyncio

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, lambda: self.call_later(self.quit_now))
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal
                pass

    # ------------------------------------------------------------ messages

    @on(OpenInReview)
    def _open_in_review(self, message: OpenInReview) -> None:
        self.action_show_pane("review")
        self.pane("review").open(message.path)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="envs")
    def _check_envs(self) -> None:
        from textual.worker import get_current_worker

        from tui.workflows.envs import overview

        worker = get_current_worker()
        infos = overview(self.project, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(EnvsChecked(infos))

    @on(Worker.StateChanged)
    def _envs_failed(self, event: Worker.StateChanged) -> None:
        """A bug in the environment check: one sentence, and `r` checks again (never a traceback)."""
        if event.state is WorkerState.ERROR and event.worker.group == "envs":
            err = event.worker.error
            self.notify(f"The environments could not be checked ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}); press r to try again.",
                        severity="error", timeout=10)

    @on(EnvsChecked)
    def _show_envs(self, message: EnvsChecked) -> None:
        self.query_one(EnvList).update_statuses(message)
