"""Statements of a file: split (lexer), parsed by pglast (JSON trees), with spans and lines.

The fast path parses each run of SQL pieces in one pglast call; when that fails (a bad
statement somewhere) each piece is parsed alone, so one syntax error costs one statement,
never the file. pglast's JSON locations are UTF-8 byte offsets into the string it parsed;
:meth:`Located.offset` turns them into character offsets into the file.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

from pglast import parser as pg

from tui.review.lexer import SLOW_MARKERS, LineIndex, Piece, _split, first_code, split
from tui.review.model import Statement
from tui.sections import split as split_sections

_loads = json.loads


@dataclass
class Located:
    """Maps pglast byte locations of one parsed string back to file character offsets."""

    base: int  # character offset in the file of the parsed string's start
    text: str  # the parsed string
    _disp: object = None

    def offset(self, byte_loc: int | None) -> int | None:
        if byte_loc is None or byte_loc < 0:
            return None
        if self.text.isascii():
            return self.base + byte_loc
        if self._disp is None:
            self._disp = pg.Displacements(self.text)
        try:
            return self.base + self._disp(byte_loc)
        except Exception:  # a location past the end: keep the statement start
            return None


def parse_one(sql: str) -> tuple[list[dict], str | None, int | None]:
    """Parse ``sql``: (raw statements, error message, error character index)."""
    try:
        return _loads(pg.parse_sql_json(sql)).get("stmts", []), None, None
    except pg.ParseError as err:
        msg = err.args[0] if err.args else str(err)
        at = err.args[1] if len(err.args) > 1 else None
        return [], msg, at


def reviewed_range(text: str) -> tuple[int, int, bool]:
    """The part of a file that is the migration (:func:`tui.sections.split`, shared with status
    and the runner): (start, end, no_transaction)."""
    sec = split_sections(text)
    return sec.up_start, sec.up_end, sec.no_transaction


def parse_file(text: str, begin: int = 0, limit: int | None = None, lines: LineIndex | None = None) -> list[Statement]:
    """Every statement in ``text[begin:limit]``, parsed, with spans, lines and columns."""
    lines = lines or LineIndex(text)
    if limit is None:
        limit = len(text)
    out = _parse_whole(text, begin, limit)
    if out is None:
        out = _parse_pieces(text, begin, limit)
    starts = lines.starts
    for i, st in enumerate(out):
        st.index = i
        k = bisect_right(starts, st.start) - 1
        st.line, st.col = k + 1, st.start - starts[k] + 1
        last = max(st.start, st.end - 1)
        k = bisect_right(starts, last, k) - 1
        st.end_line, st.end_col = k + 1, last - starts[k] + 2
    return out


def _parse_whole(text: str, begin: int, limit: int) -> list[Statement] | None:
    """Fast path: the whole range parses at once (no psql meta-commands, no COPY data)."""
    chunk = text[begin:limit]
    if SLOW_MARKERS.search(chunk):
        return None
    raws, err, _ = parse_one(chunk)
    if err is not None:
        return None
    loc = Located(begin, chunk)
    nbytes = len(chunk) if chunk.isascii() else len(chunk.encode())
    out = []
    for raw in raws:
        at = raw.get("stmt_location", 0)
        length = raw.get("stmt_len", 0)
        lead = loc.offset(at)
        end = loc.offset(at + length) if length and at + length < nbytes else limit
        if lead is None or end is None:
            return None
        start = first_code(text, lead, end)
        code_end = start + len(text[start:end].rstrip())
        if text.find("--", start, code_end) != -1 or text.find("/*", start, code_end) != -1:
            inner = _split(text, start, code_end)
            if len(inner) != 1:
                return None
            code_end = inner[0].end
        out.append(_statement(text, Piece("sql", lead, start, code_end), raw, loc))
    return out


def _parse_pieces(text: str, begin: int, limit: int) -> list[Statement]:
    """Split first, then parse runs of pieces (halving around syntax errors)."""
    pieces = split(text, begin, limit)
    out: list[Statement] = []
    run: list[Piece] = []

    def flush() -> None:
        if run:
            out.extend(_parse_run(text, run))
            run.clear()

    for p in pieces:
        if p.kind == "sql":
            run.append(p)
            continue
        flush()
        kind = "psql-meta" if p.kind == "meta" else "copy-data"
        out.append(Statement(index=0, start=p.start, end=p.end, text=text[p.start:p.end], kind=kind, lead_start=p.lead))
    flush()
    return out


def _statement(text: str, p: Piece, raw: dict | None, loc: Located) -> Statement:
    st = Statement(index=0, start=p.start, end=p.end, text=text[p.start:p.end], kind="", lead_start=p.lead)
    node = raw.get("stmt") if raw else None
    st.node = node
    if node:
        for kind, body in node.items():
            st.kind, st._body = kind, body
    else:
        st.kind = "empty"
    st.loc = loc
    return st


def _parse_run(text: str, run: list[Piece]) -> list[Statement]:
    """Parse consecutive pieces in one call; on an error, halve the run until the bad piece is alone."""
    a, b = run[0].start, run[-1].end
    chunk = text[a:b]
    raws, err, _ = parse_one(chunk)
    if err is None and len(raws) == len(run):
        loc = Located(a, chunk)
        return [_statement(text, p, raw, loc) for p, raw in zip(run, raws)]
    if len(run) > 8:
        mid = len(run) // 2
        return _parse_run(text, run[:mid]) + _parse_run(text, run[mid:])
    out = []
    for p in run:
        sql = text[p.start:p.end]
        raws, err, at = parse_one(sql)
        if err is None and len(raws) == 1:
            out.append(_statement(text, p, raws[0], Located(p.start, sql)))
            continue
        st = Statement(index=0, start=p.start, end=p.end, text=sql, kind="syntax-error", lead_start=p.lead)
        if err is None:  # pglast found several statements where the lexer saw one
            err = f"the lexer and the parser disagree on this statement ({len(raws)} statements found)"
        st.error = err
        st.error_at = p.start + at if at is not None else p.start
        st.loc = Located(p.start, sql)
        out.append(st)
    return out


def statement_from_sql(sql: str, base: int, origin: str, parent: int) -> list[Statement]:
    """Statements of SQL found inside plpgsql code; ``base`` is where ``sql`` starts in the file."""
    raws, err, at = parse_one(sql)
    if err is not None:
        return []
    loc = Located(base, sql)
    out = []
    for raw in raws:
        a = (loc.offset(raw.get("stmt_location", 0)) or base) - base
        length = raw.get("stmt_len", 0)
        b = ((loc.offset(raw.get("stmt_location", 0) + length) or base + len(sql)) - base) if length else len(sql)
        a = first_code(sql, a, b)
        text = sql[a:b].rstrip()
        st = Statement(index=parent, start=base + a, end=base + a + len(text), text=text, kind="", origin=origin, parent=parent)
        st.node = raw.get("stmt")
        st.kind = next(iter(st.node)) if st.node else "empty"
        st.loc = loc
        out.append(st)
    return out
