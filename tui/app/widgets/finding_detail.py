"""The current review finding explained: risk, rule and title, why it is risky, the locks its
statement takes (estimated by :mod:`tui.apply.locks`), the safer SQL (coloured), and the
reason when it is acknowledged."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.app.widgets.sql_view import sql_text
from tui.apply.locks import BLOCKS, LockEstimate
from tui.review.model import Finding

RISK_STYLE = {"high": "bold white on #b3261e", "medium": "bold black on #e0a526", "low": "bold white on #3a6ea5"}


def risk_badge(risk: str, short: bool = False) -> Text:
    """`` HIGH `` / `` MEDIUM `` / `` LOW `` (``short``: `` MED ``) in the risk's colour."""
    label = {"medium": "MED"}.get(risk, risk.upper()) if short else risk.upper()
    return Text(f" {label:<4} " if short else f" {label} ", style=RISK_STYLE.get(risk, "reverse"))


class FindingDetail(VerticalScroll):
    """Explains one finding; empty text when there is none."""

    DEFAULT_CSS = """
    FindingDetail { height: 40%; min-height: 5; border-top: solid $panel-lighten-2; padding: 0 1; }
    FindingDetail > Static { width: 1fr; }
    """

    text = ""

    def compose(self):
        yield Static("", id="finding-detail-text")

    def show(self, finding: Finding | None, locks: list[LockEstimate] = (), empty: str = "") -> None:
        """Explain ``finding``; ``locks`` are the table locks its statement takes (tui.apply.locks)."""
        body = self.query_one("#finding-detail-text", Static)
        self.finding = finding
        if finding is None:
            self.text = empty
            body.update(Text(empty, style="dim"))
            return
        head = Text.assemble(risk_badge(finding.risk), " ", (finding.rule, "bold"), f"  line {finding.line}  ", finding.title)
        parts: list = [head, Text.assemble(("Why  ", "bold"), finding.why)]
        taken = "; ".join(f"{lk.mode} on {lk.relation} ({BLOCKS[lk.mode]})" for lk in locks)
        parts.append(Text.assemble(("Lock ", "bold"), taken or "no lock on an existing table"))
        if finding.safe_sql:
            parts.append(Text("Safer", style="bold"))
            parts.append(sql_text(finding.safe_sql.strip()))
        if finding.suppressed:
            parts.append(Text.assemble(("Acknowledged  ", "bold green"), finding.suppressed_reason))
        self.text = "\n".join(p.plain for p in parts)  # what is shown, as plain text
        body.update(Group(*parts))
        self.scroll_home(animate=False)
