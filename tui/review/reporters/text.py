"""``--format text``: for people. Each medium/high finding shows the statement excerpt with a
caret under the span, the risk, why (the lock and what it blocks) and the safer SQL; low
findings are one line each; acknowledged findings show their reason.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text

from tui.review.reporters.paths import relative_path
from tui.review.model import BLOCKED, REVIEW, FileReport, Finding, ReviewReport

RISK_STYLE = {"high": "bold white on red", "medium": "bold black on yellow", "low": "bold black on cyan"}
VERDICT_STYLE = {BLOCKED: "bold red", REVIEW: "bold yellow"}
MAX_EXCERPT_LINES = 4


def excerpt(fr: FileReport, f: Finding) -> Text:
    """The lines of the span with line numbers, and carets under the span on its first line."""
    lines = fr.text.splitlines()
    out = Text()
    width = len(str(f.end_line))
    last = min(f.end_line, f.line + MAX_EXCERPT_LINES - 1)
    for n in range(f.line, last + 1):
        src = lines[n - 1] if n - 1 < len(lines) else ""
        out.append(f"  {n:>{width}} │ ", style="dim")
        out.append(src.expandtabs(1) + "\n")
        if n == f.line:
            start = f.col - 1
            end = f.end_col - 1 if f.end_line == f.line else len(src.rstrip())
            end = max(end, start + 1)
            out.append(f"  {'':>{width}} │ ", style="dim")
            out.append(" " * start + "^" * (end - start) + "\n", style="bold red" if f.risk == "high" else "bold yellow")
    if f.end_line > last:
        out.append(f"  {'':>{width}} │ … {f.end_line - last} more line(s)\n", style="dim")
    return out


def _finding(fr: FileReport, f: Finding, root=None) -> Group:
    head = Text()
    head.append(f" {f.risk.upper()} ", style=RISK_STYLE[f.risk] if not f.suppressed else "dim")
    head.append(f" {f.rule}", style="bold")
    head.append(f"  {relative_path(fr.path, root)}:{f.line}:{f.col}  ", style="dim")
    head.append(f.title)
    parts = [head, excerpt(fr, f)]
    why = Text("  why: ", style="bold")
    why.append(f.why, style="")
    parts.append(why)
    if f.safe_sql:
        parts.append(Text("  safer:", style="bold green"))
        parts.append(Text("\n".join("    " + line for line in f.safe_sql.splitlines()), style="green"))
    if f.suppressed:
        parts.append(Text(f"  acknowledged: {f.suppressed_reason}", style="italic dim"))
    parts.append(Text(""))
    return Group(*parts)


def _low(fr: FileReport, f: Finding) -> Text:
    t = Text("  ")
    t.append(" low ", style=RISK_STYLE["low"])
    t.append(f" {f.rule}", style="bold")
    t.append(f"  line {f.line}  ", style="dim")
    t.append(f.why)
    return t


def render_text(report: ReviewReport, console: Console, *, show_low: bool = True, root=None) -> None:
    """Print the report; paths under ``root`` (the project root) are shown relative to it."""
    for fr in report.files:
        counts = {r: sum(1 for f in fr.active if f.risk == r) for r in ("high", "medium", "low")}
        header = Text()
        header.append(relative_path(fr.path, root), style="bold underline")
        header.append("  ")
        header.append(fr.verdict, style=VERDICT_STYLE.get(fr.verdict, "bold green"))
        header.append(
            f"  ({len(fr.statements)} statement{'s' if len(fr.statements) != 1 else ''}; {counts['high']} high, {counts['medium']} medium, {counts['low']} low)",
            style="dim",
        )
        console.print(header)
        for f in fr.findings:
            if f.risk != "low" or f.suppressed:
                console.print(_finding(fr, f, root))
        if show_low:
            lows = [f for f in fr.findings if f.risk == "low" and not f.suppressed]
            for f in lows:
                console.print(_low(fr, f))
            if lows:
                console.print()
    for note in report.notes:
        console.print(Text(f"note: {note}", style="yellow"))
    total = {r: sum(1 for f in report.findings if f.risk == r and not f.suppressed) for r in ("high", "medium", "low")}
    acknowledged = sum(1 for f in report.findings if f.suppressed)
    summary = Text("Verdict: ", style="bold")
    summary.append(report.verdict, style=VERDICT_STYLE.get(report.verdict, "bold green"))
    summary.append(
        f" — {len(report.files)} file(s), {total['high']} high, {total['medium']} medium, {total['low']} low"
        + (f", {acknowledged} acknowledged" if acknowledged else ""),
    )
    console.print(summary)
