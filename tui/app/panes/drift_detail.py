"""The drift detail panel: the selected node's SOURCE and TARGET definitions side by side (changed
lines marked), why it is risky, and the SQL the generator writes for just that node.

The pane computes the SQL in a worker and hands it over with :meth:`DriftDetail.show_sql`. Only the
title line is there at start; the sides and the SQL are mounted with the first node shown.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from tui.app.panes.drift_tree import MARK, RISK_STYLE, Node, counts_text
from tui.app.widgets.sql_text import sql_text
from tui.schema.change import ONLY_SOURCE, ONLY_TARGET

WHAT = {ONLY_SOURCE: "only in SOURCE: will be created in TARGET", ONLY_TARGET: "only in TARGET: would be dropped",
        "differs": "differs"}


def side_by_side(after: str | None, before: str | None) -> tuple[Text, Text]:
    """SOURCE's and TARGET's definitions with the lines that differ marked (+ on SOURCE, − on TARGET)."""
    a_lines = (after or "").splitlines()
    b_lines = (before or "").splitlines()
    left, right = Text(), Text()
    for op, i1, i2, j1, j2 in SequenceMatcher(None, b_lines, a_lines, autojunk=False).get_opcodes():
        for line in a_lines[j1:j2]:
            changed = op != "equal"
            left.append(("+ " if changed else "  ") + line + "\n", style="on #1f3b2a" if changed else "")
        for line in b_lines[i1:i2]:
            changed = op != "equal"
            right.append(("− " if changed else "  ") + line + "\n", style="on #4a1f27" if changed else "")
    if after is None:
        left = Text("(not in SOURCE)", style="dim")
    if before is None:
        right = Text("(not in TARGET)", style="dim")
    return left, right


class DriftDetail(VerticalScroll):
    """Definitions side by side and the node's SQL."""

    DEFAULT_CSS = """
    DriftDetail { padding: 0 1; }
    DriftDetail #detail-title { margin-bottom: 1; }
    DriftDetail #detail-sides { height: auto; }
    DriftDetail .side { width: 1fr; height: auto; padding: 0 1 0 0; }
    DriftDetail .side-title { text-style: bold; color: $text-muted; }
    DriftDetail #detail-sql-title { margin-top: 1; text-style: bold; color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.names = ("SOURCE", "TARGET")
        self._title = Static("Select a change in the tree to see both definitions and its SQL.", id="detail-title")
        self._parts: dict[str, Static] = {}  # the sides and the SQL, once mounted
        self._sides: Horizontal | None = None

    def compose(self) -> ComposeResult:
        yield self._title

    def _part(self, name: str) -> Static:
        """One of the widgets below the title, all mounted on the first call (not before the first paint)."""
        if not self._parts:
            parts = self._parts
            for key, classes, markup in (("source-title", "side-title", True), ("source", "", False),
                                         ("target-title", "side-title", True), ("target", "", False),
                                         ("sql-title", "", True), ("sql", "", False)):
                parts[key] = Static("", id=f"detail-{key}", classes=classes, markup=markup)
            self._sides = Horizontal(Vertical(parts["source-title"], parts["source"], classes="side"),
                                     Vertical(parts["target-title"], parts["target"], classes="side"), id="detail-sides")
            self.mount(self._sides, parts["sql-title"], parts["sql"])
        return self._parts[name]

    def set_names(self, source: str, target: str) -> None:
        self.names = (source, target)

    def show(self, data: Node | None) -> None:
        """Show ``data`` (a tree node); the SQL arrives later through :meth:`show_sql`."""
        title, left, right = self._describe(data)
        self._title.update(title)
        if data is None and not self._parts:
            return
        show_sides = left is not None
        self._part("source-title").update(f"SOURCE {self.names[0]}" if show_sides else "")
        self._part("target-title").update(f"TARGET {self.names[1]}" if show_sides else "")
        self._part("source").update(left or "")
        self._part("target").update(right or "")
        self._sides.display = show_sides  # built by the calls above
        self.show_sql(None, pending=data is not None and data.level not in ("rename", "renames"))
        self.scroll_home(animate=False)

    def show_sql(self, sql: str | None, *, pending: bool = False) -> None:
        if sql is None and not pending and not self._parts:
            return
        title = self._part("sql-title")
        body = self._part("sql")
        if sql is None:
            title.update("SQL: generating…" if pending else "")
            body.update("")
            return
        title.update(f"SQL that brings {self.names[1]} to {self.names[0]} for this node")
        body.update(sql_text(sql.strip()) if sql.strip() else Text("-- nothing to run for this node alone", style="dim"))

    def _describe(self, data: Node | None):
        if data is None:
            return Text("Select a change in the tree to see both definitions and its SQL.", style="dim"), None, None
        if data.level == "rename":
            return Text.assemble((data.title, "bold yellow"), "\n", (
                "driftdeck never applies a rename: it drops one and adds the other (the drop is commented out as"
                " destructive). If it is a rename, edit the generated migration to use ALTER … RENAME instead.",
                "dim")), None, None
        if data.level in ("schema", "kind", "renames"):
            text = Text(data.title, style="bold")
            if data.level != "renames":
                text.append_text(counts_text(list(data.changes())))
            text.append("\nspace selects everything under it; enter opens it.", style="dim")
            return text, None, None
        change = data.change
        symbol, style = MARK[change.status]
        title = Text.assemble((f"{symbol} {change.kind} {change.name}", f"bold {style}"), "  ",
                              (WHAT[change.status], "dim"))
        if change.risk != "safe" or change.reason:
            title.append("\n")
            title.append(change.risk, style=RISK_STYLE.get(change.risk, "green"))
            if change.reason:
                title.append(f": {change.reason}")
        if change.rename_of:
            title.append(f"\npossible rename of {change.rename_of}", style="yellow")
        left, right = side_by_side(change.after, change.before)
        return title, left, right
