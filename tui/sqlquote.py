"""SQL quoting, in one place (pure: no I/O, no driver): identifiers and string literals.

    quote_ident(name)      always quoted: "name" (for names we build: databases, temporary names)
    ident(name)            quoted only when PostgreSQL needs it (people read it: review, generated SQL)
    role(name)             a role in GRANT/REVOKE: PUBLIC as is, otherwise like ident()
    unquote(name)          the name a quoted identifier stands for ("Ann" -> Ann, plain stays plain)
    quote_literal(text)    'text' with quotes doubled (standard_conforming_strings, on since 9.1)
    literal_or_null(text)  quote_literal, or NULL for None

Code that has a psycopg connection at hand may use ``psycopg.sql`` instead; everything that
builds SQL text without one uses these.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@lru_cache(maxsize=1)
def _keywords() -> frozenset[str]:
    """Keywords that cannot be a bare identifier (pglast's copy of PostgreSQL's list, loaded on first use)."""
    from pglast.keywords import COL_NAME_KEYWORDS, RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

    return frozenset(RESERVED_KEYWORDS | TYPE_FUNC_NAME_KEYWORDS | COL_NAME_KEYWORDS)


def ident(name: str) -> str:
    if _PLAIN.fullmatch(name) and name not in _keywords():
        return name
    return quote_ident(name)


def role(name: str) -> str:
    return name if name == "PUBLIC" else ident(name)


def unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if len(name) > 1 and name[0] == name[-1] == '"' else name


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def literal_or_null(text: str | None) -> str:
    return "NULL" if text is None else quote_literal(text)
