"""`driftdeck backup ENV`: a verified ``pg_dump -Fc`` of ENV plus a schema-only SQL dump, owner-only files.

The files go to ``[apply] backup_dir`` (default: ``backups/`` in driftdeck's data folder).
Refused before anything runs when the folder is not writable, the disk has less free space
than the database's size, or no pg_dump is new enough for the server.
"""

from __future__ import annotations

import json
import sys

from tui.apply.backup import backup_dir, backup_environment, human_size
from tui.apply.events import Progress

# the one line `driftdeck --help` shows (read from this file without importing it)
HELP = "a verified pg_dump of ENV (custom format + schema SQL) into the backup folder"


def register(sub) -> None:
    p = sub.add_parser(
        "backup",
        help=HELP,
        description="Back up ENV with pg_dump -Fc plus a schema-only SQL dump, verified with pg_restore --list."
        " Files are owner-only (0600) in [apply] backup_dir.",
    )
    p.add_argument("env", metavar="ENV")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def progress_printer(ctx):
    """An ``on_event`` callback that shows the bytes dumped or restored so far (one line, redrawn on a terminal)."""
    tty = sys.stderr.isatty()
    state = {"shown": 0}

    def on_event(event) -> None:
        if not isinstance(event, Progress) or event.step not in ("backup", "restore"):
            return
        doing = "dumping… " if event.step == "backup" else "restoring… "
        if tty:
            print(f"\r  {doing}{human_size(event.bytes_done)} ({event.note})\x1b[K", end="", file=sys.stderr, flush=True)
            state["shown"] = 1
        elif event.bytes_done >= state["shown"] + (64 << 20):  # a line per 64 MB when not a terminal
            state["shown"] = event.bytes_done
            print(f"  {doing}{human_size(event.bytes_done)}", file=sys.stderr, flush=True)

    def done() -> None:
        if tty and state["shown"]:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)

    on_event.done = done  # type: ignore[attr-defined]
    return on_event


def run(args, ctx) -> int:
    project = ctx.project
    env = project.env(args.env)
    ctx.progress(f"backing up {env.name} into {backup_dir(project)}…")
    on_event = progress_printer(ctx)
    try:
        record = backup_environment(project, env, on_event=on_event)
    finally:
        on_event.done()
    if args.format == "json":
        print(json.dumps(record.to_dict(), indent=2))
    else:
        ctx.out.print(f"Backup of {env.name} (PostgreSQL {record.server_version}, pg_dump {record.pg_dump_version}):", markup=False)
        ctx.out.print(f"  {record.summary()}.", markup=False)
        ctx.out.print(f"  restore it with: driftdeck restore {env.name} {record.path}", markup=False)
    return 0
