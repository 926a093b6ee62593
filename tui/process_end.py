"""Ending the driftdeck process: the exit handlers run, the interpreter's own teardown does not.

    end_process(code)   # flush stdout/stderr, run the atexit handlers (embedded servers stop), os._exit

A drift of thousands of tables leaves hundreds of thousands of small objects that Python would
free one by one at exit (tens of milliseconds for nothing); the console may leave Textual's input
thread running once the terminal is gone, and Python would wait for it before the exit handlers.
"""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn


def end_process(code: int) -> NoReturn:
    """Flush the output, run the exit handlers and end the process with ``code``."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader left (`| head`): nothing more to say
            pass
    atexit._run_exitfuncs()
    os._exit(code)
