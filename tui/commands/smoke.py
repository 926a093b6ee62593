"""`driftdeck smoke ENV`: the smoke checks on ENV now (read-only): INVALID indexes, NOT VALID
constraints, critical tables, row counts, the schema against the previous environment for what the
last apply changed, a latency probe and the project's ``[[smoke]]`` queries. Exit 1 when one fails."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from tui.apply.smoke import FAIL, PASS, SKIP, WARN, SmokeReport, run_smoke

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "health checks on ENV: invalid indexes, NOT VALID constraints, critical tables, row counts, [[smoke]] SQL"

STYLE = {PASS: "green", WARN: "yellow", FAIL: "bold red", SKIP: "dim"}


def register(sub) -> None:
    p = sub.add_parser(
        "smoke",
        help=HELP,
        description="Run the smoke checks on ENV (read-only). Exit 1 when a check fails.",
    )
    p.add_argument("env", metavar="ENV")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def render_smoke(report: SmokeReport) -> Table:
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("check", overflow="fold")
    table.add_column("expected", overflow="fold")
    table.add_column("found", overflow="fold", ratio=2)
    for r in report.results:
        found = r.found + (f" ({r.detail})" if r.detail else "")
        table.add_row(Text(r.status, style=STYLE.get(r.status, "")), r.check, r.expected, found)
    return table


def run(args, ctx) -> int:
    project = ctx.project
    env = project.env(args.env)
    report = run_smoke(project, env)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, default=str))
    else:
        ctx.out.print(f"Smoke checks on {env.name}:", markup=False)
        ctx.out.print(render_smoke(report))
        ctx.out.print(report.summary() + ".", markup=False, style="green" if report.passed else "bold red")
    if not report.passed:
        names = ", ".join(r.check for r in report.failures)
        ctx.err.print(f"driftdeck: smoke checks failed on {env.name}: {names}.", markup=False, highlight=False)
        return 1
    return 0
