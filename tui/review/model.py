"""The review's data: options, statements, findings, per-file and overall reports, verdicts.

Everything here is a plain dataclass so the CLI, the console and the reporters share one
shape. Spans are *character* offsets into the original file text (``text[start:end]``),
never byte offsets; lines and columns are 1-based, columns counted in characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.risk import REVIEW_RISKS

RISKS = REVIEW_RISKS  # mapped to the drift's safe/locking/destructive in tui.risk
RISK_ORDER = {"low": 1, "medium": 2, "high": 3}

SAFE_TO_DEPLOY = "SAFE TO DEPLOY"
REVIEW = "REVIEW NEEDED"
BLOCKED = "BLOCKED"
VERDICTS = (SAFE_TO_DEPLOY, REVIEW, BLOCKED)


@dataclass(frozen=True)
class ReviewOptions:
    """How to review.

    ``pg_version``: the target server's major version (rules are version-aware).
    ``implicit_transaction``: the runner wraps each file in one transaction (see
    :func:`tui.review.options.options_for`). ``ignore``: rule ids ignored project-wide (no
    reason needed: the project file is the reason). ``hygiene``: also run the opt-in
    hygiene rules. ``runner_sets_timeouts``: the runner sets lock_timeout and
    statement_timeout itself (driftdeck's own runner does), so files need not.
    ``single_statement_autocommit``: the runner sends the whole file as one simple query
    (golang-migrate), so a file holding a single statement is not in a transaction block.
    ``driftdeck_folder``: the folder driftdeck's runner applies (with ``runner_sets_timeouts``);
    a file outside it is reviewed as loose (anyone may run it).
    ``autocommit_non_transactional``: the runner detects statements that cannot run in a
    transaction (CONCURRENTLY, ADD VALUE before use, VACUUM…) and runs them in autocommit
    itself (driftdeck's own runner does), so only explicit BEGIN blocks make them fail.
    """

    pg_version: int = 18
    implicit_transaction: bool = True
    ignore: tuple[str, ...] = ()
    hygiene: bool = False
    runner_sets_timeouts: bool = False
    single_statement_autocommit: bool = False
    autocommit_non_transactional: bool = False
    driftdeck_folder: str | None = None


@dataclass(frozen=True)
class Rule:
    """One entry of the rule catalogue."""

    id: str
    risk: str
    title: str
    category: str  # destructive | locking | rewrite | data | compatibility | authorisation | transaction | additive | hygiene | meta
    opt_in: bool = False


@dataclass(slots=True)
class Finding:
    """One risky thing in one statement."""

    rule: str
    risk: str
    title: str
    why: str
    safe_sql: str | None
    path: str
    statement_index: int  # 0-based index into FileReport.statements
    span: tuple[int, int]  # character offsets into the file text
    line: int
    col: int
    end_line: int
    end_col: int
    suppressed_reason: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.suppressed_reason is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "risk": self.risk,
            "title": self.title,
            "why": self.why,
            "safe_sql": self.safe_sql,
            "path": self.path,
            "statement_index": self.statement_index,
            "span": {"start": self.span[0], "end": self.span[1]},
            "range": {"line": self.line, "col": self.col, "end_line": self.end_line, "end_col": self.end_col},
            "suppressed": self.suppressed,
            "suppressed_reason": self.suppressed_reason,
        }


@dataclass(slots=True)
class Statement:
    """One statement (or psql meta-command, or COPY data block) of a file.

    ``node`` is the pglast JSON tree of the statement (``{"IndexStmt": {...}}``) or None;
    ``kind`` is the node's type name, ``"psql-meta"``, ``"copy-data"`` or ``"syntax-error"``.
    ``origin`` is ``"file"``, ``"do-block"`` or ``"function-body"`` (statements found inside
    plpgsql code; those are not in ``FileReport.statements`` but their findings point at
    their own spans). ``in_transaction`` and ``transaction`` (a number per transaction,
    None outside) are filled by :mod:`tui.review.transactions`.
    """

    index: int
    start: int
    end: int
    text: str
    kind: str
    node: dict | None = None
    lead_start: int = 0  # where the comments just before the statement start
    error: str | None = None
    error_at: int | None = None  # character offset in the file
    origin: str = "file"
    parent: int | None = None
    in_transaction: bool = False
    transaction: int | None = None
    explicit_transaction: bool = False
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    loc: Any = field(default=None, repr=False, compare=False)  # statements.Located: byte → char offsets
    _touched: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    _body: dict | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> dict:
        """The node's fields (``node["IndexStmt"]``), or an empty dict."""
        if self._body is None:
            self._body = next(iter(self.node.values())) if self.node else {}
        return self._body

    @property
    def touched(self) -> tuple[str, ...]:
        """Tables, columns (``table.column``) and indexes the statement touches (computed on first use)."""
        if self._touched is None:
            from tui.review.names import touched_objects

            self._touched = touched_objects(self)
        return self._touched

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "span": {"start": self.start, "end": self.end},
            "range": {"line": self.line, "col": self.col, "end_line": self.end_line, "end_col": self.end_col},
            "in_transaction": self.in_transaction,
            "transaction": self.transaction,
            "touched": list(self.touched),
        }


def verdict_of(findings) -> str:
    """SAFE TO DEPLOY (nothing above low), REVIEW NEEDED (medium), BLOCKED (unacknowledged high)."""
    worst = 0
    for f in findings:
        if f.suppressed_reason is None:
            worst = max(worst, RISK_ORDER[f.risk])
    return BLOCKED if worst >= 3 else REVIEW if worst == 2 else SAFE_TO_DEPLOY


@dataclass
class FileReport:
    """The review of one file: its text (spans index into it), statements and findings."""

    path: str
    text: str
    statements: list[Statement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pg_version: int = 18
    in_transaction: bool = True
    reviewed_range: tuple[int, int] = (0, 0)  # the part reviewed (a `-- migrate:down` section is not)

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)

    @property
    def active(self) -> list[Finding]:
        """Findings not acknowledged by an ignore comment or the project file."""
        return [f for f in self.findings if f.suppressed_reason is None]

    def worst(self) -> str | None:
        levels = [RISK_ORDER[f.risk] for f in self.active]
        return RISKS[max(levels) - 1] if levels else None


@dataclass
class ReviewReport:
    """The review of several files, in the order given."""

    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. unknown rule ids in the project's ignore list

    @property
    def findings(self) -> list[Finding]:
        return [f for fr in self.files for f in fr.findings]

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)

    def fails(self, fail_on: str) -> bool:
        """True when an unacknowledged finding is at or above ``fail_on``."""
        limit = RISK_ORDER[fail_on]
        return any(RISK_ORDER[f.risk] >= limit for f in self.findings if f.suppressed_reason is None)
