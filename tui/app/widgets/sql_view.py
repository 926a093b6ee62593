"""SQL shown anywhere in the console: a read-only, line-numbered TextArea coloured with
sqlglot's tokenizer (tree-sitter may be absent), with risk marks over exact character spans.

The colouring is split in two so big files stay responsive:

- :func:`colour_spans` (pure, no widgets) turns SQL text into per-line ``(start, end, kind)``
  spans; a pane runs it in a thread worker for large files and hands the result over.
- :class:`SqlView` paints them lazily in :meth:`SqlView.get_line` (only visible lines are
  rendered), together with the risk marks (``(start, end, risk)`` character offsets into
  the text, e.g. review findings' spans) coloured from TCSS component classes.

Tokens the tokenizer cannot read (an unterminated string, …) leave the rest of the text
uncoloured; risk marks never depend on the colouring.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

RISK_LEVELS = ("low", "medium", "high")
_RANK = {r: i for i, r in enumerate(RISK_LEVELS)}
LineSpans = dict[int, list[tuple[int, int | None, str]]]  # line index → (start col, end col or None = to the end, name)

_COMMENT = re.compile(r"--[^\n]*|/\*.*?(?:\*/|\Z)", re.S)
# PostgreSQL words sqlglot reads as plain names
_EXTRA_KEYWORDS = frozenset(
    "ADD ALWAYS CONCURRENTLY CONFLICT DEFERRABLE DEFERRED EXTENSION FUNCTION GENERATED IDENTITY IF IMMEDIATE "
    "INCLUDE INHERIT LANGUAGE LOCAL OWNED OWNER PLPGSQL POLICY PUBLICATION RENAME RESET RETURNS ROLE SECURITY "
    "SEQUENCE SESSION STATEMENT_TIMEOUT LOCK_TIMEOUT STORAGE TYPE VALID VALIDATE VALUE VIEW TRIGGER NOTHING "
    "OWNED PRIVILEGES GRANT REVOKE ENABLE DISABLE ATTACH DETACH PARTITION OF".split()
)


@lru_cache(maxsize=1)
def _token_kinds() -> tuple[dict, frozenset, type]:
    """TokenType → highlight name, the keyword token types, and the tokenizer class (built once)."""
    from sqlglot.dialects.postgres import Postgres
    from sqlglot.parser import Parser
    from sqlglot.tokens import TokenType as T

    kinds: dict = {}
    for name in ("STRING", "NATIONAL_STRING", "HEREDOC_STRING", "BYTE_STRING", "BIT_STRING", "HEX_STRING",
                 "RAW_STRING", "UNICODE_STRING", "IDENTIFIER"):
        if hasattr(T, name):
            kinds[getattr(T, name)] = "string"
    kinds[T.NUMBER] = "number"
    for t in Parser.TYPE_TOKENS:
        kinds.setdefault(t, "type")
    for name in ("TRUE", "FALSE", "NULL"):
        kinds[getattr(T, name)] = "boolean"
    keywords = frozenset(Postgres.Tokenizer.KEYWORDS.values())
    return kinds, keywords, Postgres.Tokenizer


def colour_spans(text: str) -> LineSpans:
    """Per-line syntax spans of ``text`` (``keyword``, ``string``, ``number``, ``type``,
    ``boolean``, ``comment``, ``function.call``); pure, safe to run in a thread."""
    from sqlglot.errors import TokenError
    from sqlglot.tokens import TokenType as T

    kinds, keywords, tokenizer = _token_kinds()
    try:
        tokens = tokenizer().tokenize(text)
    except TokenError:
        tokens = _tokens_before_error(text, tokenizer)
    starts = line_starts(text)
    out: LineSpans = {}
    prev_end = 0
    for i, tok in enumerate(tokens):
        start, end = tok.start, tok.end + 1
        if start > prev_end and ("-" in text[prev_end:start] or "/" in text[prev_end:start]):
            for m in _COMMENT.finditer(text, prev_end, start):
                _add(out, starts, text, m.start(), m.end(), "comment")
        prev_end = max(prev_end, end)
        tt = tok.token_type
        kind = kinds.get(tt)
        if kind is None:
            if tt == T.VAR:
                if tok.text.upper() in _EXTRA_KEYWORDS:
                    kind = "keyword"
                elif i + 1 < len(tokens) and tokens[i + 1].token_type == T.L_PAREN:
                    kind = "function.call"
            elif tt in keywords and tok.text[:1].isalpha():
                kind = "keyword"
        if kind is not None:
            _add(out, starts, text, start, end, kind)
    if prev_end < len(text):
        for m in _COMMENT.finditer(text, prev_end):
            _add(out, starts, text, m.start(), m.end(), "comment")
    return out


def _tokens_before_error(text: str, tokenizer) -> list:
    """The tokens of the longest prefix (cut at a line end) that tokenizes: colour what can be read."""
    from sqlglot.errors import TokenError

    lo, hi = 0, len(text)
    best: list = []
    for _ in range(20):  # bisect on line ends
        if hi - lo < 2:
            break
        mid = text.rfind("\n", 0, (lo + hi) // 2) + 1 or (lo + hi) // 2
        if mid <= lo:
            break
        try:
            best = tokenizer().tokenize(text[:mid])
            lo = mid
        except TokenError:
            hi = mid
    return best


def line_starts(text: str) -> list[int]:
    """Character offset where each line starts."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _add(out: LineSpans, starts: list[int], text: str, start: int, end: int, name: str) -> None:
    """Record ``text[start:end]`` under ``name``, split at line ends."""
    row = bisect.bisect_right(starts, start) - 1
    col = start - starts[row]
    while True:
        line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
        if end <= line_end:
            out.setdefault(row, []).append((col, end - starts[row], name))
            return
        out.setdefault(row, []).append((col, None, name))
        row += 1
        col = 0


