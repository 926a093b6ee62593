"""Split a migration file into statements the way psql would, before pglast parses them.

pglast raises on the whole string when one statement is bad, so the file is cut first by a
small lexer that knows strings (``'…'``, ``E'…'``), quoted identifiers, dollar quotes,
nested block comments, line comments, ``BEGIN ATOMIC … END`` bodies, psql meta-commands
(a backslash outside quotes runs to the end of the line) and the data of ``COPY … FROM
stdin`` (up to a ``\\.`` line). Offsets are character offsets into the file text.
"""

from __future__ import annotations

from bisect import bisect_right as _bisect_right
import re
from dataclasses import dataclass

from pglast import parser as pg

_MAIN = re.compile(
    r"""(?P<e>(?<![\w$])[eE]'(?:[^'\\]|\\.|'')*'?)
    |(?P<q>'(?:[^']|'')*'?)
    |(?P<dq>"(?:[^"]|"")*"?)
    |(?P<dollar>(?<![\w$])\$(?:[^\W\d]\w*)?\$)
    |(?P<lc>--[^\n]*)
    |(?P<bc>/\*)
    |(?P<semi>;)
    |(?P<bs>\\)
    |(?P<atomic>(?i:\bbegin\s+atomic\b))""",
    re.X | re.S,
)
# Inside BEGIN ATOMIC … END: semicolons do not end the statement; CASE/BEGIN … END nest.
_ATOMIC = re.compile(
    r"""(?P<e>(?<![\w$])[eE]'(?:[^'\\]|\\.|'')*'?)
    |(?P<q>'(?:[^']|'')*'?)
    |(?P<dq>"(?:[^"]|"")*"?)
    |(?P<dollar>(?<![\w$])\$(?:[^\W\d]\w*)?\$)
    |(?P<lc>--[^\n]*)
    |(?P<bc>/\*)
    |(?P<open>(?i:\b(?:begin|case)\b))
    |(?P<close>(?i:\bend\b))""",
    re.X | re.S,
)
_COPY_STDIN = re.compile(r"(?is)\\?copy\b.*\bfrom\s+stdin\b")
_NONSPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Piece:
    """A raw piece of a file: ``kind`` is ``sql``, ``meta`` (psql meta-command) or ``copy-data``.

    ``start``..``end`` is the code (leading comments and whitespace excluded, the ``;``
    excluded); ``lead`` is where the piece began (just after the previous one), so the
    comments in ``text[lead:start]`` belong to this statement.
    """

    kind: str
    lead: int
    start: int
    end: int


def skip_block_comment(text: str, pos: int, limit: int) -> int:
    """``pos`` is at ``/*``; return the offset just after the matching (nested) ``*/``."""
    depth = 0
    i = pos
    while i < limit:
        nxt_open = text.find("/*", i, limit)
        nxt_close = text.find("*/", i, limit)
        if nxt_close == -1:
            return limit
        if nxt_open != -1 and nxt_open < nxt_close:
            depth += 1
            i = nxt_open + 2
        else:
            depth -= 1
            i = nxt_close + 2
            if depth == 0:
                return i
    return limit


def _dollar_end(text: str, tag: str, pos: int, limit: int) -> int:
    close = text.find(tag, pos, limit)
    return limit if close == -1 else close + len(tag)


def split(text: str, begin: int = 0, limit: int | None = None) -> list[Piece]:
    """Cut ``text[begin:limit]`` into pieces (empty statements such as ``;;`` are dropped).

    Files without backslashes, ``BEGIN ATOMIC`` or ``stdin`` (nearly all) go through
    libpg_query's scanner-based splitter, which is much faster than this lexer.
    """
    if limit is None:
        limit = len(text)
    fast = _split_fast(text, begin, limit)
    return fast if fast is not None else _split(text, begin, limit)


SLOW_MARKERS = re.compile(r"(?i)\\|atomic|stdin")


def _split_fast(text: str, begin: int, limit: int) -> list[Piece] | None:
    chunk = text[begin:limit]
    if SLOW_MARKERS.search(chunk):
        return None
    try:
        slices = pg.split(chunk, with_parser=False, only_slices=True)
    except pg.ParseError:  # e.g. an unterminated string: the lexer copes
        return None
    pieces = []
    lead = begin
    leading = _LEADING.match
    nested = "/*" in chunk
    for sl in slices:
        start = first_code(text, begin + sl.start, begin + sl.stop) if nested else leading(text, begin + sl.start, begin + sl.stop).end()
        end = begin + sl.stop
        if start >= end:
            continue
        if text.find("--", start, end) != -1 or text.find("/*", start, end) != -1:
            inner = _split(text, start, end)
            if not inner:
                continue
            end = inner[-1].end
        if not _blank(text, lead, start):
            return None  # the scanner skipped something: let the lexer decide
        pieces.append(Piece("sql", lead, start, end))
        lead = end
    if not _blank(text, lead, limit):
        return None
    return pieces


_LEADING = re.compile(r"(?:\s+|--[^\n]*)*")
_BLANK = re.compile(r"(?:\s+|--[^\n]*|;)*")


