"""`driftdeck checklist --launch`: the pre-launch checklist headless — the same items and state the
console's "Launch checklist" shows (:mod:`tui.apply.launch`), the machine items checked now.
Exit 0 only when every item holds, 1 otherwise (the open items are named)."""

from __future__ import annotations

import json

from rich.text import Text

from tui.apply import launch
from tui.apply.audit import who, who_label
from tui.errors import DriftdeckError

STYLE = {launch.PASS: "green", launch.CONFIRMED: "green", launch.FAIL: "bold red", launch.PENDING: "yellow"}
MARK = {launch.PASS: "✓", launch.CONFIRMED: "✓", launch.FAIL: "✗", launch.PENDING: "☐"}


def render(state: launch.LaunchState) -> Text:
    out = Text()
    freeze = state.freeze_date.isoformat() if state.freeze_date else "not set"
    out.append(f"Pre-launch checklist · schema freeze date: {freeze}\n", style="bold")
    week = None
    for item in state.items:
        if item.week != week:
            week = item.week
            out.append(f"{week}\n", style="bold")
        out.append(f"  {MARK[item.state]} ", style=STYLE[item.state])
        out.append(f"{item.title}\n")
        out.append(f"      {item.note()}\n", style="dim" if item.holds else "")
    return out


def run_launch(args, ctx) -> int:
    project = ctx.project
    if args.env:
        raise DriftdeckError("checklist --launch covers every environment; leave ENV out.")
    if args.freeze_date:
        launch.set_freeze_date(project, launch.parse_date(args.freeze_date))
    for item_id in args.tick:
        launch.tick(project, item_id, who_label(who(project.root)))
    ctx.progress("checking the launch items…")
    state = launch.check(project)
    if args.format == "json":
        print(json.dumps({**state.to_dict(), "ready": state.ready}, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        ctx.out.print(render(state), end="")
        if state.ready:
            ctx.out.print("Every launch item holds.", style="green")
    if not state.ready:
        names = ", ".join(i.id for i in state.open_items)
        ctx.err.print(f"driftdeck: {len(state.open_items)} launch item(s) do not hold yet: {names}.",
                      markup=False, highlight=False)
        return 1
    return 0
