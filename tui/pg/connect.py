"""Connections to PostgreSQL: timeouts, read-only audit sessions, errors as one sentence.

Every module that needs a server connection goes through :func:`connect`. It sets
``application_name=driftdeck``, a connect timeout, and (for audits of protected
environments) ``default_transaction_read_only=on``. psycopg errors become a
:class:`~tui.errors.DriftdeckError` whose message is one sentence naming the target by
its masked URL or environment name, never containing a password.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import psycopg

from tui.errors import DriftdeckError
from tui.urls import check_url, database_name, is_url, mask_text, mask_url, split_prisma_schema, url_password, with_database

__all__ = [  # the URL helpers live in tui.urls; they are re-exported for the modules that connect
    "database_name", "is_url", "mask_url", "split_prisma_schema", "url_password", "with_database",
    "connect", "describe_error", "probe", "server_info", "ServerInfo",
]

CONNECT_TIMEOUT = 10  # seconds
APPLICATION_NAME = "driftdeck"


@dataclass(frozen=True)
class ServerInfo:
    """What ``envs`` shows about a reachable server."""

    version: str  # e.g. "16.4"
    version_num: int  # e.g. 160004
    database: str
    user: str


def _one_sentence(err: Exception, label: str) -> str:
    """Turn a psycopg/OS error into one sentence about ``label`` (masked URL or env name)."""
    text = str(err).strip()
    low = text.lower()
    if "password authentication failed" in low or "authentication failed" in low:
        return f"{label}: authentication failed: check the user and the password (PGPASSWORD or ~/.pgpass)."
    if "no password supplied" in low or "fe_sendauth" in low:
        return f"{label}: the server asks for a password and none was given (set PGPASSWORD or use ~/.pgpass)."
    if re.search(r'database "[^"]*" does not exist', low):
        m = re.search(r'database "([^"]*)" does not exist', text)
        return f"{label}: database {m.group(1) if m else ''} does not exist on that server."
    if re.search(r'role "[^"]*" does not exist', low):
        m = re.search(r'role "([^"]*)" does not exist', text)
        return f"{label}: role {m.group(1) if m else ''} does not exist on that server."
    if "no pg_hba.conf entry" in low and ("ssl off" in low or "no encryption" in low):
        return f"{label}: the server requires SSL: add ?sslmode=require to the URL."
    if "no pg_hba.conf entry" in low:
        return f"{label}: the server does not accept this user from this host (no pg_hba.conf entry)."
    if "server does not support ssl" in low:
        return f"{label}: the server does not support SSL: use sslmode=prefer or disable."
    if "timeout expired" in low or "timed out" in low:
        return f"{label}: the server did not answer within {CONNECT_TIMEOUT} seconds (timeout)."
    if "could not translate host name" in low or "name or service not known" in low or "nodename nor servname" in low:
        return f"{label}: host not found: check the host name in the URL."
    if "connection refused" in low or "no such file or directory" in low or "is the server running" in low or "network is unreachable" in low or "no route to host" in low:
        return f"{label}: host unreachable: no PostgreSQL server is accepting connections there."
    if "invalid dsn" in low or "invalid connection option" in low or "missing \"=\"" in low or "invalid uri" in low:
        return f"{label}: the connection URL is not valid."
    if "canceling statement due to statement timeout" in low:
        return f"{label}: the query was stopped by statement_timeout."
    first = text.splitlines()[0] if text else type(err).__name__
    return f"{label}: {first}"


def describe_error(err: Exception, label: str) -> DriftdeckError:
    """A :class:`DriftdeckError` for ``err``, scrubbed of any password that appears in it."""
    return DriftdeckError(mask_text(_one_sentence(err, label)))


@contextmanager
def connect(
    url: str,
    *,
    label: str | None = None,
    read_only: bool = False,
    autocommit: bool = True,
    timeout: int = CONNECT_TIMEOUT,
    statement_timeout: str | None = None,
    application_name: str = APPLICATION_NAME,
) -> Iterator[psycopg.Connection]:
    """Open a connection to ``url``; errors become one sentence naming ``label``.

    ``read_only`` makes every transaction of the session read-only (audits of protected
    environments). ``label`` defaults to the masked URL. ``application_name`` is what other
    sessions see in pg_stat_activity (the apply runner names itself there).
    """
    masked = mask_url(url)
    url = check_url(url, label if label and label != masked else "")
    label = label or masked
    url, search_path = split_prisma_schema(url)
    options = []
    if search_path:
        options.append(f"-c search_path={search_path}")
    if read_only:
        options.append("-c default_transaction_read_only=on")
    if statement_timeout:
        options.append(f"-c statement_timeout={statement_timeout}")
    kwargs: dict = {
        "connect_timeout": timeout,
        "application_name": application_name,
        "autocommit": autocommit,
    }
    if options:
        kwargs["options"] = " ".join(options)
    try:
        conn = psycopg.connect(url, **kwargs)
    except (psycopg.Error, OSError, ValueError) as err:
        raise describe_error(err, label) from None
    try:
        yield conn
    except psycopg.Error as err:
        raise describe_error(err, label) from None
    finally:
        conn.close()


def server_info(conn: psycopg.Connection) -> ServerInfo:
    """Version, database and user of an open connection."""
    row = conn.execute(
        "select current_setting('server_version'), current_setting('server_version_num')::int,"
        " current_database(), current_user"
    ).fetchone()
    assert row is not None
    version = str(row[0]).split()[0]
    return ServerInfo(version=version, version_num=row[1], database=row[2], user=row[3])


def probe(url: str, *, label: str | None = None, timeout: int = 5) -> ServerInfo:
    """Connect once (read-only) and return what the server says about itself."""
    with connect(url, label=label, read_only=True, timeout=timeout) as conn:
        return server_info(conn)
