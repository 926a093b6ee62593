"""SQL text helpers for migrations: statement spans and "can this file run in one transaction".

Statements are split with pglast (the real PostgreSQL grammar); a file that does not parse
is one statement, so the server reports the syntax error with its own message.
"""

from __future__ import annotations

import re

import pglast

# Statements PostgreSQL refuses inside a transaction block.
_NO_TX = re.compile(
    r"\b(CONCURRENTLY|VACUUM|ALTER\s+SYSTEM|CREATE\s+DATABASE|DROP\s+DATABASE|CREATE\s+TABLESPACE|DROP\s+TABLESPACE)\b",
    re.IGNORECASE,
)
_OWN_TX = re.compile(r"^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK)\b", re.IGNORECASE)


def split_statements(sql: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of each statement of ``sql`` (without the ``;``)."""
    try:
        slices = pglast.split(sql, only_slices=True)
    except pglast.parser.ParseError:
        stripped = sql.strip()
        if not stripped:
            return []
        start = sql.index(stripped[0])
        return [(start, start + len(stripped))]
    return [(s.start, s.stop) for s in slices]


def statements(sql: str) -> list[str]:
    return [sql[s:e] for s, e in split_statements(sql)]


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    return re.sub(r"--[^\n]*", " ", sql)


def manages_own_transaction(sql: str) -> bool:
    """True when the file has its own BEGIN/COMMIT."""
    return any(_OWN_TX.match(_strip_comments(s)) for s in statements(sql))


def needs_autocommit(sql: str) -> bool:
    """True when a statement cannot run inside a transaction block (CONCURRENTLY, VACUUM…)."""
    return bool(_NO_TX.search(_strip_comments(sql)))


def transactional(sql: str) -> bool:
    """Whether the file can run as one transaction driftdeck opens around it."""
    return not (needs_autocommit(sql) or manages_own_transaction(sql))


def normalize_statement(sql: str) -> str:
    """A statement with comments dropped and whitespace collapsed (for comparing recorded statements)."""
    text = _strip_comments(sql).strip().rstrip(";").strip()
    return re.sub(r"\s+", " ", text)
