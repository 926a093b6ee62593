"""The Apply pane: what `driftdeck plan TARGET` would do, read-only, and `w` to start the apply wizard.

The guided apply itself (checklist, rehearsal, backup, apply, smoke checks) is the wizard
screen (``tui/app/screens/apply_wizard.py``, `w` here or the palette's "Apply wizard"); this pane shows the plan of :func:`tui.apply.plan.build_plan`
for the current TARGET — pending migrations in apply order with verdict, transaction,
rollback and the strongest lock — and the commands that apply it. Nothing here writes.
Enter or `v` opens the migration under the cursor in Review (the table: ``migration_table.py``).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tui.app.panes.loading import WorkFailed
from tui.app.panes.migration_table import MigrationTablePane
from tui.errors import DriftdeckError
from tui.review.model import BLOCKED, REVIEW, SAFE_TO_DEPLOY

VERDICT_STYLE = {SAFE_TO_DEPLOY: "green", REVIEW: "yellow", BLOCKED: "bold red"}
SHORT_VERDICT = {SAFE_TO_DEPLOY: "safe", REVIEW: "review", BLOCKED: "blocked"}
COMING = (
    "starts the apply wizard (plan → checklist → rehearsal → backup → apply → smoke checks). "
    "What `driftdeck plan {env}` would do, read-only:"
)


class PlanBuilt(Message):
    def __init__(self, plan) -> None:
        super().__init__()
        self.plan = plan


class ApplyPane(MigrationTablePane):
    """What `driftdeck plan ENV` would do, and `w` to start the apply wizard."""

    DEFAULT_CSS = """
    ApplyPane #apply-coming { height: auto; padding: 0 1; background: $primary 20%; }
    ApplyPane #apply-status { height: auto; padding: 0 1; }
    ApplyPane #apply-next { height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [Binding("w", "app.apply_wizard", "Start wizard", id="apply-wizard")]
    WORK_GROUPS = ("apply-plan",)
    FAILED = "The plan failed"
    FOCUS = "#apply-plan"

    def __init__(self, project, **kwargs) -> None:
        super().__init__(project, **kwargs)
        self.plan = None

    def compose(self) -> ComposeResult:
        yield Static(self._coming("TARGET"), id="apply-coming")
        yield Static("Pick a TARGET (t) to see its plan.", id="apply-status", markup=False)
        yield self.table("apply-plan")
        yield Static("", id="apply-next", markup=False)

    # ------------------------------------------------------------ loading

    def load(self) -> None:
        target = self.target
        self.query_one("#apply-coming", Static).update(self._coming(target or "TARGET"))
        if target is None:
            self.query_one("#apply-status", Static).update("Pick a TARGET (t) to see its plan.")
            return
        self.query_one("#apply-status", Static).update(f"Reading {target}'s history…")
        self._build(target)

    def failed(self) -> None:
        self.query_one("#apply-status", Static).update("")

    @staticmethod
    def _coming(env: str) -> Text:
        return Text.assemble((" w ", "bold reverse"), " ", COMING.format(env=env))

    # ------------------------------------------------------------ worker

    @work(thread=True, exclusive=True, exit_on_error=False, group="apply-plan")
    def _build(self, target: str) -> None:
        from tui.apply.plan import build_plan

        worker = get_current_worker()
        try:
            plan = build_plan(self.project, target)
        except DriftdeckError as err:
            if not worker.is_cancelled:
                self.post_message(WorkFailed(str(err)))
            return
        if not worker.is_cancelled:
            self.post_message(PlanBuilt(plan))

    # ------------------------------------------------------------ showing

    @on(PlanBuilt)
    def _show(self, message: PlanBuilt) -> None:
        plan = self.plan = message.plan
        env = plan.env
        status = self.query_one("#apply-status", Static)
        nxt = self.query_one("#apply-next", Static)
        where = f"{env.name}{' (protected)' if env.protected else ''}"
        if not plan.migrations:
            self.fill((), ())
            status.update(f"{where}: nothing pending; it has every migration of the folder.")
            nxt.update("")
            return
        head = Text.assemble(
            f"Plan for {where}: {len(plan.migrations)} migration(s), in this order · verdict ",
            (plan.verdict, VERDICT_STYLE.get(plan.verdict, "")),
        )
        if plan.refusal:
            head.append(f"\nRefused until acknowledged: {plan.refusal}", style="bold red")
        status.update(head)
        self.fill(
            [(key, key) for key in ("#", "migration", "verdict", "transaction", "rollback", "lock")],
            [(p.id, [
                str(n),
                Text(p.migration.name or p.migration.label) + (Text(" (failed before)", style="yellow") if p.retry else Text("")),
                Text(SHORT_VERDICT.get(p.verdict, p.verdict), style=VERDICT_STYLE.get(p.verdict, "")),
                Text("one" if p.transactional else "autocommit", style="" if p.transactional else "yellow"),
                Text("yes" if p.rollback else "none: restore", style="" if p.rollback else "yellow"),
                p.lock_text(),
            ]) for n, p in enumerate(plan.migrations, 1)],
        )
        confirm = f" --confirm {env.name}" if env.protected else ""
        cmd = self.project.command
        nxt.update(f"w applies them here, step by step. On the command line: `{cmd} checklist {env.name}`,"
                   f" then `{cmd} apply {env.name}{confirm}`.")

    def path_at_cursor(self) -> Path | None:
        table = self.query_one("#apply-plan", DataTable)
        if self.plan is None or not table.row_count:
            return None
        return self.plan.migrations[table.cursor_row].migration.path