def _blank(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` holds only whitespace, comments and semicolons."""
    if _BLANK.match(text, a, b).end() == b:
        return True
    while True:
        a = first_code(text, a, b)
        if a >= b:
            return True
        if text[a] != ";":
            return False
        a += 1


def _split(text: str, begin: int, limit: int) -> list[Piece]:
    pieces: list[Piece] = []
    lead = begin
    pos = begin
    code_start = -1  # first code character of the current piece
    code_end = -1  # just after its last code character
    pattern = _MAIN
    atomic_depth = 0
    search = _MAIN.search

    def note_gap(a: int, b: int) -> None:
        nonlocal code_start, code_end
        if a >= b:
            return
        gap = text[a:b]
        stripped = gap.rstrip()
        if not stripped:
            return
        if code_start < 0:
            code_start = a + (len(gap) - len(gap.lstrip()))
        code_end = a + len(stripped)

    while pos < limit:
        m = search(text, pos, limit)
        if m is None:
            note_gap(pos, limit)
            pos = limit
            break
        note_gap(pos, m.start())
        kind = m.lastgroup
        mstart = m.start()
        end = m.end()
        if kind == "lc":
            pos = end
            continue
        if kind == "bc":
            pos = skip_block_comment(text, mstart, limit)
            continue
        if kind == "dollar":
            end = _dollar_end(text, m.group(), end, limit)
        elif kind == "semi":
            if code_start >= 0:
                pieces.append(Piece("sql", lead, code_start, code_end))
                pos = end
                if _COPY_STDIN.match(text, code_start, code_end):
                    pos = _copy_data(text, pos, limit, pieces)
            else:
                pos = end
            lead = pos
            code_start = code_end = -1
            continue
        elif kind == "bs":
            if code_start >= 0:
                pieces.append(Piece("sql", lead, code_start, code_end))
                lead = mstart
            line_end = text.find("\n", mstart, limit)
            line_end = limit if line_end == -1 else line_end
            meta_end = mstart + len(text[mstart:line_end].rstrip())
            pieces.append(Piece("meta", lead, mstart, meta_end))
            pos = line_end
            if _COPY_STDIN.match(text, mstart, meta_end):
                pos = _copy_data(text, pos, limit, pieces)
            lead = pos
            code_start = code_end = -1
            continue
        elif kind == "atomic":
            search = _ATOMIC.search
            atomic_depth = 1
        elif kind == "open":
            atomic_depth += 1
        elif kind == "close":
            atomic_depth -= 1
            if atomic_depth == 0:
                search = pattern.search
        if code_start < 0:
            code_start = mstart
        code_end = end
        pos = end
    if code_start >= 0:
        pieces.append(Piece("sql", lead, code_start, code_end))
    return pieces


def _copy_data(text: str, pos: int, limit: int, pieces: list[Piece]) -> int:
    """Data of COPY … FROM stdin starts on the line after the statement; it ends at ``\\.``."""
    nl = text.find("\n", pos, limit)
    if nl == -1:
        return limit
    data_start = nl + 1
    m = re.compile(r"^\\\.[ \t\r]*$", re.M).search(text, data_start, limit)
    data_end = m.start() if m else limit
    after = m.end() if m else limit
    if data_end > data_start:
        pieces.append(Piece("copy-data", data_start, data_start, data_end))
    return after


def first_string(text: str, pos: int, limit: int) -> tuple[int, int, int, int] | None:
    """The first string literal in ``text[pos:limit]``: (token start, body start, body end, token end)."""
    while pos < limit:
        m = _MAIN.search(text, pos, limit)
        if m is None:
            return None
        kind = m.lastgroup
        if kind == "lc":
            pos = m.end()
        elif kind == "bc":
            pos = skip_block_comment(text, m.start(), limit)
        elif kind == "dollar":
            tag = m.group()
            end = _dollar_end(text, tag, m.end(), limit)
            return m.start(), m.end(), end - len(tag), end
        elif kind in ("q", "e"):
            s = m.start() + (1 if kind == "e" else 0)
            return m.start(), s + 1, m.end() - 1, m.end()
        else:
            pos = m.end()
    return None


class LineIndex:
    """Character offset ↔ 1-based line and column."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def pos(self, offset: int) -> tuple[int, int]:
        starts = self.starts
        i = _bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def offset(self, line: int, col: int = 1) -> int:
        line = max(1, min(line, len(self.starts)))
        return self.starts[line - 1] + col - 1


def first_code(text: str, pos: int, limit: int) -> int:
    """The first offset in ``text[pos:limit]`` that is not whitespace or a comment."""
    while pos < limit:
        m = _NONSPACE.search(text, pos, limit)
        if m is None:
            return limit
        pos = m.start()
        if text.startswith("--", pos):
            nl = text.find("\n", pos, limit)
            pos = limit if nl == -1 else nl + 1
        elif text.startswith("/*", pos):
            pos = skip_block_comment(text, pos, limit)
        else:
            return pos
    return limit
