"""Opens the console for a CLI context (kept apart so the CLI imports Textual only when needed).

Without a terminal on stdin and stdout (CI, a pipe, ``> log``) the console is not opened: one
sentence says which command to run instead (exit 1). SIGTERM and SIGHUP while the project
loads end the process through ``SystemExit`` so the embedded servers it started are stopped
at exit; once the console runs, the app turns them into its own quit (see app.py); once it has
left, they are ignored while the servers stop, and the process ends without waiting for threads
the console left behind.
"""

from __future__ import annotations

import signal
import sys
from typing import NoReturn

from tui.errors import DriftdeckError
from tui.process_end import end_process


def _leave_quietly() -> None:
    """From here on the process is leaving: a further SIGTERM or SIGHUP (a closed window sends more)
    must not cut short the stop of the embedded servers that runs at exit."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def _exit_on_signal(signum, frame) -> None:
    _leave_quietly()
    raise SystemExit(128 + signum)


def require_terminal(stdin=None, stdout=None) -> None:
    """Refuse to open the console when stdin or stdout is not a terminal."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if not (stdin is not None and stdin.isatty() and stdout is not None and stdout.isatty()):
        raise DriftdeckError(
            "the console needs a terminal (stdin and stdout are not both one): run a command instead,"
            " e.g. `driftdeck drift dev prod`, `driftdeck status` or `driftdeck review` (`driftdeck --help` lists them all)."
        )


def run_console(ctx) -> NoReturn:
    require_terminal()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit_on_signal)
    project = ctx.project  # build/reuse the demo or load the project before the screen opens
    from tui.app.app import DriftdeckApp

    app = DriftdeckApp(project)
    try:
        app.run()
    finally:
        _leave_quietly()  # the app's event loop had put both back to "die at once"
    # not waiting for threads the console may leave behind (the input thread, the terminal gone)
    end_process(app.return_code or 0)
