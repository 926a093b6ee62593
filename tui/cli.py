"""The command line: ``driftdeck [--project DIR | --demo] [COMMAND]``; no command opens the console.

Exit codes (the contract in DESIGN.md): 0 ok / nothing to report, 1 error (one sentence,
no traceback), 2 drift found, 3 review risk at or above the threshold.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import sys
import threading
from pathlib import Path
from typing import NoReturn

from tui import __version__
from tui.context import Context
from tui.errors import DriftdeckError
from tui.process_end import end_process
from tui.urls import mask_text

# One module per headless command, in the order `--help` lists them.
COMMANDS = (
    "tui.commands.envs",
    "tui.commands.drift",
    "tui.commands.status",
    "tui.commands.new",
    "tui.commands.review",
    "tui.commands.plan",
    "tui.commands.checklist",
    "tui.commands.backup",
    "tui.commands.apply",
    "tui.commands.smoke",
    "tui.commands.rollback",
    "tui.commands.restore",
    "tui.commands.log",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one sentence and exit code 1."""

    def error(self, message: str):  # noqa: D401
        self.print_usage(sys.stderr)
        print(f"driftdeck: {message}.", file=sys.stderr)
        raise SystemExit(1)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv``, only the command it names is loaded (the others are listed by name)."""
    parser = _Parser(
        prog="driftdeck",
        description="Keep PostgreSQL dev, staging and prod in sync and ship schema changes safely."
        " With no command, opens the console.",
    )
    parser.add_argument("--version", action="version", version=f"driftdeck {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--project", metavar="DIR", type=Path, help="project folder (default: the current one)")
    where.add_argument("--demo", action="store_true", help="use the built-in demo project on an embedded server")
    parser.add_argument("--reset", action="store_true", help="with --demo: rebuild the demo databases from scratch")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = None if argv is None else _command_in(argv)
    names = [module.rsplit(".", 1)[1] for module in COMMANDS]
    # a command to run needs only its own parser; --help, no command or a mistyped one list them all
    only_chosen = chosen in names and not {"-h", "--help"} & set(argv or ())
    for module, name in zip(COMMANDS, names):
        if argv is None or name == chosen:
            importlib.import_module(module).register(sub)
        elif not only_chosen:  # listed by --help; its module (and what it imports) is loaded only when it runs
            sub.add_parser(name, help=_help_of(module), add_help=False)
    return parser


_HELP_LINE = re.compile(r'^HELP = "(.*)"$', re.M)


def _help_of(module: str) -> str:
    """The command's HELP line, read from its source: listing the commands imports none of them."""
    path = Path(__file__).parent / "commands" / (module.rsplit(".", 1)[1] + ".py")
    m = _HELP_LINE.search(path.read_text(encoding="utf-8"))
    return m.group(1) if m else ""


_GLOBAL_WITH_VALUE = ("--project",)


def _command_in(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word after the global options), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    # A run builds hundreds of thousands of small objects (catalog snapshots) and frees few:
    # the default thresholds would make the collector rescan them again and again.
    gc.set_threshold(200_000, 50, 50)
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.reset and not args.demo:
        parser.error("--reset only goes with --demo")
    ctx = Context(project_dir=args.project, demo=args.demo, reset=args.reset)
    try:
        if args.command is None:
            gc.enable()  # the console lives for hours: its garbage is collected (run() turns it off for a command)
            from tui.app.run import run_console

            return run_console(ctx)
        return int(args.run(args, ctx) or 0)
    except DriftdeckError as err:
        print(f"driftdeck: {mask_text(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("driftdeck: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug: still one sentence, the details only on request
        if os.environ.get("DRIFTDECK_DEBUG"):
            raise
        print(
            f"driftdeck: internal error: {type(err).__name__}: {mask_text(str(err)).splitlines()[0] if str(err) else ''}"
            " (set DRIFTDECK_DEBUG=1 to see the details).",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The ``driftdeck`` program: :func:`main`, then the process ends without the interpreter's
    teardown (see :mod:`tui.process_end`) unless a thread is still at work."""
    # A command runs for seconds, builds hundreds of thousands of small objects that live until it ends
    # and makes next to no reference cycles: a collection would only rescan them (38 ms at 5,000 tables).
    gc.disable()
    code = main()
    if threading.active_count() > 1:
        raise SystemExit(code)
    end_process(code)


if __name__ == "__main__":
    run()
