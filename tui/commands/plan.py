"""`driftdeck plan ENV`: the pending migrations in apply order, each with its review verdict,
transaction mode, rollback and estimated lock; refused (exit 1) while the history is inconsistent
until each problem is acknowledged with ``--accept-modified ID``."""

from __future__ import annotations

import json

from rich.text import Text

from tui.apply.plan import Plan, build_plan
from tui.errors import DriftdeckError

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "what apply would run on ENV: pending migrations with verdict, transaction, rollback and lock"

VERDICT_STYLE = {"SAFE TO DEPLOY": "green", "REVIEW NEEDED": "yellow", "BLOCKED": "bold red"}


def add_plan_options(p) -> None:
    """``--to ID`` and ``--accept-modified ID`` (shared by plan, checklist and apply)."""
    p.add_argument("--to", metavar="ID", help="stop after this migration (id or file name)")
    p.add_argument("--accept-modified", action="append", default=[], metavar="ID",
                   help="acknowledge a migration changed after apply, applied with its file missing, or out of order (repeatable)")


def register(sub) -> None:
    p = sub.add_parser(
        "plan",
        help=HELP,
        description="Show the pending migrations of ENV in apply order. Exit 1 while ENV's history is inconsistent.",
    )
    p.add_argument("env", metavar="ENV")
    add_plan_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def render_plan(plan: Plan) -> Text:
    """One block per migration: its file, then verdict · transaction · rollback · lock, then findings."""
    out = Text()
    for n, p in enumerate(plan.migrations, 1):
        out.append(f"{n:>2}  ", style="bold")
        out.append(p.migration.label, style="bold")
        if p.retry:
            out.append(" (failed before: retried)", style="yellow")
        out.append("\n    ")
        out.append(p.verdict, style=VERDICT_STYLE.get(p.verdict, ""))
        out.append(" · ")
        out.append(p.mode_text(), style="" if p.transactional else "yellow")
        out.append(" · rollback: ")
        out.append("yes" if p.rollback else "none (restore the backup)", style="" if p.rollback else "yellow")
        out.append(f" · lock: {p.lock_text()}")
        for f in p.findings:
            out.append(f"\n    {f.risk.upper()} {f.rule} (line {f.line}): {f.title}",
                       style="red" if f.risk == "high" else "yellow")
        out.append("\n")
    return out


def run(args, ctx) -> int:
    plan = build_plan(ctx.project, args.env, to=args.to, accept=args.accept_modified)
    if args.format == "json":
        print(json.dumps(plan.to_dict(), indent=2, default=str))
        if plan.refusal:
            ctx.err.print(f"driftdeck: {plan.refusal}", markup=False, highlight=False)
        return 1 if plan.refusal else 0
    if plan.refusal:
        raise DriftdeckError(plan.refusal)
    env = plan.env
    for issue in plan.issues:
        ctx.out.print(f"acknowledged: {issue.sentence()}.", markup=False, style="yellow")
    if not plan.migrations:
        ctx.out.print(f"{env.name}: nothing pending; every migration in the folder is applied there.", markup=False)
        return 0
    where = f"{env.name}{' (protected)' if env.protected else ''}"
    ctx.out.print(f"Plan for {where}: {len(plan.migrations)} migration(s) to apply, in this order.", markup=False)
    ctx.out.print(render_plan(plan))
    ctx.out.print(Text.assemble("Verdict: ", Text(plan.verdict, style=VERDICT_STYLE.get(plan.verdict, ""))))
    hint = f"driftdeck apply {env.name}" + (f" --confirm {env.name}" if env.protected else "")
    ctx.out.print(f"Next: `driftdeck checklist {env.name}`, then `{hint}`.", markup=False, style="dim")
    return 0
