"""`driftdeck log [ENV]`: the audit log — every apply, rollback and restore run (who, when, what,
backup, outcome), newest last, from ``.driftdeck/audit.jsonl`` of the project."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from tui.apply.audit import audit_path, read_entries, who_label

OUTCOME_STYLE = {"applied": "green", "rolled-back": "green", "restored": "green", "nothing-to-do": "dim",
                 "failed": "bold red", "refused": "yellow", "cancelled": "yellow"}


def register(sub) -> None:
    p = sub.add_parser("log", help="the audit log: every apply, rollback and restore run (who, when, what, outcome)",
                       description="Show .driftdeck/audit.jsonl of the project, oldest first.")
    p.add_argument("env", nargs="?", metavar="ENV", help="only this environment's runs")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="the last N runs (default 50; 0 = all)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="json: the lines as a JSON array")
    p.set_defaults(run=run)


def _when(entry: dict) -> str:
    text = str(entry.get("started_at") or "")
    return text[:16].replace("T", " ")


def run(args, ctx) -> int:
    project = ctx.project
    if args.env:
        project.env(args.env)  # an unknown name is an error, not an empty log
    entries, warnings = read_entries(project, args.env)
    if args.limit:
        entries = entries[-args.limit:]
    for w in warnings:
        ctx.err.print(f"warning: {w}", markup=False, highlight=False)
    if args.format == "json":
        print(json.dumps(entries, indent=2))
        return 0
    if not entries:
        where = f" for {args.env}" if args.env else ""
        ctx.out.print(f"No runs recorded{where} yet ({audit_path(project)}).", markup=False)
        return 0
    table = Table(show_edge=False, pad_edge=False)
    for col in ("when (UTC)", "env", "run", "who", "migrations", "outcome", "backup", "took"):
        table.add_column(col, overflow="fold")
    for e in entries:
        migrations = e.get("migrations") or []
        shown = ", ".join(migrations[:3]) + (f" +{len(migrations) - 3}" if len(migrations) > 3 else "")
        outcome = Text(str(e.get("outcome")), style=OUTCOME_STYLE.get(str(e.get("outcome")), ""))
        if e.get("error"):
            outcome.append(f"\n{e['error']}", style="dim")
        smoke = e.get("smoke") or []
        if smoke:
            failed = sum(1 for r in smoke if r.get("status") == "fail")
            outcome.append(f"\nsmoke: {len(smoke) - failed}/{len(smoke)} ok", style="red" if failed else "dim")
        took = f"{(e.get('duration_ms') or 0) / 1000:.1f} s"
        table.add_row(_when(e), str(e.get("environment")), str(e.get("kind")), who_label(e.get("who") or {}),
                      shown or "—", outcome, str(e.get("backup") or "—"), took)
    ctx.out.print(table)
    ctx.out.print(f"{len(entries)} run(s) from {audit_path(project)}.", markup=False, style="dim")
    return 0
