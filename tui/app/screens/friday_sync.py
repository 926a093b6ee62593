"""The Friday sync screen (f on the home screen, or the palette's "Friday sync"): the weekly path, one step at a
time, in the existing panes.

It shows the steps (:data:`tui.workflows.friday.STEPS`) with the ones done ticked and what to
do now. Enter does the current step: reads the environments here; for drift and picking
changes it goes to the Drift pane (SOURCE → TARGET set) and comes back with f (or the palette);
for the review it opens the new migration in Review; for staging and prod it opens the apply
wizard and records its run; at the end it copies the summary. n marks the step done, x starts
over, escape goes back to the console. Where it stands is saved in ``.driftdeck/friday.json``
(:mod:`tui.workflows.friday`), so the path resumes at the step it was on.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui.errors import DriftdeckError
from tui.words import when_text
from tui.workflows import friday


class EnvsRead(Message):
    def __init__(self, infos) -> None:
        super().__init__()
        self.infos = infos


class PendingRead(Message):
    def __init__(self, target: str, text: Text) -> None:
        super().__init__()
        self.target, self.text = target, text


class FridaySyncScreen(Screen):
    """The guided Friday path for ``project``; resumes where ``.driftdeck/friday.json`` says."""

    DEFAULT_CSS = """
    FridaySyncScreen #friday-title { height: 1; padding: 0 1; background: $primary-background; }
    FridaySyncScreen #friday-steps { height: auto; padding: 0 1; }
    FridaySyncScreen #friday-detail { height: 1fr; padding: 0 1; border: round $accent; overflow-y: auto; }
    """
    BINDINGS = [
        Binding("enter", "go", "Do this step", id="friday-go"),
        Binding("n", "done", "Done, next", id="friday-next"),
        Binding("x", "restart", "Start over", id="friday-restart"),
        Binding("escape", "close", "Back to the console", id="friday-close"),
    ]

    def __init__(self, project) -> None:
        super().__init__()
        self.project = project
        self.state = friday.FridayState()
        self.envs_text: Text | None = None
        self.pending: tuple[str, Text] | None = None  # (target, what the drift step says of its pending migrations)

    def compose(self) -> ComposeResult:
        yield Static("", id="friday-title")
        yield Static("", id="friday-steps")
        yield Static("", id="friday-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:  # back from the wizard (on the first show, on_mount reloads)
            self.reload()

    def reload(self) -> None:
        self.pending = None  # read again: something may have been applied meanwhile
        try:
            self.state = friday.load(self.project)
            if self.state.started_at is None:
                from tui.apply.audit import who, who_label

                self.state = friday.start(self.project, who_label(who(self.project.root)))
            found = friday.new_migration(self.project, self.state)
            if found is not None:
                self.state = friday.record_migration(self.project, self.state, found)
        except DriftdeckError as err:
            self.query_one("#friday-detail", Static).update(Text(str(err), style="bold red"))
            return
        self._show()

    # ------------------------------------------------------------ showing

    def _show(self) -> None:
        state = self.state
        self.query_one("#friday-title", Static).update(
            f"[b]Friday sync[/b] · step {state.index + 1} of {len(friday.STEPS)} · started {when_text(state.started_at)}"
            f" by {state.by or '?'}")
        steps = Text()
        for sid, title, _ in friday.STEPS:
            if sid in state.done:
                steps.append(f"✓ {title}\n", style="green")
            elif sid == state.step:
                steps.append(f"▶ {title}\n", style="bold reverse")
            else:
                steps.append(f"  {title}\n", style="dim")
        self.query_one("#friday-steps", Static).update(steps)
        self.query_one("#friday-detail", Static).update(self._detail())

    def _detail(self) -> Text:
        state = self.state
        sid, title, what = friday.STEPS[state.index]
        text = Text.assemble((f"{title}: ", "bold"), what, "\n")
        if sid == "envs":
            text.append_text(self.envs_text or Text("enter: read every environment now.", style="dim"))
        elif sid in ("drift", "pick"):
            source, target = (self.state.source, self.state.target) if self.state.source else \
                friday.default_pair(self.project)
            pair = f"{source} → {target}"
            text.append(f"enter: open the Drift pane for {pair} (s/t there change the pair); there, space selects the"
                        " changes to keep and n writes them as a migration. Come back with f (top right): the"
                        " migration you wrote is found here.", style="dim")
            if target and (self.pending is None or self.pending[0] != target):
                self.pending = (target, Text(f"\nreading what is pending on {target}…", style="dim"))
                self._read_pending(source, target)
            if self.pending is not None:
                text.append_text(self.pending[1])
        elif sid == "review":
            text.append(f"Migration: {state.migration or '(none written yet: go back to Pick changes)'}\n")
            text.append("enter: open it in Review; n when it is ready to apply.", style="dim")
        elif sid in ("staging", "prod"):
            env = friday.apply_env(self.project, sid)
            run = state.runs.get(env or "")
            if run:
                text.append(f"Last wizard run on {env}: {run['outcome']} (run {run['run_id']})\n")
            text.append(f"enter: open the apply wizard for {env}.", style="dim")
        else:
            text.append("\n" + friday.summary(self.project, state) + "\n\n")
            if sid in state.done:
                text.append("This sync is done: enter copies the summary again, x starts the next one.", style="dim")
            else:
                text.append("enter: copy the summary to the clipboard (and mark the sync done).", style="dim")
        return text

    # ------------------------------------------------------------ actions

    def action_go(self) -> None:
        sid = self.state.step
        if sid == "envs":
            self.envs_text = Text("reading the environments…", style="yellow")
            self._show()
            self._read_envs()
        elif sid in ("drift", "pick"):
            if sid == "drift" and self.state.source is None:
                from tui.app.messages import PairChosen

                source, target = friday.default_pair(self.project)
                self.state = friday.record_pair(self.project, self.state, source, target)
                self.app.post_message(PairChosen(source=source, target=target))
            self.dismiss(None)
            self.app.call_later(self.app.run_action, "show_pane('drift')")
        elif sid == "review":
            if not self.state.migration:
                self.notify("No migration yet: pick changes in the Drift pane and press n there.", severity="warning")
                return
            from tui.app.messages import OpenInReview

            path = Path(self.project.root) / self.state.migration
            self.dismiss(None)
            self.app.post_message(OpenInReview(path))
        elif sid in ("staging", "prod"):
            self._open_wizard(sid)
        else:
            self.app.copy_to_clipboard(friday.summary(self.project, self.state))
            self.state = friday.advance(self.project, self.state)
            self.notify("Summary copied to the clipboard.")
            self._show()

    def _open_wizard(self, sid: str) -> None:
        from tui.app.screens.apply_wizard import ApplyWizard

        env = friday.apply_env(self.project, sid)
        if env is None:
            self.notify("The project has no such environment.", severity="warning")
            return

        def finished(run) -> None:
            if run is not None and run.checklist is not None:
                self.state = friday.record_apply(self.project, friday.load(self.project), env, run.entry)
            self._show()

        self.app.push_screen(ApplyWizard(self.project, env), finished)

    def action_done(self) -> None:
        self.state = friday.advance(self.project, self.state)
        self._show()

    def action_restart(self) -> None:
        from tui.apply.audit import who, who_label

        self.state = friday.start(self.project, who_label(who(self.project.root)))
        self.envs_text = self.pending = None
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="friday")
    def _read_envs(self) -> None:
        from tui.workflows.envs import overview

        worker = get_current_worker()
        infos = overview(self.project, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(EnvsRead(infos))

    @work(thread=True, exclusive=True, exit_on_error=False, group="friday-pending")
    def _read_pending(self, source: str | None, target: str) -> None:
        try:
            note = friday.overlap_note(source, target, friday.pending_on(self.project, target))
            text = Text(f"\n{note}", style="yellow") if note else Text(f"\n{target} has no pending migrations.",
                                                                      style="dim")
        except DriftdeckError as err:
            text = Text(f"\nWhat is pending on {target} could not be read: {err}", style="yellow")
        if not get_current_worker().is_cancelled:
            self.post_message(PendingRead(target, text))

    @on(PendingRead)
    def _pending_read(self, message: PendingRead) -> None:
        self.pending = (message.target, message.text)
        self._show()

    @on(EnvsRead)
    def _envs_read(self, message: EnvsRead) -> None:
        text = Text()
        for info in message.infos:
            if info.reachable:
                text.append(f"✓ {info.name}: PostgreSQL {info.version}, {info.pending} pending\n", style="green")
            else:
                text.append(f"✗ {info.name}: {info.problem}\n", style="bold red")
        text.append("n: go on to the drift.", style="dim")
        self.envs_text = text
        self._show()
