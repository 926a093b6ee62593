"""SQL hidden in DO blocks and plpgsql function bodies, found with ``pglast.parse_plpgsql``.

Static SQL statements in the body and ``EXECUTE '<literal>'`` become inner statements that
the rules check like any other (their spans point into the body, in the file). ``EXECUTE``
of a string built at run time, and DO blocks in other languages, are reported as opaque.
"""

from __future__ import annotations

import json
import re

from pglast import parser as pg

from tui.review.lexer import LineIndex, first_string
from tui.review.model import Statement
from tui.review.names import strings, walk
from tui.review.statements import statement_from_sql

_LITERAL = re.compile(r"(?s)\s*(?:'((?:[^']|'')*)'|\$(\w*)\$(.*?)\$\2\$)\s*")
_INTERESTING_FN = re.compile(
    r"(?i)\b(alter|drop|create|truncate|execute|lock|grant|revoke|vacuum|cluster|reindex|refresh|comment|import)\b"
)
_INTERESTING_DO = re.compile(
    r"(?i)\b(alter|drop|create|truncate|execute|lock|grant|revoke|vacuum|cluster|reindex|refresh|comment|import"
    r"|update|delete|insert|copy|merge)\b"
)
_DDL_KINDS_SKIPPED_IN_FUNCTIONS = {"SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "CopyStmt", "MergeStmt"}


def _defelems(items) -> dict:
    out = {}
    for d in items or ():
        de = d.get("DefElem", {})
        out[de.get("defname")] = de.get("arg")
    return out


def body_of(st: Statement) -> tuple[str, str | None, int | None]:
    """(language, body text, character offset of the body in the file) of a DO or CREATE FUNCTION."""
    if st.kind == "DoStmt":
        opts = _defelems(st.body.get("args"))
    else:
        opts = _defelems(st.body.get("options"))
    lang_arg = opts.get("language")
    lang = (lang_arg or {}).get("String", {}).get("sval", "plpgsql" if st.kind == "DoStmt" else "sql").lower()
    as_arg = opts.get("as")
    body = None
    if isinstance(as_arg, dict) and "String" in as_arg:
        body = as_arg["String"].get("sval")
    elif isinstance(as_arg, dict) and "List" in as_arg:
        parts = strings(as_arg["List"].get("items"))
        body = parts[0] if parts else None
    offset = None
    if body is not None:
        # the body literal follows AS (functions) or DO [LANGUAGE x] (DO blocks)
        m = re.search(r"(?is)\bas\b", st.text) if st.kind != "DoStmt" else None
        found = first_string(st.text, m.end() if m else 2, len(st.text))
        if found:
            offset = st.start + found[1]
    return lang, body, offset


def inner_statements(st: Statement, file_text: str, lines: LineIndex, fs) -> list[Statement]:
    """Statements inside a DO block or a plpgsql function; reports opaque code on ``fs``."""
    lang, body, offset = body_of(st)
    origin = "do-block" if st.kind == "DoStmt" else "function-body"
    if body is None:
        return []
    if lang != "plpgsql":
        if st.kind == "DoStmt":
            fs.add("opaque-code", st, f"A DO block in {lang}: the review cannot see what it does.", "-- review this block by hand")
        return []
    if not (_INTERESTING_DO if st.kind == "DoStmt" else _INTERESTING_FN).search(body):
        return []
    tag = "dd"
    while f"${tag}$" in body:
        tag += "_"
    wrapper = f"CREATE FUNCTION pg_temp.driftdeck_body() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}$"
    try:
        tree = json.loads(pg.parse_plpgsql_json(wrapper if st.kind == "DoStmt" else st.text))
    except Exception as err:  # a plpgsql syntax error: the server reports it when the block runs
        if st.kind == "DoStmt":
            fs.add("syntax-error", st, f"The DO block does not compile: {str(err).splitlines()[0]}.")
        return []
    exact = offset is not None and file_text[offset:offset + len(body)] == body
    body_line = lines.pos(offset)[0] if offset is not None else st.line
    found: list[tuple[int, str, str]] = []  # (lineno, kind, query)
    for node in walk(tree, "PLpgSQL_stmt_execsql"):
        q = node.get("sqlstmt", {}).get("PLpgSQL_expr", {}).get("query")
        if q:
            found.append((node.get("lineno", 1), "sql", q))
    for key in ("PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"):
        for node in walk(tree, key):
            q = node.get("query", {}).get("PLpgSQL_expr", {}).get("query")
            if q:
                found.append((node.get("lineno", 1), "dyn", q))
    out: list[Statement] = []
    for lineno, kind, q in sorted(found, key=lambda x: x[0]):
        line_start = lines.offset(body_line + lineno - 1)
        where = file_text.find(q, max(line_start, st.start), st.end) if exact else -1
        base = where if where >= 0 else max(line_start, st.start)
        if kind == "dyn":
            m = _LITERAL.fullmatch(q)
            if not m:
                end = file_text.find("\n", base, st.end)
                fake = Statement(index=st.index, start=base, end=end if end > base else st.end, text=q, kind="DynExecute",
                                 origin=origin, parent=st.index)
                fs.add(
                    "opaque-code",
                    fake,
                    f"EXECUTE runs SQL built at run time ({q[:60]}{'…' if len(q) > 60 else ''}): the review cannot see"
                    " what it runs or which locks it takes.",
                    "-- write the statement out as static SQL, or review the generated SQL by hand",
                )
                continue
            sql = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(3)
            lit_at = file_text.find(sql, base, st.end) if exact else -1
            base = lit_at if lit_at >= 0 else base
            q = sql
        for inner in statement_from_sql(q, base, origin, st.index):
            if origin == "function-body" and inner.kind in _DDL_KINDS_SKIPPED_IN_FUNCTIONS:
                continue
            inner.in_transaction = True
            inner.transaction = st.transaction
            inner.line, inner.col = lines.pos(inner.start)
            out.append(inner)
    return out

