"""`driftdeck apply ENV`: the guided apply — checklist → rehearsal → backup → apply → smoke → audit —
with one line of progress per step (and a progress bar for the backup on a terminal).

Protected environments need their name typed: ``--confirm ENV`` headless (``--yes`` alone is
refused), or typed at the prompt on a terminal. ``--yes`` confirms the checklist's manual
items; ``--ack RULE=REASON`` acknowledges HIGH findings. Exit 0 when applied (or nothing is
pending), 1 when a step refused or failed (the sentence says which, and what was left as it was).
"""

from __future__ import annotations

import sys

from rich.text import Text

from tui.apply.checklist import MANUAL, PENDING, Checklist, parse_acks
from tui.apply.events import (
    MigrationFailed,
    MigrationFinished,
    Notice,
    Progress,
    StepFinished,
    StepStarted,
)
from tui.apply.pipeline import ApplyRun, protected_refusal
from tui.commands.checklist import add_confirm_options
from tui.commands.plan import add_plan_options, render_plan
from tui.errors import DriftdeckError

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "apply pending migrations to ENV safely: checklist, rehearsal, backup, apply, smoke checks, audit"

STEP_WIDTH = 10


def register(sub) -> None:
    p = sub.add_parser(
        "apply",
        help=HELP,
        description="Run the guided apply on ENV. Protected environments need --confirm ENV.",
    )
    p.add_argument("env", metavar="ENV")
    add_plan_options(p)
    add_confirm_options(p)
    p.add_argument("--confirm", metavar="ENV", help="type the environment's name: required for protected environments")
    p.add_argument("--with-data", action="store_true", help="rehearse on a copy with the data too (default: schema only)")
    p.set_defaults(run=run)


class StepPrinter:
    """Turns the run's events into one line per step (and per migration applied), with a
    progress bar for the backup when the output is a terminal."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.step = ""
        self.bar = None
        self.task = None
        self.tty = ctx.out.is_terminal
        self.migration_step = "apply"  # the step whose migrations get a line each

    def __call__(self, event) -> None:
        out = self.ctx.out
        if isinstance(event, StepStarted):
            self.step = event.step
            if event.step == "backup" and self.tty:
                from rich.progress import BarColumn, DownloadColumn, Progress as Bar, TextColumn, TransferSpeedColumn

                self.bar = Bar(TextColumn("  backup"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                               console=out, transient=True)
                self.bar.start()
                self.task = self.bar.add_task("backup", total=None)
        elif isinstance(event, Progress) and self.bar is not None:
            self.bar.update(self.task, completed=event.bytes_done, total=event.bytes_total)
        elif isinstance(event, StepFinished):
            self.stop()
            mark = Text("✓ ", style="green") if event.ok else Text("✗ ", style="bold red")
            line = Text.assemble(mark, Text(f"{event.step:<{STEP_WIDTH}}", style="bold"))
            if event.ok:
                line.append(event.summary)
                line.append(f" ({event.duration:.1f} s)", style="dim")
            else:
                line.append("failed" if "cancel" not in event.summary else "cancelled", style="red")
            out.print(line)
        elif isinstance(event, MigrationFinished) and self.step == self.migration_step:
            out.print(Text(f"  ✓ {event.migration.label} ({event.duration:.2f} s)", style="dim"))
        elif isinstance(event, MigrationFailed) and self.step == self.migration_step:
            out.print(Text(f"  ✗ {event.migration.label}", style="red"))
        elif isinstance(event, Notice) and event.severity in ("WARNING", "INFO"):
            out.print(Text(f"  {event.severity.lower()}: {event.message}", style="yellow"))

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(ctx, question: str) -> str:
    try:
        return ctx.out.input(question)
    except EOFError:
        return ""


def prompt_manual_items(ctx, checklist: Checklist, by: str) -> None:
    """On a terminal: ask for each manual item still open (a reason for each HIGH finding)."""
    for item in list(checklist.items):
        if item.kind != MANUAL or item.state != PENDING:
            continue
        if item.rule:
            reason = ask(ctx, f"{item.title} ({item.evidence}). Reason to go ahead (empty: no): ").strip()
            if reason:
                checklist.confirm(item.id, by, reason)
        elif ask(ctx, f"{item.title}? [y/N] ").strip().lower() in ("y", "yes"):
            checklist.confirm(item.id, by)


def run(args, ctx) -> int:
    project = ctx.project
    env = project.env(args.env)
    interactive = is_interactive()
    acks = parse_acks(args.ack)
    refusal = protected_refusal(env, confirm=args.confirm, yes=args.yes)
    if refusal and not (interactive and not args.confirm):
        raise DriftdeckError(refusal)
    printer = StepPrinter(ctx)
    apply_run = ApplyRun(project, env, to=args.to, accept=tuple(args.accept_modified), with_data=args.with_data,
                         on_event=printer)
    plan = apply_run.make_plan()
    if not plan.migrations:
        ctx.out.print(f"{env.name}: nothing pending; nothing to apply.", markup=False)
        return 0
    where = f"{env.name}{' (protected)' if env.protected else ''}"
    ctx.out.print(f"Applying {len(plan.migrations)} migration(s) to {where}:", markup=False)
    ctx.out.print(render_plan(plan), end="")
    if refusal:  # protected, on a terminal: the name typed at the prompt
        typed = ask(ctx, f"{env.name} is protected: type its name to apply: ").strip()
        if typed != env.name:
            raise DriftdeckError(f"{env.name} is protected and its name was not typed; nothing was applied.")
    elif not args.yes and not env.protected:
        if not interactive:
            raise DriftdeckError(f"applying to {env.name} needs --yes when it does not run in a terminal.")
        if ask(ctx, f"Apply to {env.name}? [y/N] ").strip().lower() not in ("y", "yes"):
            raise DriftdeckError("not confirmed; nothing was applied.")
    confirm_manual = None
    if interactive and not args.yes:
        def confirm_manual(checklist):  # noqa: E306 - a prompt between the checks and the refusal
            ctx.out.print(Text("Checklist items to confirm:", style="bold"))
            prompt_manual_items(ctx, checklist, apply_run.by)
    try:
        apply_run.run(yes=args.yes, acks=acks,
                      confirm_manual=confirm_manual)
    finally:
        printer.stop()
        if apply_run.audit_path:
            ctx.out.print(f"Recorded in {apply_run.audit_path} (run {apply_run.entry.run_id}).", markup=False, style="dim")
    for item in apply_run.checklist.items if apply_run.checklist else ():
        if item.rule and item.reason == "confirmed with --yes":
            ctx.err.print(f"note: {item.rule} acknowledged by --yes without a reason; --ack {item.rule}=REASON records one.",
                          markup=False, highlight=False)
    rest = f" up to {plan.migrations[-1].migration.label}" if args.to else ""
    ctx.out.print(Text(f"{env.name}: {len(apply_run.applied)} migration(s) applied; nothing pending{rest}.", style="green"))
    return 0
