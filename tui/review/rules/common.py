"""Helpers the rules share: lock sentences, transaction advice, WHERE analysis, clause text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple


from tui.review.model import Statement
from tui.review.names import strings

BLOCKS = {
    "ACCESS EXCLUSIVE": "blocks every read and write of {t}",
    "EXCLUSIVE": "allows only plain reads of {t}",
    "SHARE": "blocks inserts, updates and deletes on {t}",
    "SHARE ROW EXCLUSIVE": "blocks inserts, updates and deletes on {t}",
    "SHARE UPDATE EXCLUSIVE": "blocks only other DDL, VACUUM and ANALYZE on {t}",
}

QUEUE = " While it waits for the lock, every later query on the table queues behind it."


def lock(mode: str, table: str, *, duration: str = "until the transaction ends") -> str:
    """``ACCESS EXCLUSIVE on users, which blocks every read and write of users until …``."""
    return f"takes {mode} on {table}, which {BLOCKS[mode].format(t=table)} {duration}"


def sql_of(st: Statement) -> str:
    """The statement's text with a ``;``."""
    return st.text.strip().rstrip(";") + ";"


# Functions that give one value per statement (stable/immutable), by name and the argument
# counts PostgreSQL defines for them (None: any count, e.g. variadic): a default using only
# these is evaluated once and stored in the catalog (PG11+), no rewrite. A call with another
# argument count is another function (``now(123)`` is not ``now()``): unknown, so volatile.
STABLE_FUNCS: dict[str, frozenset[int] | None] = {
    "now": frozenset({0}), "transaction_timestamp": frozenset({0}), "statement_timestamp": frozenset({0}),
    "current_setting": frozenset({1, 2}), "lower": frozenset({1}), "upper": frozenset({1}), "coalesce": None,
    "jsonb_build_object": None, "json_build_object": None, "to_jsonb": frozenset({1}), "array": None,
    "make_interval": frozenset(range(8)), "interval": frozenset({1}), "timezone": frozenset({2}),
    "date_trunc": frozenset({2, 3}), "length": frozenset({1, 2}), "concat": None, "replace": frozenset({3}),
    "btrim": frozenset({1, 2}),
}
VOLATILE_FUNCS = {
    "random", "gen_random_uuid", "uuid_generate_v4", "uuid_generate_v1", "uuid_generate_v1mc", "uuidv4",
    "uuidv7", "clock_timestamp", "timeofday", "nextval", "txid_current", "pg_current_xact_id", "setseed",
    "random_normal", "gen_random_bytes",
}


def calls_in(expr) -> list[tuple[str, int | None]]:
    """(name, argument count) of the functions called in an expression tree (last part of the name).

    SQL value functions (``CURRENT_TIMESTAMP``, ``CURRENT_USER``…) come as ``("svfop_…", None)``.
    """
    from tui.review.names import walk

    out: list[tuple[str, int | None]] = []
    for fc in walk(expr, "FuncCall"):
        names = strings(fc.get("funcname"))
        if names:
            out.append((names[-1].lower(), len(fc.get("args") or ()) + (1 if fc.get("agg_star") else 0)))
    for svf in walk(expr, "SQLValueFunction"):
        out.append((str(svf.get("op", "")).lower(), None))
    return out


def funcs_in(expr) -> list[str]:
    """Names of functions called in an expression tree (last part of the name)."""
    return [name for name, _ in calls_in(expr)]


def volatile_call(expr) -> str | None:
    """The first volatile function the expression calls (``random()``), or None.

    A function the review does not know — by name or by signature (``now(123)``) — is
    treated as volatile: PostgreSQL rewrites the table for any volatile default, and an
    unknown function is volatile unless declared otherwise.
    """
    for name, nargs in calls_in(expr):
        if name in VOLATILE_FUNCS:
            return f"{name}()"
        if name.startswith("svfop_"):
            continue
        if name not in STABLE_FUNCS:
            return f"{name}()"
        arities = STABLE_FUNCS[name]
        if arities is not None and nargs not in arities:
            return f"{name}() with {nargs} argument{'s' if nargs != 1 else ''}"
    return None


def _is_const(node) -> bool:
    return isinstance(node, dict) and ("A_Const" in node or "ParamRef" in node or (
        "TypeCast" in node and _is_const(node["TypeCast"].get("arg"))))


def is_targeted(where) -> bool:
    """True when a WHERE pins rows by key: ``col = const``, ``col IN (consts)``, or AND of such."""
    if not isinstance(where, dict):
        return False
    if "A_Expr" in where:
        e = where["A_Expr"]
        kind = e.get("kind")
        ops = strings(e.get("name"))
        sides = (e.get("lexpr"), e.get("rexpr"))
        col = any(isinstance(s, dict) and "ColumnRef" in s for s in sides)
        if kind == "AEXPR_OP" and ops == ["="] and col and any(_is_const(s) for s in sides):
            return True
        if kind == "AEXPR_IN" and col and isinstance(e.get("rexpr"), dict) and "List" in e["rexpr"]:
            return all(_is_const(x) for x in e["rexpr"]["List"].get("items", []))
        return False
    if "BoolExpr" in where:
        b = where["BoolExpr"]
        if b.get("boolop") == "AND_EXPR":
            return any(is_targeted(a) for a in b.get("args", []))
    return False


class Tok(NamedTuple):
    name: str  # upper-case word, NULL_P for NULL, ASCII_<code> for ( ) , ; — as pglast names them
    start: int
    end: int  # inclusive, like pglast's tokens


