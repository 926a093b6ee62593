"""`driftdeck log [ENV]`: the audit log — every apply, rollback and restore run (who, when, what,
backup, outcome), newest last, from ``.driftdeck/audit.jsonl`` of the project."""

from __future__ import annotations

import json

from rich.text import Text

from tui.apply.audit import audit_path, read_entries, who_label

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "the audit log: every apply, rollback and restore run (who, when, what, outcome)"

OUTCOME_STYLE = {"applied": "green", "rolled-back": "green", "restored": "green", "nothing-to-do": "dim",
                 "failed": "bold red", "refused": "yellow", "cancelled": "yellow"}


def register(sub) -> None:
    p = sub.add_parser("log", help=HELP,
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
    out = Text()
    for e in entries:
        outcome = str(e.get("outcome"))
        out.append(f"{_when(e)}  ", style="bold")
        out.append(f"{e.get('environment')}  {e.get('kind')}  ")
        out.append(outcome, style=OUTCOME_STYLE.get(outcome, ""))
        out.append(f"  ({(e.get('duration_ms') or 0) / 1000:.1f} s, run {e.get('run_id')})\n", style="dim")
        out.append(f"    by {who_label(e.get('who') or {})}\n")
        migrations = e.get("migrations") or []
        if migrations:
            out.append(f"    migrations: {', '.join(migrations)}\n")
        if e.get("backup"):
            out.append(f"    backup: {e['backup']}\n")
        rehearsal = e.get("rehearsal") or {}
        if rehearsal:
            out.append(f"    rehearsal: {rehearsal.get('status')}\n", style="" if rehearsal.get("status") == "ok" else "red")
        smoke = e.get("smoke") or []
        if smoke:
            failed = [r.get("check") for r in smoke if r.get("status") == "fail"]
            text = f"{len(smoke) - len(failed)}/{len(smoke)} ok" + (f", failed: {', '.join(failed)}" if failed else "")
            out.append(f"    smoke: {text}\n", style="red" if failed else "")
        if e.get("error"):
            out.append(f"    error: {e['error']}\n", style="red")
    ctx.out.print(out, end="")
    ctx.out.print(f"{len(entries)} run(s) from {audit_path(project)}.", markup=False, style="dim")
    return 0
