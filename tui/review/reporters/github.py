"""``--format github``: GitHub Actions workflow commands (``::error file=…,line=…::message``).

High → ``error``, medium → ``warning``; low findings and acknowledged ones are not
annotated (GitHub shows only a few annotations per step). A last ``::notice`` line gives the
verdict.
"""

from __future__ import annotations

from tui.review.model import ReviewReport
from tui.review.reporters.paths import relative_path

LEVELS = {"high": "error", "medium": "warning", "low": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: ReviewReport, root=None) -> str:
    """Workflow commands; ``file=`` relative to ``root`` (the repository root, as GitHub expects) when given."""
    lines = []
    for f in report.findings:
        if f.suppressed or f.risk == "low":
            continue
        props = ",".join(
            [
                f"file={_prop(relative_path(f.path, root))}",
                f"line={f.line}",
                f"col={f.col}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_col}",
                f"title={_prop(f'{f.rule} ({f.risk}): {f.title}')}",
            ]
        )
        msg = f.why + (f"\nSafer:\n{f.safe_sql}" if f.safe_sql else "")
        lines.append(f"::{LEVELS[f.risk]} {props}::{_data(msg)}")
    counts = {r: sum(1 for f in report.findings if f.risk == r and not f.suppressed) for r in ("high", "medium", "low")}
    lines.append(
        f"::notice title=driftdeck review::{_data(report.verdict)} — {counts['high']} high, {counts['medium']} medium,"
        f" {counts['low']} low in {len(report.files)} file(s)"
    )
    return "\n".join(lines)
