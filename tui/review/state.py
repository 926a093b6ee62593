"""What the rules know about a file while reviewing it top to bottom, and how they report.

Rules are functions ``check(st, fs)``; ``fs`` is the :class:`FileState`: options, tables
created earlier in the file (exempt from lock rules), timeouts set so far, what each
transaction has done, and :meth:`FileState.add` to report a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.review.lexer import LineIndex
from tui.review.model import Finding, ReviewOptions, Statement
from tui.review.rules.catalogue import RULES

CATALOGUE = {r.id: r for r in RULES}


@dataclass
class TxInfo:
    """What one transaction has done so far."""

    ddl_tables: list[str] = field(default_factory=list)  # existing tables locked by DDL
    not_valid: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, constraint) → statement index
    enum_values: list[tuple[str, str, int]] = field(default_factory=list)  # (type, value, statement index)


class Created:
    """Relations created in the file so far: (schema or None, name) keys, looked up by name."""

    def __init__(self):
        self._by_name: dict[str, set[str | None]] = {}

    def add(self, key) -> None:
        if key:
            self._by_name.setdefault(key[1], set()).add(key[0])

    def discard(self, key) -> None:
        if key and key[1] in self._by_name:
            self._by_name[key[1]].discard(key[0])

    def __contains__(self, key) -> bool:
        """True when ``key`` may name a relation created here (an unqualified name matches any schema)."""
        if not key:
            return False
        schemas = self._by_name.get(key[1])
        if not schemas:
            return False
        return key[0] is None or None in schemas or key[0] in schemas


@dataclass
class FileState:
    text: str
    path: str
    options: ReviewOptions
    lines: LineIndex
    findings: list[Finding] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    created: Created = field(default_factory=Created)  # relations created in this file
    created_types: set[str] = field(default_factory=set)
    policies: set[str] = field(default_factory=set)  # tables that got a policy in this file
    notnull_checks: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) → constraint
    valid_notnull: set[tuple[str, str]] = field(default_factory=set)  # validated CHECK (col IS NOT NULL)
    timeouts: dict[str, int | None] = field(default_factory=dict)  # name → transaction for SET LOCAL, else None
    timeout_reported: set[str] = field(default_factory=set)
    tx: dict[int, TxInfo] = field(default_factory=dict)

    def timeout_set(self, name: str, st: Statement) -> bool:
        """Is ``lock_timeout``/``statement_timeout`` in force for ``st`` (SET LOCAL ends with its transaction)?"""
        if name not in self.timeouts:
            return False
        tx = self.timeouts[name]
        return tx is None or tx == st.transaction

    def set_timeout(self, name: str, on: bool, local: bool, st: Statement) -> None:
        if not on:
            self.timeouts.pop(name, None)
        else:
            self.timeouts[name] = st.transaction if local and st.transaction is not None else None

    @property
    def pg(self) -> int:
        return self.options.pg_version

    def txinfo(self, st: Statement) -> TxInfo | None:
        if st.transaction is None:
            return None
        return self.tx.setdefault(st.transaction, TxInfo())

    def is_new(self, key: tuple[str | None, str] | None) -> bool:
        """True when the relation was created earlier in this file (so nobody uses it yet)."""
        return key in self.created

    def add(
        self,
        rule_id: str,
        st: Statement,
        why: str,
        safe: str | None = None,
        span: tuple[int, int] | None = None,
        risk: str | None = None,
    ) -> None:
        """Report ``rule_id`` on ``st`` (or on ``span`` inside it)."""
        rule = CATALOGUE[rule_id]
        if rule.opt_in and not self.options.hygiene:
            return
        if st.origin != "file":
            where = "a DO block" if st.origin == "do-block" else "a function body (runs when the function is called)"
            why = f"Inside {where}: {why}"
        if span is None and st.line and st.end_line:  # file statements know their lines already
            start, end = st.start, st.end
            line, col, end_line, end_col = st.line, st.col, st.end_line, st.end_col
        else:
            start, end = span or (st.start, st.end)
            end = max(end, start)
            line, col = self.lines.pos(start)
            end_line, end_col = self.lines.pos(max(start, end - 1))
            end_col += 1
        self.findings.append(
            Finding(
                rule_id, risk or rule.risk, rule.title, why, safe, self.path,
                st.index if st.parent is None else st.parent, (start, end), line, col, end_line, end_col,
            )
        )
