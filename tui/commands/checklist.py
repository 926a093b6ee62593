"""`driftdeck checklist ENV`: the pre-apply checklist — machine-checked items with their evidence and
the items a person confirms (``--yes``) or acknowledges (``--ack RULE=REASON``). Exit 0 when apply
may go on, 1 when a protected environment still misses a blocking item."""

from __future__ import annotations

import json

from rich.text import Text

from tui.apply.audit import who, who_label
from tui.apply.checklist import CONFIRMED, FAIL, PASS, PENDING, SKIP, WARN, Checklist, build_checklist, parse_acks
from tui.apply.plan import build_plan
from tui.commands.plan import add_plan_options
from tui.errors import DriftdeckError

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "the pre-apply checklist for ENV: machine checks with evidence, items a person confirms"

STATE_STYLE = {PASS: "green", CONFIRMED: "green", WARN: "yellow", FAIL: "bold red", PENDING: "yellow", SKIP: "dim"}
STATE_MARK = {PASS: "✓", CONFIRMED: "✓", WARN: "!", FAIL: "✗", PENDING: "?", SKIP: "–"}


def add_confirm_options(p) -> None:
    p.add_argument("--yes", action="store_true", help="confirm the manual items (low-traffic window, teammate…)")
    p.add_argument("--ack", action="append", default=[], metavar="RULE=REASON",
                   help="acknowledge the plan's HIGH findings of RULE, with a reason (repeatable)")


def register(sub) -> None:
    p = sub.add_parser(
        "checklist",
        help=HELP,
        description="Check ENV before applying. Exit 1 when a protected environment misses a blocking item.",
    )
    p.add_argument("env", metavar="ENV", nargs="?")
    add_plan_options(p)
    add_confirm_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--launch", action="store_true",
                   help="the pre-launch checklist instead (.driftdeck/launch.json): exit 0 only when every item holds")
    p.add_argument("--freeze-date", metavar="YYYY-MM-DD", help="with --launch: set the schema freeze date")
    p.add_argument("--tick", action="append", default=[], metavar="ITEM",
                   help="with --launch: tick an item a person confirms (repeatable)")
    p.set_defaults(run=run)


def apply_confirmations(checklist: Checklist, args, person: dict) -> None:
    """``--ack`` then ``--yes`` on a checklist (acks first, so their reasons are kept)."""
    by = who_label(person)
    for rule, reason in parse_acks(args.ack):
        checklist.acknowledge(rule, reason, by)
    if args.yes:
        checklist.confirm_all_manual(by)


def render_checklist(checklist: Checklist) -> Text:
    """One line per item (mark, title, blocking) and its evidence indented below."""
    out = Text()
    for item in checklist.items:
        out.append(f"{STATE_MARK[item.state]} ", style=STATE_STYLE[item.state])
        out.append(item.title)
        if item.blocking and checklist.protected:
            out.append(" (blocking)", style="dim")
        evidence = item.evidence
        if item.state == CONFIRMED:
            evidence = f"confirmed by {item.by} at {item.at:%Y-%m-%d %H:%M} UTC" + (f": {item.reason}" if item.reason else "")
        elif item.state == PENDING:
            evidence = (item.evidence + " — " if item.evidence else "") + (
                f"acknowledge with --ack {item.rule}=REASON" if item.rule else "confirm with --yes")
        if evidence:
            out.append(f"\n    {evidence}", style="dim" if item.state in (PASS, SKIP, CONFIRMED) else "")
        out.append("\n")
    return out


def run(args, ctx) -> int:
    if args.launch:
        from tui.commands.launch_checklist import run_launch

        return run_launch(args, ctx)
    if not args.env:
        raise DriftdeckError("checklist needs an environment (driftdeck checklist ENV) or --launch.")
    project = ctx.project
    plan = build_plan(project, args.env, to=args.to, accept=args.accept_modified)
    if plan.refusal:
        raise DriftdeckError(plan.refusal)
    checklist = build_checklist(plan)
    apply_confirmations(checklist, args, who(project.root))
    refusal = checklist.refusal()
    if args.format == "json":
        print(json.dumps(checklist.to_dict(), indent=2, default=str))
    else:
        env = plan.env
        ctx.out.print(f"Checklist for {env.name}{' (protected: every blocking item is required)' if env.protected else ''}"
                      f" — {len(plan.migrations)} migration(s) pending.", markup=False)
        ctx.out.print(render_checklist(checklist))
        if refusal is None:
            ctx.out.print(f"Ready: `driftdeck apply {env.name}" + (f" --confirm {env.name}`." if env.protected else "`."),
                          markup=False, style="green")
    if refusal:
        ctx.err.print(f"driftdeck: {refusal}", markup=False, highlight=False)
        return 1
    return 0
