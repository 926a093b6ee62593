"""What the apply wizard shows as its steps run, as a mixin of :class:`tui.app.screens.apply_wizard.ApplyWizard`:
the messages its workers post (an engine event, a step done, a step failed) and how each lands on the
pages — the plan, the checklist, the rehearsal and apply logs, the backup's progress, the smoke table,
the error panel with the ways back, the Done summary. Display only: the rules are tui.apply.guided's.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Log, ProgressBar, Static

from tui.app.screens import apply_wizard_pages as pages
from tui.app.widgets.sized_table import fill_table
from tui.app.widgets.stepper import FAILED
from tui.apply import guided
from tui.apply.events import MigrationFailed, Progress, StatementFinished, StatementStarted, StepStarted
from tui.apply.smoke import SmokeResult


class EngineEvent(Message):
    def __init__(self, event) -> None:
        super().__init__()
        self.event = event


class StepDone(Message):
    def __init__(self, step: str, result) -> None:
        super().__init__()
        self.step, self.result = step, result


class StepFailed(Message):
    def __init__(self, step: str, error: BaseException) -> None:
        super().__init__()
        self.step, self.error = step, error


class WizardResults:
    """Message handlers and page painters of the wizard (see apply_wizard.py for the screen itself)."""

    # ------------------------------------------------------------ results

    def on_step_done(self, message: StepDone) -> None:
        self.busy = None
        step = message.step
        if step == "plan":
            self._show_plan()
        elif step == "checklist":
            self._show_checklist()
        elif step == "recheck":
            self._show_checklist()
        elif step == "rehearsal":
            self.query_one("#rehearsal-head", Static).update(pages.rehearsal_head(self._summary("rehearsal"),
                                                                                  self.run.rehearsal))
        elif step == "backup":
            bar = self.query_one("#backup-bar", ProgressBar)
            bar.update(total=bar.progress or 1, progress=bar.progress or 1)
            self.query_one("#backup-head", Static).update(Text(f"✓ {self.env.name} backed up: the file is written"
                                                               " and verified (pg_restore --list).", style="green"))
            self.query_one("#backup-result", Static).update(self._summary("backup"))
        elif step == "apply":
            self._enter("smoke")
            return
        elif step == "smoke":
            self.query_one("#smoke-head", Static).update(Text(f"✓ {self.run.smoke.summary()}", style="green"))
            self.query_one("#smoke-table", DataTable).focus()  # the arrows go through the results, each in full below
        elif step in ("rollback", "restore"):
            self._undo_done = True
            self.query_one("#wiz-error", Static).update(Text(f"✓ {message.result}", style="green"))
        self._update_bar()

    def _summary(self, step: str) -> str:
        for s in self.run.entry.steps:
            if s.step == step:
                return f"{s.detail} ({s.duration_ms / 1000:.1f} s)"
        return ""

    def on_step_failed(self, message: StepFailed) -> None:
        self.busy = None
        step, err = message.step, message.error
        if step in ("rollback", "restore"):
            self._show_error(Text(f"{step} failed: {err}", style="bold red"))
            self._update_bar()
            return
        if step == "plan" and self.run.plan is not None and self.run.plan.refusal:
            self._show_plan()  # an inconsistent history: shown with its reason, `a` acknowledges it
            return
        if step == "plan":
            self.query_one("#plan-head", Static).update(Text(str(err), style="bold red"))
            self.stopped = err
            self.states["plan"] = FAILED
            self._show_step()
            return
        if step == "recheck":
            self.notify(str(err), severity="error")
            self._update_bar()
            return
        self.stopped = err
        self.states[self.step] = FAILED
        self._finish(err)
        cancelled = guided.is_cancel(err)
        said = str(err) or type(err).__name__
        text = Text(("Cancelled: " if cancelled else "Failed: ") + said, style="bold red")
        failure = self.failure
        if failure is not None and (getattr(failure, "server_message", None) or str(failure)) not in said:
            text.append(f"\n{failure.migration.label}: {pages.failure_text(failure)}", style="red")
        if step == "apply":
            if self.run.applied:
                text.append(f"\n{len(self.run.applied)} migration(s) of this run before it stay applied.", style="")
            self.query_one("#apply-head", Static).update(pages.apply_stopped_head(failure, cancelled))
        for way in guided.ways_back(self.run):  # the details are in each one's confirmation
            text.append(f"\n{pages.WAY_KEYS[way.kind]}: {way.title}", style="")
        self._show_error(text)
        self._show_step()

    def _show_error(self, text: Text) -> None:
        panel = self.query_one("#wiz-error", Static)
        panel.update(text)
        panel.display = True

    def _finish(self, err: BaseException | None) -> None:
        if not self.finished:
            self.finished = True
            guided.finish(self.run, self.step, err)

    def on_engine_event(self, message: EngineEvent) -> None:
        event = message.event
        step = self.busy or self.step
        if isinstance(event, Progress):
            bar = self.query_one("#backup-bar", ProgressBar)
            bar.update(total=event.bytes_total, progress=event.bytes_done)
            from tui.apply.backup import human_size

            total = f" of {human_size(event.bytes_total)}" if event.bytes_total else ""
            note = f" · {event.note}" if event.note else ""
            self.query_one("#backup-head", Static).update(f"Backing up {self.env.name}: "
                                                         f"{human_size(event.bytes_done)}{total} written{note}")
            return
        if isinstance(event, StepStarted):
            head = {"rehearsal": "#rehearsal-head", "backup": "#backup-head", "apply": "#apply-head",
                    "smoke": "#smoke-head"}.get(event.step)
            if head:
                more = " (a copy of the schema on a scratch server first: this takes a little while)" \
                    if event.step == "rehearsal" else ""
                self.query_one(head, Static).update(f"{event.title or event.step}…{more}")
            return
        if isinstance(event, SmokeResult):
            self.smoke_results.append(event)
            fill_table(self.query_one("#smoke-table", DataTable), pages.SMOKE_COLUMNS,
                       [(None, pages.smoke_row(result)) for result in self.smoke_results])
            return
        if isinstance(event, MigrationFailed):
            self.failure = event.error
        log = self.query_one("#rehearsal-log" if step == "rehearsal" else "#apply-log", Log)
        if isinstance(event, StatementStarted):
            self._statement = event
            if step == "apply":
                self.query_one("#apply-head", Static).update(pages.running_line(event))
            return
        line = pages.event_line(event, self._statement if isinstance(event, StatementFinished) else None)
        if line is not None:
            log.write_line(line.plain)

    # ------------------------------------------------------------ pages

    def _show_plan(self) -> None:
        plan = self.run.plan
        self.query_one("#plan-head", Static).update(pages.plan_head(plan))
        table = fill_table(self.query_one("#plan-table", DataTable), pages.PLAN_COLUMNS,
                           [(None, row) for row in pages.plan_rows(plan)])
        table.focus()
        self._update_bar()

    def _show_checklist(self) -> None:
        checklist = self.run.checklist
        head = f"{len(checklist.items)} items for {self.env.name}"
        head += " · protected: every blocking item must hold" if checklist.protected else ""
        self.query_one("#check-head", Static).update(head)
        table = fill_table(self.query_one("#check-table", DataTable), pages.CHECK_COLUMNS,
                           [(item.id, pages.check_row(item, checklist.protected)) for item in checklist.items])
        table.focus()
        self._show_item()
        self._update_bar()

    def _current_item(self):
        checklist = self.run.checklist
        table = self.query_one("#check-table", DataTable)
        if checklist is None or not table.row_count or self.step != "checklist":
            return None
        return checklist.items[min(table.cursor_row, len(checklist.items) - 1)]

    def _show_apply_page(self) -> None:
        n = len(self.run.migrations)
        text = f"Ready to apply {n} migration(s) to {self.env.name}. Backup: {self.run.backup_path}"
        if self.env.protected:
            text += (f"\n{self.env.name} is protected: n (or tab) takes you to the box below; type {self.env.name}"
                     " there, then enter.")
            self.set_focus(None)  # the box takes keys only once the person moves to it: a habitual n is no typo
        else:
            text += "\nn or the button applies them, one transaction each; escape stops a running statement."
        self.query_one("#apply-head", Static).update(text)
        self._update_bar()

    def _show_done(self) -> None:
        lines = guided.summary_lines(self.run)
        self.query_one("#done-summary", Static).update("\n".join(lines))
        self._update_bar()
        self.query_one("#page-done").focus()  # n or the Close button closes; the arrows scroll what is below
