"""`driftdeck new NAME [--from-drift SOURCE TARGET]`: a new migration in the project's layout.

Without --from-drift, a template (header, idempotent guards, rollback section). With it,
the drift engine's production-safe SQL that brings TARGET to SOURCE's schema, and its rollback.
"""

from __future__ import annotations

from tui.errors import DriftdeckError
from tui.migrations.new import new_migration


def register(sub) -> None:
    p = sub.add_parser(
        "new",
        help="write a new migration file in the project's layout (template, or --from-drift SOURCE TARGET)",
        description="Write a new migration in the layout's own naming. With --from-drift, fill it with the SQL"
        " that brings TARGET to SOURCE's schema (and its rollback).",
    )
    p.add_argument("name", metavar="NAME", help="what the migration does, e.g. add_users_last_login")
    p.add_argument("--from-drift", nargs=2, metavar=("SOURCE", "TARGET"), help="fill it from the drift between two databases")
    p.add_argument("--unsafe", action="store_true", help="with --from-drift: keep destructive statements active")
    p.set_defaults(run=run)


def from_drift(source_spec: str, target_spec: str, ctx, unsafe: bool = False) -> tuple[str | None, str | None, str]:
    """(sql, rollback, description) of the drift that brings TARGET to SOURCE."""
    try:
        from tui.commands.drift import compare, resolve
        from tui.schema.sqlgen import generate
    except ImportError:
        raise DriftdeckError("--from-drift needs the drift engine, which this build does not have.") from None
    if source_spec == target_spec:
        raise DriftdeckError(f"SOURCE and TARGET are both {source_spec}: name two different databases.")
    source = resolve(source_spec, target_spec, ctx)
    target = resolve(target_spec, source_spec, ctx)
    drift = compare(source, target)
    if drift.is_empty:
        raise DriftdeckError(f"no drift: {target.name} already matches {source.name}; nothing to put in a migration.")
    project = ctx.project
    plan = generate(
        drift, unsafe=unsafe, lock_timeout=project.apply.lock_timeout, statement_timeout=project.apply.statement_timeout
    )
    return plan.sql(), plan.rollback_sql(), f"Generated from the drift between {source.name} (source) and {target.name} (target)."


def run(args, ctx) -> int:
    project = ctx.project
    sql = rollback = source = None
    if args.from_drift:
        sql, rollback, source = from_drift(args.from_drift[0], args.from_drift[1], ctx, unsafe=args.unsafe)
    path = new_migration(project, args.name, sql, rollback, source=source)
    try:
        shown = path.relative_to(project.root)
    except ValueError:
        shown = path
    ctx.out.print(f"Created {shown}", markup=False)
    return 0
