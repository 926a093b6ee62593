"""Connections to PostgreSQL: timeouts, read-only audit sessions, URL masking, errors as one sentence.

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
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg

from tui.errors import DriftdeckError

CONNECT_TIMEOUT = 10  # seconds
APPLICATION_NAME = "driftdeck"

_URL_SCHEMES = ("postgres://", "postgresql://")


def is_url(text: str) -> bool:
    """True when ``text`` looks like a postgres URL rather than an environment name."""
    return text.startswith(_URL_SCHEMES)


def url_password(url: str) -> str | None:
    """The password written inside a URL (userinfo or ``password=`` query), or None."""
    parts = urlsplit(url)
    if parts.password:
        return parts.password
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "password" and value:
            return value
    return None


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (userinfo and ``password=`` query).

    >>> mask_url("postgresql://app:s3cret@db:5432/app?sslmode=require")
    'postgresql://app:***@db:5432/app?sslmode=require'
    """
    if not is_url(url):
        # key=value conninfo strings
        return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", url)
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            user, pw = userinfo.split(":", 1)
            userinfo = f"{user}:***" if pw else user
        netloc = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k == "password" for k, _ in pairs):
            query = urlencode([(k, "***" if k == "password" else v) for k, v in pairs], safe="/*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    """The database a URL points at (empty when it relies on the default)."""
    return urlsplit(url).path.lstrip("/")


def split_prisma_schema(url: str) -> tuple[str, str | None]:
    """Remove Prisma's ``?schema=NAME`` (not a libpq parameter) and return it as a search_path.

    Prisma projects keep URLs like ``postgresql://app@db/app?schema=tenant``; libpq would
    refuse the unknown parameter, so driftdeck honours it the way Prisma does.
    """
    if not is_url(url):
        return url, None
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in pairs if k == "schema"), None)
    if schema is None:
        return url, None
    query = urlencode([(k, v) for k, v in pairs if k != "schema"], safe="/")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", schema):
        schema = '"' + schema.replace('"', '""') + '"'
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)), schema


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
    msg = _one_sentence(err, label)
    return DriftdeckError(msg)


@contextmanager
def connect(
    url: str,
    *,
    label: str | None = None,
    read_only: bool = False,
    autocommit: bool = True,
    timeout: int = CONNECT_TIMEOUT,
    statement_timeout: str | None = None,
) -> Iterator[psycopg.Connection]:
    """Open a connection to ``url``; errors become one sentence naming ``label``.

    ``read_only`` makes every transaction of the session read-only (audits of protected
    environments). ``label`` defaults to the masked URL.
    """
    label = label or mask_url(url)
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
        "application_name": APPLICATION_NAME,
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