_TOKEN = re.compile(
    r"""(?P<s>[eE]?'(?:[^'\\]|\\.|'')*'?)|(?P<q>"(?:[^"]|"")*"?)|(?P<d>\$(?P<tag>[^\W\d]\w*)?\$.*?(?:\$(?P=tag)\$|$))"""
    r"""|(?P<c>--[^\n]*|/\*.*?(?:\*/|$))|(?P<p>[(),;])|(?P<w>[^\W\d][\w$]*)|(?P<o>\S)""",
    re.S,
)


@lru_cache(maxsize=64)
def scan(sql: str) -> tuple[Tok, ...]:
    """A light tokenizer for building safer SQL from a statement's own text (top-level keywords,
    clause ends). Comments are skipped; strings and quoted names are single tokens."""
    out = []
    for m in _TOKEN.finditer(sql):
        kind = m.lastgroup
        if kind == "tag":
            kind = "d"
        if kind == "c":
            continue
        if kind == "w":
            word = m.group().upper()
            name = "NULL_P" if word == "NULL" else word
        elif kind == "p":
            name = f"ASCII_{ord(m.group())}"
        else:
            name = {"s": "SCONST", "q": "IDENT", "d": "SCONST"}.get(kind, "OP")
        out.append(Tok(name, m.start(), m.end() - 1))
    return tuple(out)


def top_level_keywords(sql: str, names: set[str]) -> list[tuple[str, int, int]]:
    """(keyword, start, end) of the given keywords at parenthesis depth 0 in ``sql``."""
    out = []
    depth = 0
    tokens = scan(sql)
    for t in tokens:
        if t.name == "ASCII_40":
            depth += 1
        elif t.name == "ASCII_41":
            depth -= 1
        elif depth == 0 and t.name in names:
            out.append((t.name, t.start, t.end + 1))
    return out


def clause_after(sql: str, keyword: str, stops: set[str]) -> str | None:
    """Text after a top-level ``keyword`` up to the next of ``stops`` (or the end)."""
    kws = top_level_keywords(sql, {keyword} | stops)
    for i, (name, _s, e) in enumerate(kws):
        if name == keyword:
            end = next((s for n, s, _e in kws[i + 1:] if n in stops), len(sql))
            return sql[e:end].strip().rstrip(";").strip()
    return None


def trunc63(name: str) -> str:
    return name.encode()[:63].decode(errors="ignore")


def transaction_phrase(st: Statement) -> str:
    if st.origin != "file":
        return "plpgsql code always runs inside a transaction (and functions cannot run it at all)"
    if st.explicit_transaction:
        return "this statement is inside an explicit BEGIN … COMMIT block"
    return "the migration runner wraps the whole file in one transaction"


OWN_FILE = (
    "-- move this statement to its own migration file that runs outside a transaction\n"
    "-- (dbmate: `-- migrate:up transaction:false`; Flyway: executeInTransaction=false;\n"
    "--  golang-migrate/Prisma: a file holding only this statement)\n"
)


RUNNER_AUTOCOMMITS = "-- driftdeck's runner runs CONCURRENTLY statements outside the file's transaction itself\n"


def concurrent_advice(fs, what: str = "move this statement to its own migration file") -> str:
    """The comment that goes before a CONCURRENTLY statement in a safer-SQL recipe."""
    if fs.options.autocommit_non_transactional:
        return RUNNER_AUTOCOMMITS
    return OWN_FILE.replace("move this statement to its own migration file", what)


def outside_transaction(st: Statement, fs) -> bool:
    """True when the statement runs in autocommit (no transaction block, or the runner autocommits it)."""
    if st.origin != "file":
        return False
    if not st.in_transaction:
        return True
    return fs.options.autocommit_non_transactional and not st.explicit_transaction


def non_transactional(st: Statement, fs, what: str) -> None:
    """Report ``what`` when it would run inside a transaction (where PostgreSQL rejects it)."""
    if st.origin == "file" and fs.options.autocommit_non_transactional and not st.explicit_transaction:
        return
    if st.in_transaction or st.origin != "file":
        fs.add(
            "non-transactional-in-transaction",
            st,
            f"{what} cannot run inside a transaction block, and {transaction_phrase(st)}:"
            " PostgreSQL rejects it and the migration fails.",
            OWN_FILE + sql_of(st),
        )


_CONSTRAINT_STOPS = {
    "DEFAULT", "NOT", "NULL_P", "CONSTRAINT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK",
    "GENERATED", "COLLATE", "ASCII_44", "USING",
}


def text_from(st: Statement, byte_loc: int | None, stops: set[str] | None = None, skip_first: bool = False) -> str | None:
    """The statement's text from a node location up to a depth-0 comma or a stop keyword.

    ``skip_first`` skips the token at the location itself (e.g. the DEFAULT keyword).
    """
    if st.loc is None or byte_loc is None:
        return None
    off = st.loc.offset(byte_loc)
    if off is None or not st.start <= off <= st.end:
        return None
    rel = off - st.start
    sql = st.text[rel:]
    stops = {"ASCII_44"} if stops is None else stops
    tokens = scan(sql)
    if not tokens:
        return None
    depth = 0
    end = len(sql)
    for i, t in enumerate(tokens):
        if i == 0 and skip_first:
            continue
        if t.name == "ASCII_40":
            depth += 1
        elif t.name == "ASCII_41":
            depth -= 1
            if depth < 0:
                end = t.start
                break
        elif depth == 0 and (t.name in stops or t.name == "ASCII_59"):
            end = t.start
            break
    start = tokens[1].start if skip_first and len(tokens) > 1 else 0
    return sql[start:end].strip() or None
