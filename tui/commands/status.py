"""`driftdeck status [ENV…]`: migrations × environments — applied (when, by whom), pending,
modified after apply, applied but the file is missing, failed, out of order."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from tui.reporters.cells import Middle

from tui.migrations.status import APPLIED, FAILED, MISSING, MODIFIED, PENDING, Cell
from tui.workflows.status import matrix as status_matrix

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "which migrations are applied where: applied, pending, modified, missing file, out of order"

_STYLE = {APPLIED: "green", PENDING: "yellow", MODIFIED: "bold red", MISSING: "bold magenta", FAILED: "bold red"}


def register(sub) -> None:
    p = sub.add_parser(
        "status",
        help=HELP,
        description="Show every migration of the project's folder against each environment's history table.",
    )
    p.add_argument("envs", nargs="*", metavar="ENV", help="environments to show (default: all, in promotion order)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def _cell_text(cell: Cell | None) -> Text:
    if cell is None:
        return Text("")
    label = {APPLIED: "✓", MISSING: "✓ file missing", MODIFIED: "✓ modified after apply"}.get(cell.state, cell.state)
    if cell.is_applied and cell.applied_at:
        label += f" {cell.applied_at:%Y-%m-%d}"
    if cell.is_applied and cell.applied_by:
        label += f" {cell.applied_by}"
    text = Text(label, style=_STYLE.get(cell.state, ""))
    if cell.out_of_order:
        text.append(" · out of order", style="bold yellow")
    if cell.state == FAILED and cell.note:
        text.append(f" ({cell.note})", style="dim")
    return text


def run(args, ctx) -> int:
    project = ctx.project
    matrix = status_matrix(project, args.envs)
    folder, envs = matrix.folder, matrix.envs
    if args.format == "json":
        print(json.dumps(matrix.to_dict(), indent=2, default=str))
    else:
        layout = folder.layout
        where = layout.folder
        try:
            where = layout.folder.relative_to(project.root)
        except ValueError:
            pass
        ctx.out.print(
            f"Layout: {layout.name}{' (detected)' if layout.detected else ''} · folder {where} · "
            f"{len(folder)} migration(s) · history table {layout.history_table}",
            markup=False,
        )
        for warning in folder.warnings:
            ctx.out.print(Text(f"warning: {warning}", style="yellow"))
        by = folder.by_id()
        table = Table(show_edge=False, pad_edge=False)
        table.add_column("migration", overflow="fold", ratio=2)
        for e in matrix.envs:
            title = e.env + ("" if e.reachable else " (not read)")
            if e.source and e.source != e.table:
                title += f" (from {e.source})"
            table.add_column(title, overflow="fold", ratio=1)
        for key in matrix.row_ids():
            m = by.get(key)
            table.add_row(Middle(m.label if m else f"{key} (no file)"), *[_cell_text(e.cells.get(key)) for e in matrix.envs])
        if folder.migrations or matrix.envs:
            ctx.out.print(table)
        if not envs:
            ctx.out.print(
                "No environments configured: add [environments.NAME] to driftdeck.toml or set DATABASE_URL to see what is applied where.",
                markup=False,
            )
        for e in matrix.envs:
            if e.reachable and not e.history_exists and not e.source:
                ctx.out.print(f"{e.env}: no history table {e.table} yet (nothing recorded as applied).", markup=False)
            elif e.reachable:
                ctx.out.print(e.summary(), markup=False)
    problems = [e.problem for e in matrix.envs if e.problem]
    for problem in problems:
        ctx.err.print(f"driftdeck: {problem}", markup=False, highlight=False)
    return 1 if problems else 0
