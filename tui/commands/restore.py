"""`driftdeck restore ENV BACKUP`: put a backup back into ENV, after a safety backup of what is there now.

Confirmation: a protected environment needs its name typed (``--confirm ENV``; ``--yes``
alone is refused); another one needs ``--yes`` (or ``--confirm ENV``), or the name typed at
the prompt on a terminal. The run is recorded in the audit log (kind ``restore``) by
:func:`tui.apply.restore.restore_environment`, as the apply wizard's restore is.
"""

from __future__ import annotations

import json
import sys

from tui.apply.backup import human_size
from tui.apply.confirm import refusal
from tui.apply.restore import restore_environment
from tui.commands.backup import progress_printer
from tui.errors import DriftdeckError

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "restore a backup file into ENV (a safety backup is taken first)"


def register(sub) -> None:
    p = sub.add_parser(
        "restore",
        help=HELP,
        description="Restore BACKUP (a driftdeck backup / pg_dump -Fc file) into ENV with pg_restore --clean"
        " --if-exists in one transaction, after a safety backup of ENV.",
    )
    p.add_argument("env", metavar="ENV")
    p.add_argument("backup", metavar="BACKUP", help="the .dump file to restore")
    p.add_argument("--yes", action="store_true", help="confirm (not enough for a protected environment)")
    p.add_argument("--confirm", metavar="ENV", help="type the environment's name to confirm (required when protected)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def _typed(env) -> bool:
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    try:
        answer = input(f"Restoring replaces {env.name}'s objects and data. Type {env.name} to go on: ")
    except EOFError:
        return False
    return answer.strip() == env.name


def run(args, ctx) -> int:
    project = ctx.project
    env = project.env(args.env)
    problem = refusal(env, confirm=args.confirm, yes=args.yes, verb="restore")
    if problem and not (args.confirm is None and not args.yes and _typed(env)):
        raise DriftdeckError(problem)
    on_event = progress_printer(ctx)
    ctx.progress(f"restoring {env.name} from {args.backup} (a safety backup of {env.name} first)…")
    try:
        result = restore_environment(project, env, args.backup, on_event=on_event)
    finally:
        on_event.done()
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        ctx.out.print(
            f"Restored {env.name} from {result.backup.name}: {result.tables} table(s), {result.entries} object(s),"
            f" {human_size(result.size)} (taken from PostgreSQL {result.dumped_from or '?'}), in {result.duration:.1f} s.",
            markup=False,
        )
        ctx.out.print(f"  safety backup of what was there before: {result.safety.path}", markup=False)
    return 0
