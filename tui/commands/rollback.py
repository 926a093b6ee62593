"""`driftdeck rollback ENV [--to ID]`: run the down migrations of the last applied migration (or of
every migration applied after ID), newest first, after a backup; the history rows go the tool's way.
Where a migration has no down part, says so and points to `driftdeck restore`. Protected
environments need ``--confirm ENV``; others ``--yes`` when not in a terminal."""

from __future__ import annotations

import json

from rich.text import Text

from tui.apply.pipeline import protected_refusal
from tui.apply.rollback import RollbackRun, rollback_plan
from tui.commands.apply import StepPrinter, is_interactive, ask
from tui.errors import DriftdeckError

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "undo the last applied migration(s) on ENV with their down migrations (backup first)"


def register(sub) -> None:
    p = sub.add_parser(
        "rollback",
        help=HELP,
        description="Roll back ENV: the last applied migration, or with --to ID every migration applied after ID.",
    )
    p.add_argument("env", metavar="ENV")
    p.add_argument("--to", metavar="ID", help="roll back every migration applied after ID (ID stays applied)")
    p.add_argument("--yes", action="store_true", help="do not ask (not enough alone for a protected environment)")
    p.add_argument("--confirm", metavar="ENV", help="type the environment's name: required for protected environments")
    p.add_argument("--no-backup", action="store_true", help="skip the backup taken before rolling back")
    p.add_argument("--dry-run", action="store_true", help="only show what would be rolled back")
    p.add_argument("--format", choices=("text", "json"), default="text", help="with --dry-run: json for scripts")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    project = ctx.project
    env = project.env(args.env)
    plan = rollback_plan(project, env, to=args.to)
    if args.dry_run and args.format == "json":
        print(json.dumps(plan.to_dict() | {"refused": plan.refusal(project)}, indent=2))
        return 1 if plan.refusal(project) else 0
    refusal = plan.refusal(project)
    if refusal:
        raise DriftdeckError(refusal)
    ctx.out.print(f"Rolling back {len(plan.undo)} migration(s) on {env.name}, newest first:", markup=False)
    for m in plan.undo:
        where = m.down_path.name if m.down_path else "its -- migrate:down part"
        ctx.out.print(f"  {m.label} (down: {where})", markup=False)
    if args.dry_run:
        return 0
    interactive = is_interactive()
    confirm = protected_refusal(env, confirm=args.confirm, yes=args.yes, verb="roll back")
    if confirm:
        if not interactive or args.confirm:
            raise DriftdeckError(confirm)
        if ask(ctx, f"{env.name} is protected: type its name to roll back: ").strip() != env.name:
            raise DriftdeckError(f"{env.name} is protected and its name was not typed; nothing was rolled back.")
    elif not args.yes and not env.protected:
        if not interactive:
            raise DriftdeckError(f"rolling back {env.name} needs --yes when it does not run in a terminal.")
        if ask(ctx, f"Roll back on {env.name}? [y/N] ").strip().lower() not in ("y", "yes"):
            raise DriftdeckError("not confirmed; nothing was rolled back.")
    printer = StepPrinter(ctx)
    printer.migration_step = "rollback"
    rb = RollbackRun(project, env, plan, on_event=printer)
    try:
        rb.run(backup=not args.no_backup)
    finally:
        printer.stop()
        if rb.audit_path:
            ctx.out.print(f"Recorded in {rb.audit_path} (run {rb.entry.run_id}).", markup=False, style="dim")
    if rb.smoke is not None and not rb.smoke.passed:
        names = ", ".join(r.check for r in rb.smoke.failures)
        raise DriftdeckError(f"rolled back on {env.name}, but smoke checks failed: {names}.")
    ctx.out.print(Text(f"{env.name}: {len(rb.undone)} migration(s) rolled back.", style="green"))
    return 0
