"""Can this statement run inside a transaction block? Decided once, from pglast nodes (pure, no I/O).

PostgreSQL refuses some statements inside ``BEGIN … COMMIT`` ("… cannot run inside a
transaction block"). The runner runs those on their own, the review rules report them when
the file's runner would wrap them, and the SQL generator marks its steps with them: all three
ask :func:`refusal`, so they cannot disagree. A string literal or comment that mentions
"concurrently" changes nothing: only the parsed statement counts.

- ``refusal(kind, body, server_version_num=None) -> str | None``: the statement's name as
  PostgreSQL words its refusal (``"CREATE INDEX CONCURRENTLY"``), or None when it can run
  in a transaction. ``kind``/``body`` are one pglast JSON node (``{"IndexStmt": {...}}``
  split into its key and value, as :mod:`tui.review.statements` keeps them).
- ``is_transaction_control(kind, body)``: BEGIN/START/COMMIT/END/ROLLBACK/ABORT/PREPARE
  TRANSACTION (a file that has them manages its own transactions; SAVEPOINT does not count).
- ``parse(sql) -> tuple[SqlStatement, ...] | None``: the statements of ``sql`` with character
  spans, kind, body and whether they are transaction control; None when pglast cannot parse it.
- ``values_used_before_commit(statements)``: the ``ALTER TYPE … ADD VALUE`` statements whose
  new value a later statement of the file uses (driftdeck's runner commits them on their own).
- ``sql_refusal(sql, server_version_num=None)``: :func:`refusal` for one statement's text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

_TX_CONTROL = {
    "TRANS_STMT_BEGIN", "TRANS_STMT_START", "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK",
    "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED", "TRANS_STMT_ROLLBACK_PREPARED",
}
_ALWAYS = {
    "CreatedbStmt": "CREATE DATABASE",
    "DropdbStmt": "DROP DATABASE",
    "CreateTableSpaceStmt": "CREATE TABLESPACE",
    "DropTableSpaceStmt": "DROP TABLESPACE",
    "AlterSystemStmt": "ALTER SYSTEM",
}
_REINDEX_MANY = {
    "REINDEX_OBJECT_DATABASE": "REINDEX DATABASE",
    "REINDEX_OBJECT_SYSTEM": "REINDEX SYSTEM",
    "REINDEX_OBJECT_SCHEMA": "REINDEX SCHEMA",
}
_FALSE = {"false", "off", "no", "0"}


def option_on(options, name: str) -> bool:
    """Whether option ``name`` is on in a pglast DefElem list (``(CONCURRENTLY false)`` is off)."""
    for item in options or ():
        d = item.get("DefElem") if isinstance(item, dict) else None
        if not d or d.get("defname") != name:
            continue
        arg = d.get("arg")
        if arg is None:
            return True
        if "String" in arg:
            return str(arg["String"].get("sval", "")).lower() not in _FALSE
        if "Integer" in arg:
            return bool(arg["Integer"].get("ival", 0))
        if "Boolean" in arg:
            return bool(arg["Boolean"].get("boolval", False))
        return True
    return False


def refusal(kind: str, body: dict | None, server_version_num: int | None = None) -> str | None:
    """How PostgreSQL names this statement when it refuses it inside a transaction block, or None.

    ``server_version_num`` (e.g. 110005) matters only for ``ALTER TYPE … ADD VALUE``, refused
    before PostgreSQL 12; unknown means a current server.
    """
    body = body or {}
    if kind in _ALWAYS:
        return _ALWAYS[kind]
    if kind == "IndexStmt":
        return "CREATE INDEX CONCURRENTLY" if body.get("concurrent") else None
    if kind == "DropStmt":
        if body.get("concurrent") and body.get("removeType") == "OBJECT_INDEX":
            return "DROP INDEX CONCURRENTLY"
        return None
    if kind == "ReindexStmt":
        many = _REINDEX_MANY.get(body.get("kind", ""))
        if many:
            return many
        return "REINDEX CONCURRENTLY" if option_on(body.get("params"), "concurrently") else None
    if kind == "VacuumStmt":
        return "VACUUM" if body.get("is_vacuumcmd") else None
    if kind == "AlterEnumStmt":
        adds = body.get("newVal") is not None and body.get("oldVal") is None
        old = server_version_num is not None and server_version_num < 120000
        return "ALTER TYPE … ADD VALUE" if adds and old else None
    if kind == "AlterTableStmt":
        for cmd in body.get("cmds") or ():
            c = cmd.get("AlterTableCmd", {})
            if c.get("subtype") == "AT_DetachPartition" and (c.get("def") or {}).get("PartitionCmd", {}).get("concurrent"):
                return "ALTER TABLE … DETACH PARTITION CONCURRENTLY"
        return None
    if kind == "ClusterStmt":
        return "CLUSTER" if not body.get("relation") else None
    if kind == "DiscardStmt":
        return "DISCARD ALL" if body.get("target") == "DISCARD_ALL" else None
    if kind == "AlterDatabaseStmt":
        return "ALTER DATABASE … SET TABLESPACE" if option_on(body.get("options"), "tablespace") else None
    if kind == "CreateSubscriptionStmt":
        options = body.get("options")
        no_slot = _set_off(options, "create_slot") or _set_off(options, "connect")
        return None if no_slot else "CREATE SUBSCRIPTION … WITH (create_slot = true)"
    return None


def _set_off(options, name: str) -> bool:
    return any((item.get("DefElem") or {}).get("defname") == name for item in options or ()) and not option_on(options, name)


# Every node kind :func:`refusal` may refuse (for dispatch tables keyed by node kind).
KINDS = (
    *_ALWAYS, "IndexStmt", "DropStmt", "ReindexStmt", "VacuumStmt", "AlterEnumStmt", "AlterTableStmt",
    "ClusterStmt", "DiscardStmt", "AlterDatabaseStmt", "CreateSubscriptionStmt",
)


def is_transaction_control(kind: str, body: dict | None) -> bool:
    """BEGIN/START TRANSACTION/COMMIT/END/ROLLBACK/ABORT/PREPARE TRANSACTION (not SAVEPOINT)."""
    return kind == "TransactionStmt" and (body or {}).get("kind") in _TX_CONTROL


@dataclass(frozen=True)
class SqlStatement:
    """One parsed statement: ``sql[start:end]`` is its text from its first token."""

    start: int
    end: int
    text: str
    kind: str
    body: dict

    def refusal(self, server_version_num: int | None = None) -> str | None:
        return refusal(self.kind, self.body, server_version_num)

    @property
    def transaction_control(self) -> bool:
        return is_transaction_control(self.kind, self.body)


@lru_cache(maxsize=64)
def parse(sql: str) -> tuple[SqlStatement, ...] | None:
    """The statements of ``sql`` (one pglast call), or None when it does not parse.

    Cached: a migration read when its folder is loaded is not parsed again when it is applied.
    """
    from pglast import parser as pg

    try:
        raws = json.loads(pg.parse_sql_json(sql)).get("stmts", [])
    except pg.ParseError:
        return None
    data = sql if sql.isascii() else sql.encode()
    chars = _CharOffsets(sql, data)
    out = []
    for raw in raws:
        at = raw.get("stmt_location", 0)
        length = raw.get("stmt_len", 0)
        start = chars(at)
        end = chars(at + length) if length else len(sql)
        lead = _first_token(sql, start, end)
        text = sql[lead:end].rstrip().rstrip(";").rstrip()
        kind, body = next(iter((raw.get("stmt") or {"": {}}).items()))
        out.append(SqlStatement(lead, lead + len(text), text, kind, body))
    return tuple(out)


def _first_token(sql: str, start: int, end: int) -> int:
    """Where the statement's first token is: past whitespace and comments (older pglast
    versions place a statement's location right after the previous semicolon)."""
    i = start
    while i < end:
        if sql[i].isspace():
            i += 1
        elif sql.startswith("--", i):
            nl = sql.find("\n", i, end)
            i = end if nl == -1 else nl + 1
        elif sql.startswith("/*", i):
            close = sql.find("*/", i + 2, end)
            i = end if close == -1 else close + 2
        else:
            break
    return i


