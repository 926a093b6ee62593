"""SQL text helpers for migrations: statement spans, "can this file run in one transaction", normalising.

Statements are split with pglast (the real PostgreSQL grammar); a file that does not parse
is one statement, so the server reports the syntax error with its own message.
"""

from __future__ import annotations

import re

import pglast

from tui.transaction_block import parse


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


def transactional(sql: str) -> bool:
    """Whether the file can run as one transaction driftdeck opens around it: no statement that
    PostgreSQL refuses in a transaction block and no BEGIN/COMMIT of its own, decided from the
    parsed statements (:mod:`tui.transaction_block`). A file that does not parse counts as
    transactional: the server reports its syntax error inside the transaction."""
    parsed = parse(sql)
    return parsed is None or not any(st.refusal() or st.transaction_control for st in parsed)


def normalize_statement(sql: str) -> str:
    """A statement with comments dropped and whitespace collapsed (for comparing recorded statements)."""
    text = _strip_comments(sql).strip().rstrip(";").strip()
    return re.sub(r"\s+", " ", text)