@dataclass(frozen=True)
class RiskMark:
    """A span of the text to paint in a risk colour (``current`` paints it as the selected one)."""

    start: int
    end: int
    risk: str


@dataclass
class SqlContent:
    """Everything the view shows, computable off the event loop (see :func:`prepare`)."""

    text: str
    syntax: LineSpans = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)


def prepare(text: str, colour: bool = True) -> SqlContent:
    """The view's content for ``text``: pure, run it in a thread worker for big files."""
    return SqlContent(text, colour_spans(text) if colour else {}, line_starts(text))


def sql_text(sql: str, theme: str = "css") -> Text:
    """``sql`` as a coloured rich Text (for short SQL in a Static: safer SQL, generated SQL)."""
    from textual.widgets.text_area import TextAreaTheme

    found = TextAreaTheme.get_builtin_theme(theme)
    styles = found.syntax_styles if found is not None else {}
    starts = line_starts(sql)
    text = Text(sql, no_wrap=False)
    for row, spans in colour_spans(sql).items():
        for c0, c1, kind in spans:
            style = styles.get(kind) or (styles.get("keyword") if kind == "function.call" else None)
            if style is not None:
                end = starts[row] + c1 if c1 is not None else (starts[row + 1] - 1 if row + 1 < len(starts) else len(sql))
                text.stylize(style, starts[row] + c0, end)
    return text


