"""What the rules know about a file while reviewing it top to bottom, and how they report.

Rules are functions ``check(st, fs)``; ``fs`` is the :class:`FileState`: options, tables
created earlier in the file (exempt from lock rules), timeouts set so far, what each
transaction has done, and :meth:`FileState.add` to report a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.review.lexer import LineIndex
from tui.review.model import Finding, ReviewOptions, Statement


@dataclass
class TxInfo:
    """What one transaction has done so far."""

    ddl_tables: list[str] = field(default_factory=list)  # existing tables locked by DDL
    not_valid: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, constraint) → statement index
    enum_values: list[tuple[str, str, int]] = field(default_factory=list)  # (type, value, statement index)


@dataclass
class FileState:
    text: str
    path: str
    options: ReviewOptions
    lines: LineIndex
    findings: list[Finding] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    created: set[tuple[str | None, str]] = field(default_factory=set)  # relations created in this file
    created_types: set[str] = field(default_factory=set)
    policies: set[str] = field(default_factory=set)  # tables that got a policy in this file
    notnull_checks: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, column) → constraint
    valid_notnull: set[tuple[str, str]] = field(default_factory=set)  # validated CHECK (col IS NOT NULL)
    lock_timeout: bool = False
    statement_timeout: bool = False
    timeout_reported: bool = False
    tx: dict[int, TxInfo] = field(default_factory=dict)

    @property
    def pg(self) -> int:
        return self.options.pg_version

    def txinfo(self, st: Statement) -> TxInfo | None:
        if st.transaction is None:
            return None
        return self.tx.setdefault(st.transaction, TxInfo())

    def is_new(self, key: tuple[str | None, str] | None) -> bool:
        """True when the relation was created earlier in this file (so nobody uses it yet)."""
        if not key:
            return False
        schema, name = key
        if (schema, name) in self.created:
            return True
        return any(n == name and (s is None or schema is None or s == schema) for s, n in self.created)

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
        from tui.review.rules import CATALOGUE

        rule = CATALOGUE[rule_id]
        if rule.opt_in and not self.options.hygiene:
            return
        if st.origin != "file":
            where = "a DO block" if st.origin == "do-block" else "a function body (runs when the function is called)"
            why = f"Inside {where}: {why}"
        start, end = span or (st.start, st.end)
        end = max(end, start)
        line, col = self.lines.pos(start)
        end_line, end_col = self.lines.pos(max(start, end - 1))
        self.findings.append(
            Finding(
                rule=rule.id,
                risk=risk or rule.risk,
                title=rule.title,
                why=why,
                safe_sql=safe,
                path=self.path,
                statement_index=st.index if st.parent is None else st.parent,
                span=(start, end),
                line=line,
                col=col,
                end_line=end_line,
                end_col=end_col + 1,
            )
        )
