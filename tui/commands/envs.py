"""`driftdeck envs`: each environment's masked URL, reachability, server version, protection and pending count."""

from __future__ import annotations

import json

from rich.table import Table

from tui.reporters.cells import Middle

from tui.workflows.envs import overview

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "list environments: masked URL, reachable, server version, protected, pending migrations"


def _json(s) -> dict:
    last = s.last_apply
    return {
        "name": s.name, "url": s.url, "protected": s.protected, "reachable": s.reachable, "version": s.version,
        "problem": s.problem, "pending": s.pending,
        "last_apply": {"migration": last.migration, "at": last.at.isoformat() if last.at else None, "by": last.by}
        if last else None,
    }


def register(sub) -> None:
    p = sub.add_parser("envs", help=HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    project = ctx.project
    statuses = overview(project)
    if args.format == "json":
        print(json.dumps([_json(s) for s in statuses], indent=2))
    else:
        if not statuses:
            ctx.out.print(
                "No environments: add [environments.NAME] to driftdeck.toml, or set DATABASE_URL,"
                " STAGING_DATABASE_URL and PRODUCTION_DATABASE_URL.",
                markup=False,
            )
            return 0
        table = Table(title=f"Environments of {project.display_name}", title_justify="left", show_edge=False, pad_edge=False)
        for col in ("environment", "url", "reachable", "server", "protected", "pending"):
            table.add_column(col, overflow="fold", ratio=1 if col == "url" else None)
        for s in statuses:
            table.add_row(
                s.name,
                Middle(s.url, url=True),  # one line, never folded; shortened before the database name
                "[green]yes[/green]" if s.reachable else "[red]no[/red]",
                s.version or "—",
                "[yellow]protected[/yellow]" if s.protected else "",
                str(s.pending) if s.pending is not None else "—",
            )
        ctx.out.print(table)
    problems = [s.problem for s in statuses if s.problem]
    for problem in problems:
        ctx.err.print(f"driftdeck: {problem}", markup=False, highlight=False)
    return 1 if problems else 0
