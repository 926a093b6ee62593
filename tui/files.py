"""The project's text files: one rule for what a readable SQL file is, one atomic write.

:func:`decode` is used by every reader of migration files (review, status, drift, envs,
the console), so a file is judged the same way everywhere: UTF-8 (an optional BOM) with
no NUL byte. A file that fails is still a file of the folder: callers report it by name
and count it (pending, unreadable), and never run or review a guess at its contents.

:func:`write_atomic` writes files the user keeps (migrations, logs, markers): all or
nothing, never a partial file. It writes to a temporary file in the same folder and
renames it over the target, keeping an existing file's permissions; a new file takes the
permissions of the folder's other files (else the umask's), never ``mkstemp``'s private 0600.
:func:`file_lock` keeps two processes from building the same thing at once (the demo).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.errors import DriftdeckError


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, None) for a UTF-8 text file; ("", why) when it is not one (why: a phrase about it)."""
    nul = data.find(b"\0")
    if nul != -1:
        return "", f"is not a text file (a NUL byte at offset {nul})"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return "", f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8"


def shown_path(path: Path) -> str:
    """A path people can open from where they are: relative to the current folder when inside it, else absolute."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def repository_root(start: Path) -> Path:
    """The root of the git repository holding ``start`` (the nearest folder with ``.git``), else ``start``.

    Code-scanning tools (SARIF viewers, GitHub annotations) expect paths relative to it.
    """
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def folder_mode(folder: Path) -> int | None:
    """The permission bits most of the folder's regular files have, or None (no files)."""
    counts: dict[int, int] = {}
    try:
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
                counts[mode] = counts.get(mode, 0) + 1
    except OSError:
        return None
    return max(counts, key=lambda m: (counts[m], m)) if counts else None


def _umask_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) while the block runs; waits for
    another process holding it. The operating system releases it if the process dies."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            import fcntl
        except ImportError:  # not POSIX: no cross-process lock available
            yield
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def write_atomic(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one rename; a one-sentence error on failure.

    ``exclusive``: never replace an existing file (FileExistsError; the check and the
    rename are one step), for names that must be unique such as a new migration.
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = folder_mode(path.parent)
        if mode is None:
            mode = _umask_mode()
    except OSError as err:
        raise DriftdeckError(f"{path}: cannot be written ({err.strerror or err}).") from None
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, path)  # FileExistsError when the name is taken
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except OSError as err:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise DriftdeckError(f"{path}: cannot be written ({err.strerror or err}).") from None