class _CountedWrap(WrappedDocument):
    """Textual 8.2.8's ``WrappedDocument.height`` sums every line and TextArea asks for it once
    per rendered line: 10,000 lines cost ~4 ms a line. The number of wrapped lines is already
    the length of ``_offset_to_line_info``."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class SqlView(TextArea):
    """Read-only, line-numbered SQL with syntax colours and risk marks."""

    COMPONENT_CLASSES = {
        "sql-view--risk-high",
        "sql-view--risk-medium",
        "sql-view--risk-low",
        "sql-view--current",
    }
    DEFAULT_CSS = """
    SqlView { height: 1fr; }
    SqlView > .sql-view--risk-high { background: $error 45%; }
    SqlView > .sql-view--risk-medium { background: $warning 35%; }
    SqlView > .sql-view--risk-low { background: $primary 25%; }
    SqlView > .sql-view--current { text-style: bold underline; }
    """

    def __init__(self, text: str = "", **kwargs) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("show_line_numbers", True)
        kwargs.setdefault("highlight_cursor_line", False)
        kwargs.setdefault("soft_wrap", False)
        super().__init__(text, **kwargs)
        self._content = prepare(text) if text else SqlContent("", {}, [0])
        self._marks: dict[int, list[tuple[int, int | None, str]]] = {}
        self._current: dict[int, list[tuple[int, int | None, str]]] = {}
        self.marks: list[RiskMark] = []
        self.current: RiskMark | None = None

    def show(self, content: SqlContent | str, marks: list[RiskMark] = ()) -> None:
        """Replace the text (a prepared :class:`SqlContent`, or text coloured here) and the marks."""
        if isinstance(content, str):
            content = prepare(content)
        self._content = content
        if self.text != content.text:
            self.load_text(content.text)
        self.set_marks(marks)

    def set_marks(self, marks: list[RiskMark], current: RiskMark | None = None) -> None:
        """Paint ``marks`` (character offsets into the text) in their risk colours."""
        self.marks = list(marks)
        per_line: dict[int, list] = {}
        for m in sorted(self.marks, key=lambda m: _RANK.get(m.risk, 0)):  # the worst risk paints last
            self._add_mark(per_line, m, m.risk)
        self._marks = per_line
        self._set_current(current)

    def _add_mark(self, per_line: dict, mark: RiskMark, name: str) -> None:
        starts = self._content.starts or line_starts(self.text)
        _add(per_line, starts, self._content.text, mark.start, max(mark.end, mark.start), name)

    def _set_current(self, current: RiskMark | None) -> None:
        self.current = current
        self._current: dict[int, list] = {}
        if current is not None:
            self._add_mark(self._current, current, "current")
        self._line_cache.clear()  # the render cache key does not include our styles (textual-notes §2.1)
        self.refresh()

    def jump_to(self, mark: RiskMark) -> None:
        """Make ``mark`` the current one: cursor at its start, scrolled to the middle."""
        self._set_current(mark)
        starts = self._content.starts or line_starts(self.text)
        row = bisect.bisect_right(starts, mark.start) - 1
        self.move_cursor((row, mark.start - starts[row]), center=True)

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if type(self.wrapped_document) is WrappedDocument:
            self.wrapped_document.__class__ = _CountedWrap

    def marked_text(self, risk: str | None = None) -> list[str]:
        """The text under the marks (of one risk level): what a person sees painted."""
        return [self.text[m.start:m.end] for m in self.marks if risk is None or m.risk == risk]

    def line_styles(self, line_index: int) -> list[tuple[str, str]]:
        """``(text, style name)`` of every mark painted on one line (for tests and tooling)."""
        line = self.document.get_line(line_index)
        marks = self._marks.get(line_index, []) + self._current.get(line_index, [])
        return [(line[c0:c1], name) for c0, c1, name in marks]

    def _style(self, name: str) -> Style:
        """A mark's style: the component's background blended onto ours (the syntax colours stay)."""
        if name == "current":
            return self.get_component_rich_style("sql-view--current", partial=True)
        return Style(bgcolor=self.get_component_rich_style(f"sql-view--{name}").bgcolor)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        theme = self._theme
        syntax = theme.syntax_styles if theme is not None else {}
        for c0, c1, kind in self._content.syntax.get(line_index, ()):
            style = syntax.get(kind) or (syntax.get("keyword") if kind == "function.call" else None)
            if style is not None:
                line.stylize(style, c0, c1)
        for c0, c1, name in self._marks.get(line_index, ()):
            line.stylize(self._style(f"risk-{name}"), c0, c1 if c1 is not None else len(line))
        for c0, c1, _ in self._current.get(line_index, ()):
            line.stylize(self._style("current"), c0, c1 if c1 is not None else len(line))
        return line
