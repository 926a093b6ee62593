"""`driftdeck drift SOURCE TARGET`: what differs between two databases and the SQL that brings TARGET in line.

SOURCE and TARGET are each an environment name of the project, a postgres URL, or
``migrations`` / ``migrations:all`` / ``migrations:ID`` (the migration folder replayed into a
scratch database by ``tui.migrations.replay.replay_database``: with ``migrations`` only the
migrations recorded as applied on the other side are replayed).
Every audit connection is read-only. Exit codes: 0 no drift, 2 drift, 1 error. Objects of kinds
driftdeck does not compare are listed in every format, and exit 2 when they differ (never 0).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tui.errors import DriftdeckError
from tui.pg.connect import database_name, is_url, mask_url


@dataclass(frozen=True)
class Side:
    """One side of the comparison, resolved to a URL."""

    spec: str
    name: str  # what people see: environment name, masked URL, "migrations"
    url: str


def register(sub) -> None:
    p = sub.add_parser(
        "drift",
        help="what differs between two databases, and the SQL that brings TARGET to SOURCE's schema",
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
    p.set_defaults(run=run)


def _project_or_none(ctx):
    try:
        return ctx.project
    except DriftdeckError:
        return None


def resolve(spec: str, other: str, ctx) -> Side:
    """An environment name, a URL or migrations[:all] → a Side (replaying the folder when asked)."""
    if is_url(spec):
        return Side(spec, mask_url(spec), spec)
    project = ctx.project
    if spec == "migrations" or spec.startswith("migrations:"):
        try:
            from tui.migrations.replay import replay_database
        except ImportError:
            raise DriftdeckError("replaying the migration folder is not available in this build.") from None
        against = None
        if spec == "migrations" and not is_url(other) and not other.startswith("migrations"):
            against = project.env(other)
        url = replay_database(project, spec, against, progress=ctx.progress)
        return Side(spec, spec, url)
    env = project.env(spec)
    return Side(spec, env.name, env.url)


def _short_names(source: Side, target: Side) -> tuple[Side, Side]:
    """URLs are long: people see their database names (or SOURCE/TARGET when those clash)."""
    names = []
    for side, word in ((source, "SOURCE"), (target, "TARGET")):
        names.append(database_name(side.url) or word if is_url(side.spec) else side.name)
    if names[0] == names[1]:
        names = [n if not is_url(side.spec) else word
                 for n, side, word in zip(names, (source, target), ("SOURCE", "TARGET"))]
    return Side(source.spec, names[0], source.url), Side(target.spec, names[1], target.url)


def compare(source: Side, target: Side, *, schemas=None, exclude=(), grants=False):
    """Both snapshots (in parallel, read-only) and their drift."""
    from tui.pg.catalog import snapshot
    from tui.schema.diff import diff

    def snap(side: Side):
        label = side.name if not is_url(side.spec) else mask_url(side.url)
        return snapshot(side.url, label=label, read_only=True, schemas=schemas or None, exclude=exclude, grants=grants)

    with ThreadPoolExecutor(max_workers=2) as pool:
        fs, ft = pool.submit(snap, source), pool.submit(snap, target)
        src, tgt = fs.result(), ft.result()
    return diff(src, tgt)


def run(args, ctx) -> int:
    from tui.schema.not_compared import sentence
    from tui.schema.render import drift_json, drift_tree, summary_line
    from tui.schema.sqlgen import generate

    if args.source == args.target:
        raise DriftdeckError(f"SOURCE and TARGET are both {args.source}: name two different databases.")
    source = resolve(args.source, args.target, ctx)
    target = resolve(args.target, args.source, ctx)
    source, target = _short_names(source, target)
    drift = compare(source, target, schemas=args.schema, exclude=args.exclude, grants=args.grants)
    project = _project_or_none(ctx) if not (is_url(args.source) and is_url(args.target)) else None
    lock_timeout = project.apply.lock_timeout if project else "5s"
    statement_timeout = project.apply.statement_timeout if project else "15min"

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
            print(plan.sql(), end="")
    else:
        if not drift.is_empty:
            ctx.out.print(drift_tree(drift, source.name, target.name), soft_wrap=False)
        elif drift.not_compared:
            ctx.out.print(sentence(drift.not_compared, source.name, target.name), markup=False,
                          style="bold yellow" if drift.differs else "dim")
        ctx.out.print(summary_line(drift, source.name, target.name), markup=False)
        if not drift.is_empty:
            ctx.out.print(f"Run with --format sql for the SQL that brings {target.name} to {source.name}'s schema.",
                          markup=False, style="dim")
    return 2 if drift.differs else 0
