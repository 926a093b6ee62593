"""The apply wizard: Plan → Checklist → Rehearsal → Backup → Apply → Smoke checks → Done, one page per step.

It drives :class:`tui.apply.pipeline.ApplyRun`'s step methods one at a time, each in a thread
worker; the engine's events come back as :class:`EngineEvent` messages, the result as
:class:`StepDone` or :class:`StepFailed`. Cancel calls the run's
:class:`~tui.apply.events.CancelToken` (the runner cancels the running query on the server and
rolls its migration back). The rules — step order, typed confirmation, outcome, what a failure
offers — are :mod:`tui.apply.guided`'s; this screen only shows and asks. How results land on the pages
is apply_wizard_results.py; what it asks a person, apply_wizard_asks.py; the pages' rows, apply_wizard_pages.py.

Keys: n / the Next button moves on once the step allows it (the reason shows while it does
not); space ticks a manual checklist item (a HIGH finding asks for a reason); r checks a
machine item again; escape cancels the running step, or closes; after a failure b rolls back
what this run applied and o restores the backup it took, each after its own confirmation.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, DataTable, Footer, Input, Log, ProgressBar, Static
from textual.worker import NoActiveWorker, get_current_worker

from tui.app.screens import apply_wizard_pages as pages
from tui.app.screens.apply_wizard_asks import WizardQuestions
from tui.app.screens.apply_wizard_results import EngineEvent, StepDone, StepFailed, WizardResults
from tui.app.widgets.sized_table import fill_table
from tui.app.widgets.stepper import DONE, Stepper
from tui.apply import guided
from tui.apply.cancel import StepCancelled
from tui.apply.events import StatementStarted
from tui.apply.pipeline import ApplyRun


class ApplyWizard(WizardResults, WizardQuestions, Screen):
    """The guided apply of the project's pending migrations to ``env`` (an environment name)."""

    DEFAULT_CSS = """
    ApplyWizard #wiz-title { height: 1; padding: 0 1; background: $primary-background; }
    ApplyWizard #wiz-body { height: 1fr; }
    ApplyWizard #wiz-body > Vertical, ApplyWizard #wiz-body > VerticalScroll { height: 1fr; }
    ApplyWizard .page-head { height: auto; max-height: 5; padding: 0 1; }
    ApplyWizard DataTable { height: 1fr; }
    ApplyWizard Log { height: 1fr; border: round $panel-lighten-2; }
    ApplyWizard #check-table { overflow-x: hidden; }
    ApplyWizard #check-detail, ApplyWizard #smoke-detail { height: auto; max-height: 4; padding: 0 1; background: $boost; }
    ApplyWizard #backup-bar { height: 1; margin: 1 1; }
    ApplyWizard #apply-name { width: 40; margin: 0 1; }
    ApplyWizard #done-summary { height: auto; padding: 0 1; }
    ApplyWizard #wiz-error { height: auto; max-height: 8; padding: 0 1; border: round $error; color: $error; display: none; }
    ApplyWizard #wiz-bar { height: 3; }
    ApplyWizard #wiz-reason { width: 1fr; height: 3; padding: 0 1; content-align: left middle; color: $text-muted; }
    ApplyWizard #wiz-bar Button { margin-left: 1; }
    ApplyWizard #wiz-next { width: auto; min-width: 16; }
    """
    BINDINGS = [
        Binding("n", "next", "Next", id="wizard-next"),
        Binding("enter", "close_done", "Close", show=False),  # on Done (the summary has the focus, not the button)
        Binding("escape", "cancel", "Cancel/close", id="wizard-cancel"),
        Binding("space", "tick", "Tick", id="wizard-tick"),
        Binding("r", "recheck", "Re-check", id="wizard-recheck"),
        Binding("a", "accept_history", "Acknowledge history", id="wizard-accept"),
        Binding("b", "rollback", "Roll back", id="wizard-rollback"),
        Binding("o", "restore", "Restore backup", id="wizard-restore"),
    ]

    def __init__(self, project, env: str) -> None:
        super().__init__()
        self.project = project
        self.run = ApplyRun(project, env, on_event=self._forward)
        self.env = self.run.env
        self.step = "plan"
        self.states: dict[str, str] = {}
        self.busy: str | None = None  # the step a worker runs now
        self.smoke_results: list = []  # the smoke results come one by one
        self.stopped: BaseException | None = None  # the error the run stopped on
        self.failure = None  # the runner's ApplyFailed, when a migration failed
        self.finished = False
        self._statement: StatementStarted | None = None
        self._undo_done = False

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        where = f"{self.env.name}{' (protected)' if self.env.protected else ''}"
        yield Static(f"[b]Apply wizard[/b] · pending migrations → {where}", id="wiz-title")
        yield Stepper(guided.STEPS, id="wiz-stepper")
        with ContentSwitcher(initial="page-plan", id="wiz-body"):
            with Vertical(id="page-plan"):
                yield Static("Reading the history…", id="plan-head", classes="page-head")
                yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="page-checklist"):
                yield Static("Running the checks…", id="check-head", classes="page-head")
                yield DataTable(id="check-table", cursor_type="row")
                yield Static("", id="check-detail")
            with Vertical(id="page-rehearsal"):
                yield Static("", id="rehearsal-head", classes="page-head")
                yield Log(id="rehearsal-log", max_lines=5000)
            with Vertical(id="page-backup"):
                yield Static("", id="backup-head", classes="page-head")
                yield ProgressBar(id="backup-bar", show_eta=False)
                yield Static("", id="backup-result", classes="page-head")
            with Vertical(id="page-apply"):
                yield Static("", id="apply-head", classes="page-head")
                yield Input(placeholder=f"type {self.env.name} to apply", id="apply-name")
                yield Log(id="apply-log", max_lines=5000)
            with Vertical(id="page-smoke"):
                yield Static("", id="smoke-head", classes="page-head")
                yield DataTable(id="smoke-table", cursor_type="row")
                yield Static("", id="smoke-detail")
            with VerticalScroll(id="page-done"):  # focused once shown: the arrows scroll a long summary
                yield Static("", id="done-summary")
        yield Static("", id="wiz-error")
        with Horizontal(id="wiz-bar"):
            yield Static("", id="wiz-reason")
            yield Button("Cancel", id="wiz-cancel")
            yield Button("Next", id="wiz-next", variant="primary", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#apply-name", Input).display = self.env.protected
        for table_id, cols in (("#plan-table", pages.PLAN_COLUMNS), ("#check-table", pages.CHECK_COLUMNS),
                               ("#smoke-table", pages.SMOKE_COLUMNS)):
            fill_table(self.query_one(table_id, DataTable), cols, [])
        self._show_step()
        self._start("plan", self.run.make_plan)

    # ------------------------------------------------------------ the engine, in workers

    def _forward(self, event) -> None:
        """The run's on_event (called on the worker's thread): post it to the screen, unless the
        worker was cancelled (the console is quitting)."""
        try:
            if get_current_worker().is_cancelled:
                return
        except NoActiveWorker:  # not on a worker (never expected): post anyway
            pass
        self.post_message(EngineEvent(event))

    def _start(self, step: str, call: Callable[[], object]) -> None:
        self.busy = step
        self._update_bar()
        self._work(step, call)

    @work(thread=True, exclusive=True, exit_on_error=False, group="apply-wizard")
    def _work(self, step: str, call: Callable[[], object]) -> None:
        worker = get_current_worker()
        try:
            result = call()
        except BaseException as err:  # noqa: BLE001 - every stop becomes the step's error page
            if not worker.is_cancelled:
                self.post_message(StepFailed(step, err))
            return
        if not worker.is_cancelled:
            self.post_message(StepDone(step, result))

    def stop_work(self) -> None:
        """Quitting: cancel the running step (its query too) so nothing is left half-done."""
        self.run.cancel.cancel()
        self.workers.cancel_group(self, "apply-wizard")

    # ------------------------------------------------------------ moving between steps

    def _enter(self, step: str) -> None:
        self.states[self.step] = DONE
        self.step = step
        self._show_step()
        starts = {
            "checklist": lambda: self.run.run_checklist(on_item=None),
            "rehearsal": self.run.run_rehearsal,
            "backup": self.run.run_backup,
            "smoke": lambda: self.run.run_smoke(on_result=lambda r: self.post_message(EngineEvent(r))),
        }
        if step in starts:
            self._start(step, starts[step])
        elif step == "apply":
            self._show_apply_page()
        elif step == "done":
            self.states["done"] = DONE
            self._show_step()
            self._finish(None)
            self._show_done()

    def _show_step(self) -> None:
        self.query_one(Stepper).show(self.step, self.states)
        self.query_one(ContentSwitcher).current = f"page-{self.step}"
        self._update_bar()

    def next_blocker(self) -> str | None:
        """Why Next is not possible now (the sentence shown beside the button), or None."""
        run = self.run
        if self.busy:
            return f"{guided.TITLES.get(self.busy, self.busy)} running… (escape cancels it)"
        if self.stopped is not None:
            ways = [] if self._undo_done else guided.ways_back(run)
            verbs = {"rollback": "roll back", "restore": "restore"}
            return "Stopped. " + "".join(f"{pages.WAY_KEYS[w.kind]}: {verbs[w.kind]} · " for w in ways) + "escape: close"
        if self.step == "plan":
            if run.plan is None:
                return "reading the plan…"
            if not run.plan.migrations:
                return "nothing to apply: escape closes."
            if run.plan.refusal:
                return "the history must be acknowledged first: a (see above)."
        if self.step == "checklist":
            if run.checklist is None:
                return "running the checks…"
            if run.checklist.refusal() is None:
                return None
            unmet = run.checklist.unmet
            names = "; ".join(i.title.lower() for i in unmet[:2]) + ("…" if len(unmet) > 2 else "")
            return f"{self.env.name} is protected: {len(unmet)} blocking item(s) open ({names})."
        if self.step == "apply":
            return guided.typed_refusal(self.env, self.query_one("#apply-name", Input).value)
        return None

    def check_action(self, action: str, parameters) -> bool | None:
        """Show each key only where it does something (the footer follows)."""
        if action == "close_done":
            return self.step == "done"
        if action in ("tick", "recheck"):
            return self.step == "checklist" and self.stopped is None
        if action == "accept_history":
            return self.step == "plan" and self.run.plan is not None and bool(self.run.plan.refusal)
        if action in ("rollback", "restore"):
            kind = "rollback" if action == "rollback" else "restore"
            return (self.stopped is not None and not self._undo_done
                    and any(w.kind == kind for w in guided.ways_back(self.run)))
        return True

    def _update_bar(self) -> None:
        self.refresh_bindings()
        blocker = self.next_blocker()
        nxt = self.query_one("#wiz-next", Button)
        nxt.disabled = blocker is not None or self.finished and self.step != "done"
        labels = {"apply": f"Apply to {self.env.name}", "done": "Close"}
        label = labels.get(self.step, f"Next: {guided.TITLES[guided.next_step(self.step)]}")
        if str(nxt.label) != label:
            nxt.label = label
            nxt.refresh(layout=True)  # its width follows the label ("Apply to staging" is wider than "Next: Apply")
        cancel = self.query_one("#wiz-cancel", Button)
        cancel.label = "Cancel" if self.busy else "Close"
        cancel.display = self.step != "done"
        reason = Text(blocker or "", style="bold yellow" if blocker and not self.busy else "")
        if self.step == "checklist" and self.run.checklist is not None and blocker is None:
            unmet = self.run.checklist.unmet
            if unmet:
                reason = Text(f"{len(unmet)} open item(s) count as warnings on {self.env.name} (not protected).",
                              style="yellow")
        self.query_one("#wiz-reason", Static).update(reason)

    # ------------------------------------------------------------ the checklist page and the typed name

    @on(DataTable.RowHighlighted, "#smoke-table")
    def _show_smoke_result(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.smoke_results):
            self.query_one("#smoke-detail", Static).update(pages.smoke_detail(self.smoke_results[event.cursor_row]))

    @on(DataTable.RowHighlighted, "#check-table")
    def _show_item(self, event=None) -> None:
        item = self._current_item()
        if item is not None:
            self.query_one("#check-detail", Static).update(pages.check_detail(item, self.run.checklist.protected))

    @on(Input.Changed, "#apply-name")
    def _typed(self, event: Input.Changed) -> None:
        self._update_bar()

    @on(Input.Submitted, "#apply-name")
    def _typed_enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()
    # ------------------------------------------------------------ actions

    @on(Button.Pressed, "#wiz-next")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()

    @on(Button.Pressed, "#wiz-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_next(self) -> None:
        blocker = self.next_blocker()
        if blocker is not None:
            if self.step == "apply" and not self.busy and self.stopped is None:
                box = self.query_one("#apply-name", Input)
                if box.display and not box.has_focus:
                    box.focus()  # n on a protected target's Apply page: on to the typed name, nothing typed yet
                else:
                    self.notify(blocker, severity="warning")
            return
        if self.step == "done":
            self.dismiss(self.run)
            return
        if self.step == "checklist":
            self.run.require_checklist()  # the engine's own refusal: next_blocker already checked it
        if self.step == "apply":
            self.query_one("#apply-name", Input).disabled = True
            self.query_one("#apply-log", Log).focus()
            self._start("apply", self.run.run_apply)
            return
        self._enter(guided.next_step(self.step))

    def action_close_done(self) -> None:
        self.action_next()

    def action_cancel(self) -> None:
        if self.busy:
            self.run.cancel.cancel()
            self.query_one("#wiz-reason", Static).update(Text("cancelling… the running query is being stopped",
                                                              style="bold yellow"))
            return
        if not self.finished and self.run.checklist is not None:
            self._finish(StepCancelled("closed before the end; nothing more was done."))
        self.dismiss(self.run)
