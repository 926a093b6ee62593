"""Acknowledging a review finding in its migration file: the ignore comment, written atomically.

The console's `a` key and any other client call :func:`acknowledge`; the comment's syntax
lives in :mod:`tui.review.suppress`, the atomic write in :mod:`tui.files`.
"""

from __future__ import annotations

from pathlib import Path

from tui.errors import DriftdeckError
from tui.files import write_atomic
from tui.review.engine import read_text
from tui.review.model import FileReport, Finding
from tui.review.suppress import with_ignore


def acknowledge(report: FileReport, finding: Finding, reason: str) -> Path:
    """Write ``-- driftdeck:ignore RULE -- REASON`` before the finding's statement in its file.

    Refuses (one sentence) when the file changed since it was reviewed, when the finding is
    already acknowledged, or when the reason is empty; the file is never half-written.
    """
    path = Path(report.path)
    if finding.suppressed:
        raise DriftdeckError(f"{finding.rule} is already acknowledged here ({finding.suppressed_reason}).")
    if read_text(path) != report.text:
        raise DriftdeckError(f"{path.name} changed since it was reviewed: review it again, then acknowledge.")
    statement = next((s for s in report.statements if s.index == finding.statement_index and s.origin == "file"), None)
    if statement is None:
        raise DriftdeckError(f"{finding.rule}: its statement is not in {path.name} any more; review it again.")
    try:
        text = with_ignore(report.text, statement, finding.rule, reason)
    except ValueError as err:
        raise DriftdeckError(str(err)) from None
    write_atomic(path, text)
    return path
