"""`driftdeck envs`: each environment's masked URL, reachability, server version, protection and pending count."""

from __future__ import annotations

import json

from rich.table import Table

from tui.errors import DriftdeckError
from tui.pg.health import check_envs


def pending_counts(project) -> dict[str, int]:
    """Pending migrations per reachable environment; empty when the project has no migration folder."""
    from tui.migrations import status_matrix

    try:
        matrix = status_matrix(project)
    except DriftdeckError:
        return {}
    return {e.env: len(e.pending) for e in matrix.envs if e.reachable}


def register(sub) -> None:
    p = sub.add_parser("envs", help="list environments: masked URL, reachable, server version, protected, pending migrations")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    project = ctx.project
    statuses = check_envs(project.environments)
    pending = pending_counts(project) if any(s.reachable for s in statuses) else {}
    if args.format == "json":
        print(json.dumps([{**s.__dict__, "pending": pending.get(s.name)} for s in statuses], indent=2))
    else:
        if not statuses:
            ctx.out.print(
                "No environments: add [environments.NAME] to driftdeck.toml, or set DATABASE_URL,"
                " STAGING_DATABASE_URL and PRODUCTION_DATABASE_URL.",
                markup=False,
            )
            return 0
        table = Table(title=f"Environments of {project.display_name}", title_justify="left")
        for col in ("environment", "url", "reachable", "server", "protected", "pending"):
            table.add_column(col, overflow="fold")
        for s in statuses:
            table.add_row(
                s.name,
                s.url,
                "[green]yes[/green]" if s.reachable else "[red]no[/red]",
                s.version or "—",
                "[yellow]protected[/yellow]" if s.protected else "",
                str(pending[s.name]) if s.name in pending else "—",
            )
        ctx.out.print(table)
    problems = [s.problem for s in statuses if s.problem]
    for problem in problems:
        ctx.err.print(f"driftdeck: {problem}", markup=False, highlight=False)
    return 1 if problems else 0
