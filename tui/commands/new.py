"""`driftdeck new NAME [--from-drift SOURCE TARGET]`: a new migration in the project's layout.

Without --from-drift, a template (header, idempotent guards, rollback section). With it,
the drift engine's production-safe SQL that brings TARGET to SOURCE's schema, and its rollback.
"""

from __future__ import annotations

from tui.files import shown_path
from tui.workflows.new import TEMPLATE, from_drift, write

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "write a new migration file in the project's layout (template, or --from-drift SOURCE TARGET)"


def register(sub) -> None:
    p = sub.add_parser(
        "new",
        help=HELP,
        description="Write a new migration in the layout's own naming. With --from-drift, fill it with the SQL"
        " that brings TARGET to SOURCE's schema (and its rollback).",
    )
    p.add_argument("name", metavar="NAME", help="what the migration does, e.g. add_users_last_login")
    p.add_argument("--from-drift", nargs=2, metavar=("SOURCE", "TARGET"), help="fill it from the drift between two databases")
    p.add_argument("--unsafe", action="store_true", help="with --from-drift: keep destructive statements active")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    project = ctx.project
    draft = TEMPLATE
    if args.from_drift:
        draft = from_drift(project, args.from_drift[0], args.from_drift[1], unsafe=args.unsafe, progress=ctx.progress)
    path = write(project, args.name, draft)
    ctx.out.print(f"Created {shown_path(path)}", markup=False)
    return 0
