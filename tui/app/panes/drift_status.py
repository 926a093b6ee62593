"""The Drift pane's status line: which pair, how much differs (by marker), whether kinds not
compared differ, when the drift was read and how much of it is new, live refresh, the selection.

    status_line(pair, names, drift, reading=..., last_read=..., clock_format=..., fresh_count=...,
                live_every=..., selected=...) -> console markup
"""

from __future__ import annotations

import time

from tui.app.panes.drift_tree import MARK


def status_line(pair: tuple[str | None, str | None], names: tuple[str, str], drift, *, reading: bool,
                last_read: float | None, clock_format: str, fresh_count: int, live_every: int | None,
                selected: int) -> str:
    """The line over the tree (``live_every``: seconds between live refreshes, None when off;
    ``selected``: how many changes are selected)."""
    source, target = pair
    if not source or not target:
        return "Pick SOURCE and TARGET (s / t) to see what differs."
    parts = [f"[b]{names[0]} → {names[1]}[/b]"]
    if drift is not None:
        if drift.is_empty:
            parts.append(f"no drift: {names[1]} matches {names[0]}")
        else:
            counts = drift.counts()
            marks = " ".join(f"[{MARK[k][1]}]{MARK[k][0]}{v}[/]" for k, v in counts.items() if v)
            parts.append(f"{sum(counts.values())} changes {marks}")
        if drift.not_compared and any(nc.differs for nc in drift.not_compared):
            parts.append("[yellow]some objects of kinds not compared differ[/]")
    if reading:
        parts.append("reading…" if drift is None else "refreshing…")
    elif last_read is not None:
        parts.append(f"read {time.strftime(clock_format, time.localtime(last_read))}"
                     + (f", [b cyan]{fresh_count} new[/]" if fresh_count else ""))
    if live_every is not None:
        parts.append(f"[b]live[/b] every {live_every}s")
    if selected:
        parts.append(f"[b cyan]{selected} selected[/] (n: new migration)")
    return " · ".join(parts)