class _CharOffsets:
    """pglast locations are UTF-8 byte offsets: turn them into character offsets (in order)."""

    def __init__(self, sql: str, data):
        self.ascii = isinstance(data, str)
        self.data = data
        self.byte = 0
        self.char = 0

    def __call__(self, byte_loc: int) -> int:
        if self.ascii:
            return byte_loc
        if byte_loc < self.byte:
            self.byte = self.char = 0
        self.char += len(self.data[self.byte:byte_loc].decode("utf-8", "replace"))
        self.byte = byte_loc
        return self.char


def values_used_before_commit(statements) -> dict[int, str]:
    """``ALTER TYPE … ADD VALUE`` statements whose new value a later statement of the same file
    uses as a string constant: position in ``statements`` → the value.

    PostgreSQL refuses such a use before the adding transaction commits ("unsafe use of new
    value"), so driftdeck's runner commits those ADD VALUE statements on their own, and the
    review counts on it for files driftdeck applies. ``statements``: objects with ``kind`` and
    ``body`` (pglast JSON), in file order.
    """
    added: dict[str, int] = {}
    out: dict[int, str] = {}
    for i, st in enumerate(statements):
        body = st.body or {}
        if st.kind == "AlterEnumStmt" and body.get("newVal") is not None and body.get("oldVal") is None:
            added[body["newVal"]] = i
            continue
        if added:
            for value in _string_constants(body):
                if value in added:
                    out[added[value]] = value
    return out


def _string_constants(node) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            const = item.get("A_Const")
            if isinstance(const, dict) and isinstance(const.get("sval"), dict):
                out.append(const["sval"].get("sval", ""))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def sql_refusal(sql: str, server_version_num: int | None = None) -> str | None:
    """:func:`refusal` for a statement given as text (None when it does not parse)."""
    parsed = parse(sql) or []
    return next((r for st in parsed if (r := st.refusal(server_version_num))), None)
