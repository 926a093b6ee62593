"""Acknowledging findings: ignore comments (with a required reason) and the project's ignore list.

Syntax (a ``--`` comment)::

    -- driftdeck:ignore <rule-id>[, <rule-id>…] -- <reason>        the next statement
    -- driftdeck:ignore-file <rule-id>[, <rule-id>…] -- <reason>   the whole file

A statement ignore applies to the statement that follows it (or contains it); written at
the end of a statement's own line (``DROP TABLE t; -- driftdeck:ignore drop-table -- …``)
it applies to that statement. The reason is required and shown in every report; an ignore
without one does not suppress anything and is itself a finding (``ignore-missing-reason``),
as are unknown rule ids (``ignore-unknown-rule``) and ignores that match nothing
(``ignore-unused``). Rules in ``[review] ignore`` of driftdeck.toml are acknowledged
project-wide with the reason "ignored in driftdeck.toml".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from tui.review.model import Statement

_DIRECTIVE = re.compile(r"--[ \t]*driftdeck:ignore(?P<file>-file)?\b(?P<rest>[^\n]*)")
PROJECT_REASON = "ignored in driftdeck.toml ([review] ignore)"
META = ("ignore-missing-reason", "ignore-unknown-rule", "ignore-unused")


@dataclass
class Directive:
    start: int
    end: int
    file_level: bool
    rules: list[str]
    reason: str | None
    statement: int | None  # index of the statement it applies to
    used: set[str] = field(default_factory=set)


def find_directives(text: str, statements: list[Statement], begin: int, limit: int, lines) -> list[Directive]:
    """Every ignore comment in the reviewed part of the file."""
    if "driftdeck:ignore" not in text:
        return []
    file_stmts = [s for s in statements if s.origin == "file"]
    ends = [s.end for s in file_stmts]
    out = []
    for m in _DIRECTIVE.finditer(text, begin, limit):
        rest = m.group("rest")
        ids, _, reason = rest.partition("--")
        rules = [r for r in re.split(r"[,\s]+", ids.strip()) if r]
        reason = reason.strip() or None
        pos = m.start()
        i = bisect.bisect_right(ends, pos)  # first statement ending after the comment
        target = file_stmts[i].index if i < len(file_stmts) else None
        if i > 0:
            prev = file_stmts[i - 1]
            if lines.pos(prev.end)[0] == lines.pos(pos)[0]:
                target = prev.index
        out.append(Directive(m.start(), m.end(), bool(m.group("file")), rules, reason, target))
    return out


def apply(findings, directives: list[Directive], project_ignore: tuple[str, ...], known: set[str], fs) -> list:
    """Mark acknowledged findings; add findings about the ignore comments themselves."""
    by_stmt: dict[int, list[Directive]] = {}
    file_level = []
    for d in directives:
        if d.reason is None:
            continue
        if d.file_level:
            file_level.append(d)
        elif d.statement is not None:
            by_stmt.setdefault(d.statement, []).append(d)
    out = []
    for f in findings:
        if f.rule in project_ignore:
            out.append(replace(f, suppressed_reason=PROJECT_REASON))
            continue
        reason = None
        for d in by_stmt.get(f.statement_index, []) + file_level:
            if f.rule in d.rules:
                d.used.add(f.rule)
                reason = d.reason
                break
        out.append(replace(f, suppressed_reason=reason) if reason else f)
    fs.findings = []
    for d in directives:
        st = _anchor(fs, d)
        span = (d.start, d.end)
        if d.reason is None:
            fs.add(
                "ignore-missing-reason",
                st,
                "This ignore comment gives no reason, so it acknowledges nothing: write why the risk is"
                " accepted after a second `--`.",
                f"-- driftdeck:ignore{'-file' if d.file_level else ''} {', '.join(d.rules) or '<rule-id>'} -- <why this is safe here>",
                span=span,
            )
        unknown = [r for r in d.rules if r not in known]
        if unknown:
            from difflib import get_close_matches

            hints = [get_close_matches(r, sorted(known), n=1) for r in unknown]
            hint = "; ".join(f"{r} (did you mean {h[0]}?)" if h else r for r, h in zip(unknown, hints))
            fs.add("ignore-unknown-rule", st, f"Unknown rule id in an ignore comment: {hint}.", span=span)
        if not d.rules:
            fs.add("ignore-unknown-rule", st, "This ignore comment names no rule id.", span=span)
        if d.reason is not None:
            unused = [r for r in d.rules if r in known and r not in d.used]
            if unused:
                fs.add(
                    "ignore-unused",
                    st,
                    f"Nothing here triggers {', '.join(unused)}: the ignore comment is stale or on the wrong line.",
                    span=span,
                )
    meta = [replace(f, suppressed_reason=PROJECT_REASON) if f.rule in project_ignore else f for f in fs.findings]
    return out + meta


def _anchor(fs, d: Directive) -> Statement:
    if d.statement is not None:
        for st in fs.statements:
            if st.index == d.statement:
                return st
    return Statement(index=fs.statements[-1].index if fs.statements else 0, start=d.start, end=d.end, text="", kind="comment")


def ignore_comment(rules: list[str], reason: str) -> str:
    """The comment that acknowledges ``rules`` for the next statement, with its reason (one line)."""
    reason = " ".join(reason.split())
    return f"-- driftdeck:ignore {', '.join(rules)} -- {reason}"


def with_ignore(text: str, statement: Statement, rule: str, reason: str) -> str:
    """``text`` with an ignore comment for ``rule`` placed just before ``statement`` (pure).

    The comment goes on its own line, indented like the statement; a statement that shares
    its line with code before it is moved to a new line, so the comment cannot be read as
    belonging to the statement before it. Raises ValueError for an empty reason or a rule
    that cannot be acknowledged (the findings about ignore comments themselves).
    """
    if not " ".join(reason.split()):
        raise ValueError("an acknowledgement needs a reason: say why this is safe here.")
    if rule in META:
        raise ValueError(f"{rule} is about an ignore comment itself: fix that comment instead.")
    start = statement.start
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    comment = ignore_comment([rule], reason)
    nl = "\r\n" if "\r\n" in text else "\n"
    if before.strip():
        head = text[:start].rstrip(" \t")
        return f"{head}{nl}{comment}{nl}{text[start:]}"
    return f"{text[:line_start]}{before}{comment}{nl}{text[line_start:]}"
