"""Writing files the user keeps (migrations, logs, markers): all or nothing, never a partial file.

:func:`write_atomic` writes to a temporary file in the same folder and renames it over the
target, keeping an existing file's permissions (a new file follows the folder's umask like
any file the user creates, not ``mkstemp``'s private 0600).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from tui.errors import DriftdeckError


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one rename; a one-sentence error on failure."""
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as err:
        raise DriftdeckError(f"{path}: cannot be written ({err.strerror or err}).") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise DriftdeckError(f"{path}: cannot be written ({err.strerror or err}).") from None
