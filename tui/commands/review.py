"""`driftdeck review [PATH…]`: find and explain every risky statement in migrations.

With no PATH it reviews the project's pending migrations (not yet applied to the last
protected environment); when that cannot be checked, every migration file. Exit 3 when an
unacknowledged finding is at or above ``--fail-on`` (default: ``[review] fail_on``, else
high), 1 on error, 0 otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.config import RISK_LEVELS
from tui.errors import DriftdeckError
from tui.files import repository_root
from tui.review import options_for, review_files
from tui.review.reporters import FORMATS, render_github, render_json, render_sarif, render_text
from tui.review.rules import all_rules
from tui.workflows.review import review_selection

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "find risky statements in migrations (locks, rewrites, data loss) and say if they are safe to deploy"


def register(sub) -> None:
    p = sub.add_parser(
        "review",
        help=HELP,
        description="Review migration files statement by statement. With no PATH: the pending migrations.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", type=Path, help="migration files or folders (default: pending migrations)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--pg-version", type=int, metavar="N", help="target PostgreSQL major version (default: [review] pg_version, else 18)")
    p.add_argument("--fail-on", choices=RISK_LEVELS, help="exit 3 at or above this risk (default: [review] fail_on, else high)")
    p.add_argument("--hygiene", action="store_true", help="also run the opt-in hygiene rules")
    p.add_argument("--rules", action="store_true", help="list every rule (id, risk, title) and exit")
    p.set_defaults(run=run)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path, Path.cwd())
        return rel if not rel.startswith("..") else str(path)
    except ValueError:
        return str(path)


def run(args, ctx) -> int:
    if args.rules:
        for r in all_rules():
            ctx.out.print(f"{r.id:36} {r.risk:7} {r.title}" + ("  (opt-in)" if r.opt_in else ""), markup=False)
        return 0
    if args.pg_version is not None and not 9 <= args.pg_version <= 30:
        raise DriftdeckError(f"--pg-version {args.pg_version} is not a PostgreSQL major version (e.g. 16).")
    project = ctx.project
    options = options_for(project, None, args.pg_version)
    if args.hygiene:
        from dataclasses import replace

        options = replace(options, hygiene=True)
    what = None
    paths = list(args.paths)
    if not paths:
        paths, what = review_selection(project, ctx.progress)
        if not paths and args.format == "text":
            ctx.out.print(f"Nothing to review: no {what.removeprefix('the ')}.", markup=False)
    report = review_files([Path(_display(Path(p))) for p in paths], options)
    if what and paths:
        report.notes.insert(0, f"reviewed {what}.")
    root = repository_root(project.root)  # where code-scanning UIs resolve paths; the project root outside git
    if args.format == "json":
        print(render_json(report))
    elif args.format == "sarif":
        print(render_sarif(report, root))
    elif args.format == "github":
        print(render_github(report, root))
    elif report.files:
        render_text(report, ctx.out, root=root)
    fail_on = args.fail_on or project.review.fail_on or "high"
    return 3 if report.fails(fail_on) else 0
