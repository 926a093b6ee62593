"""`driftdeck drift SOURCE TARGET`: what differs between two databases and the SQL that brings TARGET in line.

SOURCE and TARGET are each an environment name of the project, a postgres URL, or
``migrations`` / ``migrations:all`` / ``migrations:ID`` (the migration folder replayed into a
scratch database: with ``migrations`` only the migrations recorded as applied on the other side
are replayed). The work is :mod:`tui.workflows.drift`; this module parses and prints.
Every audit connection is read-only. Exit codes: 0 no drift, 2 drift, 1 error. Objects of kinds
driftdeck does not compare are listed in every format, and exit 2 when they differ (never 0).
"""

from __future__ import annotations

import json

from tui.errors import DriftdeckError
from tui.words import possessive
from tui.pg.connect import is_url
from tui.workflows.drift import compare, plan_settings, resolve_pair

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "what differs between two databases, and the SQL that brings TARGET to SOURCE's schema"


def register(sub) -> None:
    p = sub.add_parser(
        "drift",
        help=HELP,
        description="Compare SOURCE (the desired schema) with TARGET. SOURCE/TARGET: an environment name,"
        " a postgres URL, or 'migrations' / 'migrations:all' (the migration folder replayed into a scratch"
        " database). Exit codes: 0 no drift, 2 drift, 1 error.",
    )
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("target", metavar="TARGET")
    p.add_argument("--format", choices=("tree", "json", "sql"), default="tree",
                   help="tree (default, for people), json (stable, for scripts), sql (the migration)")
    p.add_argument("--schema", action="append", default=[], metavar="S", help="only this schema (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip schemas or objects whose name or schema.name matches (repeatable)")
    p.add_argument("--unsafe", action="store_true", help="include destructive statements instead of commenting them out")
    p.add_argument("--grants", action="store_true", help="also compare privileges")
    p.add_argument("--owners", action="store_true", help="also compare who owns each object")
    p.set_defaults(run=run)


def _project_or_none(ctx):
    try:
        return ctx.project
    except DriftdeckError:
        return None


def _imports(fmt: str) -> None:
    """What printing the drift needs, imported while the snapshots wait on the servers (the SQL
    planner only for the formats that show the plan)."""
    import tui.reporters.drift  # noqa: F401
    if fmt != "tree":
        import tui.schema.sqlgen.hold_back  # noqa: F401 (generate() imports the planner when first called)
        import tui.schema.sqlgen.planner  # noqa: F401


def run(args, ctx) -> int:
    both_urls = is_url(args.source) and is_url(args.target)
    source, target = resolve_pair(None if both_urls else ctx.project, args.source, args.target, ctx.progress)
    drift = compare(source, target, schemas=args.schema, exclude=args.exclude, grants=args.grants, owners=args.owners,
                    progress=ctx.progress, meanwhile=lambda: _imports(args.format))
    from tui.schema.not_compared import sentence
    from tui.reporters.drift import drift_json, drift_tree, summary_line
    from tui.schema.sqlgen import generate

    lock_timeout, statement_timeout = plan_settings(None if both_urls else _project_or_none(ctx))

    if args.format == "json":
        plan = generate(drift, unsafe=args.unsafe, lock_timeout=lock_timeout, statement_timeout=statement_timeout)
        print(json.dumps(drift_json(drift, plan), indent=2))
    elif args.format == "sql":
        if drift.is_empty:
            if drift.not_compared:
                print(f"-- {sentence(drift.not_compared, source.name, target.name)}")
            print(f"-- no drift{' in what driftdeck compares' if drift.differs else ''}: {target.name} matches the"
                  f" schema of {source.name}; nothing to do.")
        else:
            plan = generate(drift, unsafe=args.unsafe, lock_timeout=lock_timeout, statement_timeout=statement_timeout)
            print(plan.sql(reveal_secrets=True), end="")  # asked for explicitly: SOURCE's secret values included
    else:
        if not drift.is_empty:
            ctx.out.print(drift_tree(drift, source.name, target.name), soft_wrap=False)
        elif drift.not_compared:
            ctx.out.print(sentence(drift.not_compared, source.name, target.name), markup=False,
                          style="bold yellow" if drift.differs else "dim")
        ctx.out.print(summary_line(drift, source.name, target.name), markup=False)
        if not drift.is_empty:
            ctx.out.print(f"Run with --format sql for the SQL that brings {target.name} to {possessive(source.name)} schema.",
                          markup=False, style="dim")
    return 2 if drift.differs else 0
