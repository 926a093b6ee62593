"""Connection URLs as text: recognise, check, mask passwords, take apart. No driver import.

The one home for URL facts: which strings are PostgreSQL URLs, how a password is hidden
(``user:***@`` and ``password=***``, in a URL of any scheme or anywhere in a message), and
the small edits other modules need (another database on the same server, Prisma's
``?schema=``). Importing this module loads neither psycopg nor rich, so pure packages
(``review``, ``schema``, ``config``) can use it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tui.errors import DriftdeckError
from tui.sqlquote import ident

POSTGRES_SCHEMES = ("postgres://", "postgresql://")

# user:password@ after an optional scheme://, whatever the scheme (mysql://, redis://, none).
_USERINFO = re.compile(r"(?P<lead>(?:[A-Za-z][A-Za-z0-9+.-]*://)?[^\s:/@'\"()<>\[\]]+):(?P<pw>[^\s/'\"<>]*)@")
# password=value in a query string or a key=value conninfo
_PASSWORD_KV = re.compile(r"(?i)(?P<lead>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s&'\"]+)")
# characters that end a sentence rather than a password ("…?password=x):" keeps "):")
_TRAILING = re.compile(r"[)\]}>,.;:!?'\"]+$")
_ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SCHEMELESS_USERINFO = re.compile(r"^[^\s:/@]+:[^\s@]*@[^\s@]")


def is_url(text: str) -> bool:
    """True when ``text`` is a postgres URL (postgres:// or postgresql://)."""
    return text.startswith(POSTGRES_SCHEMES)


def looks_like_url(text: str) -> bool:
    """True when ``text`` looks like a URL of any kind (``scheme://…`` or ``user:pw@host``)."""
    text = text.strip()
    return bool(_ANY_SCHEME.match(text) or _SCHEMELESS_USERINFO.match(text))


def mask_text(text: str) -> str:
    """``text`` with every password hidden: ``user:***@`` in URLs of any scheme, ``password=***``.

    Punctuation that ends the sentence stays: ``(…?password=s3cret):`` → ``(…?password=***):``.

    >>> mask_text("cannot reach mysql://root:hunter2@localhost/app.")
    'cannot reach mysql://root:***@localhost/app.'
    """
    if "@" not in text and "password" not in text.lower():
        return text

    def userinfo(m: re.Match) -> str:
        return f"{m.group('lead')}:***@" if m.group("pw") else m.group(0)

    def keyvalue(m: re.Match) -> str:
        pw = m.group("pw")
        if pw.startswith("'"):
            return f"{m.group('lead')}***"
        tail = _TRAILING.search(pw)
        return f"{m.group('lead')}***{tail.group(0) if tail and tail.start() > 0 else ''}"

    return _PASSWORD_KV.sub(keyvalue, _USERINFO.sub(userinfo, text))


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (userinfo and ``password=`` query).

    >>> mask_url("postgresql://app:s3cret@db:5432/app?sslmode=require")
    'postgresql://app:***@db:5432/app?sslmode=require'
    """
    return mask_text(url)


def url_password(url: str) -> str | None:
    """The password written inside a URL (userinfo or ``password=`` query), or None."""
    try:
        parts = urlsplit(url)
        if parts.password:
            return parts.password
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "password" and value:
            return value
    return None


def check_url(url: str, what: str = "") -> str:
    """``url`` when it is a usable PostgreSQL connection string; otherwise one sentence about ``what``.

    Accepted: ``postgres://`` / ``postgresql://`` URLs that parse, and libpq ``key=value``
    strings. Anything else that looks like a URL (``mysql://…``, ``user:pw@host/db``) is
    refused, masked.
    """
    text = url.strip()
    what = f"{what}: " if what else ""
    if is_url(text):
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 — raises on a bad port
        except ValueError as err:
            raise DriftdeckError(f"{what}{mask_text(text)} is not a valid URL ({_url_problem(err)}).") from None
        return text
    if looks_like_url(text) or "=" not in text:
        raise DriftdeckError(
            f"{what}{mask_text(text)} is not a PostgreSQL URL: driftdeck connects to PostgreSQL only"
            " (postgresql://user@host:5432/database)."
        )
    return text


def _url_problem(err: ValueError) -> str:
    text = str(err)
    if "IPv6" in text:
        return "an IPv6 host needs its closing ]"
    if "Port" in text or "port" in text:
        return "the port is not a number from 1 to 65535"
    return text[:1].lower() + text[1:]


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def database_name(url: str) -> str:
    """The database a URL points at (empty when it relies on the default or the URL is malformed)."""
    try:
        return urlsplit(url).path.lstrip("/")
    except ValueError:
        return ""


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
    schema = ident(schema)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)), schema
