"""SQL colouring for everything the console shows (sqlglot's PostgreSQL tokenizer, the design card's SQL library).

``sql_text(sql) -> rich.text.Text`` styles keywords, types, strings, numbers, quoted
identifiers and comments; ``sql_spans(sql)`` gives the same as ``(start, end, style)``
character ranges for widgets that paint their own lines (a TextArea's ``get_line``). Text
the tokenizer cannot read (an unterminated string while typing) is shown plain.
"""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text

KEYWORD, TYPE, STRING, NUMBER, IDENT, COMMENT = (
    "bold #81a1c1", "#8fbcbb", "#a3be8c", "#b48ead", "#ebcb8b", "italic #7b8394",
)


@lru_cache(maxsize=1)
def _classes():
    from sqlglot.dialects.postgres import Postgres
    from sqlglot.parser import Parser
    from sqlglot.tokens import TokenType

    strings = {t for name, t in TokenType.__members__.items() if name.endswith("STRING") or name == "HEREDOC_STRING"}
    plain = {TokenType.VAR, TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA, TokenType.SEMICOLON,
             TokenType.DOT, TokenType.STAR, TokenType.EQ, TokenType.PLACEHOLDER, TokenType.PARAMETER}
    plain |= set(Postgres.Tokenizer.SINGLE_TOKENS.values())
    return Postgres.Tokenizer, strings, set(Parser.TYPE_TOKENS), plain, TokenType


def sql_spans(sql: str) -> list[tuple[int, int, str]]:
    """``(start, end, style)`` character ranges (end exclusive) covering the styled parts of ``sql``."""
    tokenizer_cls, strings, types, plain, tt = _classes()
    try:
        tokens = tokenizer_cls().tokenize(sql)
    except Exception:  # sqlglot raises its own TokenError and others on half-typed SQL
        return []
    spans: list[tuple[int, int, str]] = []
    prev_end = 0
    for tok in tokens:
        _comment_gap(sql, prev_end, tok.start, spans)
        start, end = tok.start, tok.end + 1
        kind = tok.token_type
        if kind in strings:
            style = STRING
        elif kind == tt.NUMBER:
            style = NUMBER
        elif kind == tt.IDENTIFIER:
            style = IDENT
        elif kind in types:
            style = TYPE
        elif kind in plain:
            style = ""
        else:
            style = KEYWORD
        if style:
            spans.append((start, end, style))
        prev_end = end
    _comment_gap(sql, prev_end, len(sql), spans)
    return spans


def _comment_gap(sql: str, start: int, end: int, spans: list) -> None:
    """Comments sit between tokens (the tokenizer attaches them to tokens): style them there."""
    gap = sql[start:end]
    i = 0
    while True:
        line, block = gap.find("--", i), gap.find("/*", i)
        found = [x for x in (line, block) if x >= 0]
        if not found:
            return
        pos = min(found)
        if pos == line:
            stop = gap.find("\n", pos)
            stop = len(gap) if stop < 0 else stop
        else:
            stop = gap.find("*/", pos)
            stop = len(gap) if stop < 0 else stop + 2
        spans.append((start + pos, start + stop, COMMENT))
        i = stop


def sql_text(sql: str) -> Text:
    """``sql`` as a rich Text with syntax colours."""
    text = Text(sql, no_wrap=False)
    for start, end, style in sql_spans(sql):
        text.stylize(style, start, end)
    return text
