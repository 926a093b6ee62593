"""What the apply wizard asks a person, as a mixin of :class:`tui.app.screens.apply_wizard.ApplyWizard`:
acknowledging an inconsistent history, ticking a manual checklist item (a reason for a HIGH
finding), checking a machine item again,
confirming a rollback or a restore after a failure, and quitting while a step runs.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text

from tui.apply import guided


class WizardQuestions:
    """Actions bound to space, r, b and o, and the shell's quit guard (see apply_wizard.py)."""

    def action_tick(self) -> None:
        item = self._current_item()
        if item is None or item.kind != "manual" or item.state != "pending" or self.busy:
            return
        if item.rule:
            from tui.app.widgets.prompt import Prompt

            def answered(reason: str | None) -> None:
                if reason:
                    self.run.checklist.confirm(item.id, self.run.by, reason)
                    self._show_checklist()

            self.app.push_screen(Prompt(f"{item.title}: {item.evidence}. Why is it safe to go ahead?",
                                        help_text="The reason is kept in the audit log. Escape: not now."), answered)
            return
        self.run.checklist.confirm(item.id, self.run.by)
        self._show_checklist()

    def action_accept_history(self) -> None:
        """Acknowledge an inconsistent history (what `--accept-modified ID` does), then plan again."""
        plan = self.run.plan
        if self.step != "plan" or plan is None or not plan.refusal or self.busy:
            return
        from tui.app.screens.confirm import ConfirmScreen

        issues = plan.unacknowledged

        def answered(yes: bool) -> None:
            if yes:
                self.run.accept = tuple(self.run.accept) + tuple(i.id for i in issues)
                self.query_one("#plan-head").update("Reading the history again…")
                self._start("plan", self.run.make_plan)

        text = "Apply although the history is inconsistent?\n" + "\n".join(f"- {i.sentence()}" for i in issues)
        self.app.push_screen(ConfirmScreen(text, self.env, "acknowledge the history of"), answered)

    def action_recheck(self) -> None:
        item = self._current_item()
        if item is None or item.kind != "machine" or self.busy:
            return
        self._start("recheck", lambda: self.run.checklist.recheck(item.id))

    def _undo(self, kind: str) -> None:
        if self.stopped is None or self.busy or self._undo_done:
            return
        way = next((w for w in guided.ways_back(self.run) if w.kind == kind), None)
        if way is None:
            return
        from tui.app.screens.confirm import ConfirmScreen

        verb = "roll back" if kind == "rollback" else "restore"

        def answered(yes: bool) -> None:
            if not yes:
                return
            self.run.cancel = type(self.run.cancel)()  # a fresh token: the old one may be cancelled
            if kind == "rollback":
                call = lambda: guided.roll_back(self.run, on_event=self._forward, cancel=self.run.cancel)  # noqa: E731
            else:
                call = lambda: guided.restore_backup(self.project, self.env, self.run.backup_path,  # noqa: E731
                                                     person=self.run.person, on_event=self._forward,
                                                     cancel=self.run.cancel)
            self._show_error(Text(f"{way.title}…", style="yellow"))
            self._start(kind, call)

        self.app.push_screen(ConfirmScreen(f"{way.title}?\n{way.detail}", self.env, verb), answered)

    def action_rollback(self) -> None:
        self._undo("rollback")

    def action_restore(self) -> None:
        self._undo("restore")

    def confirm_quit(self, quit_now: Callable[[], object]) -> bool:
        """The shell asks before quitting: True when this screen asks the person first (a step is running)."""
        if not self.busy:
            return False
        from tui.app.screens.confirm import ConfirmScreen

        def answered(yes: bool) -> None:
            if yes:
                self.stop_work()
                self.app.call_later(quit_now)

        what = guided.TITLES.get(self.busy, self.busy).lower()
        self.app.push_screen(ConfirmScreen(f"The {what} on {self.env.name} is still running. Quit anyway? It is"
                                           " cancelled and its running migration rolled back."), answered)
        return True
