"""What each page of the apply wizard shows, built from the engine's objects: table rows for the plan,
the checklist and the smoke checks, and one log line per runner event. Display only: no rule lives here."""

from __future__ import annotations

from rich.text import Text

from tui.apply.events import (
    MigrationFailed,
    MigrationFinished,
    MigrationStarted,
    Notice,
    StatementFinished,
    StatementStarted,
)
from tui.app.panes.apply import SHORT_VERDICT, VERDICT_STYLE
STATE_MARK = {
    "pass": ("✓", "green"), "confirmed": ("✓", "green"), "skip": ("–", "dim"), "warn": ("!", "yellow"),
    "fail": ("✗", "bold red"), "pending": ("☐", "bold yellow"),
}
SMOKE_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}

PLAN_COLUMNS = ("#", "migration", "review", "transaction", "rollback")
CHECK_COLUMNS = ("", "item", "evidence")
SMOKE_COLUMNS = ("result", "check", "found", "expected")


def first_line(sql: str, width: int = 60) -> str:
    line = " ".join(sql.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def plan_rows(plan):
    for n, p in enumerate(plan.migrations, 1):
        yield (
            str(n),
            Text(p.migration.name or p.migration.label),
            Text(SHORT_VERDICT.get(p.verdict, p.verdict), style=VERDICT_STYLE.get(p.verdict, "")),
            Text("one" if p.transactional else "autocommit", style="" if p.transactional else "yellow"),
            Text("yes" if p.rollback else "none: restore", style="" if p.rollback else "yellow"),
        )


def plan_head(plan) -> Text:
    env = plan.env
    where = f"{env.name}{' (protected)' if env.protected else ''}"
    if not plan.migrations:
        return Text(f"{where}: nothing pending; it already has every migration of the folder.", style="green")
    head = Text.assemble(f"{len(plan.migrations)} migration(s) to apply to {where}, in this order · review ",
                         (plan.verdict, VERDICT_STYLE.get(plan.verdict, "")))
    if plan.refusal:
        head.append(f"\n{plan.refusal}", style="bold red")
    return head


def rehearsal_head(summary: str, rehearsal) -> Text:
    """The rehearsal's result, and the smoke checks that did not pass on the copy (on a schema-only copy
    the checks that count rows cannot hold: said as such, not as a failure)."""
    head = Text(f"✓ {summary}", style="green")
    smoke = rehearsal.smoke if rehearsal is not None else None
    shaky = [r for r in (smoke.results if smoke else ()) if r.status != "pass"]
    if shaky:
        head.append("\nnot conclusive on the copy (" + ("it has no rows):" if not rehearsal.with_data else "warnings):"),
                    style="yellow")
        for r in shaky:
            head.append(f"\n  {r.check}: {first_line(r.found, 50)}", style="yellow")
    return head


def check_row(item, protected: bool):
    """An item's row; "(blocking)" where it holds the Next button back (a protected target's blocking item)."""
    mark, style = STATE_MARK.get(item.state, ("?", ""))
    title = Text(item.title)
    if protected and item.blocking and item.state in ("pending", "fail"):
        title.append(" (blocking)", style="bold")
    return Text(mark, style=style), title, Text(item.evidence or "", style="dim")


def check_detail(item, protected: bool) -> Text:
    text = Text.assemble((item.title, "bold"), f" · {item.state}")
    if item.evidence:
        text.append(f"\n{item.evidence}")
    when = f"{item.at:%Y-%m-%d %H:%M:%S} UTC" if item.at else ""
    if item.by:
        text.append(f"\nconfirmed by {item.by} at {when}" + (f": {item.reason}" if item.reason else ""), style="green")
    elif when:
        text.append(f"\nchecked {when}", style="dim")
    if item.kind == "manual" and item.state == "pending":
        text.append("\nspace: " + ("acknowledge with a reason" if item.rule else "tick it"), style="bold")
    elif item.kind == "machine":
        text.append("\nr: check again", style="dim")
    return text


def smoke_row(result):
    """Result first: at 80 columns pass/fail stays on screen whatever the other cells hold."""
    return (Text(result.status, style=SMOKE_STYLE.get(result.status, "")), Text(result.check),
            Text(first_line(result.found, 30)), Text(first_line(result.expected, 40), style="dim"))


def smoke_detail(result) -> Text:
    """The highlighted smoke result in full (the table cuts found and expected to fit 80 columns)."""
    text = Text.assemble((result.check, "bold"), f" · {result.status}")
    text.append(f"\nfound: {result.found}")
    text.append(f"\nexpected: {result.expected}", style="dim")
    if result.detail:
        text.append(f"\n{result.detail}")
    return text


def event_line(event, started: StatementStarted | None = None) -> Text | None:
    """One log line for a runner event (None for events the log does not show); a finished statement
    is shown with its duration, its line and its text (``started``, the matching StatementStarted)."""
    if isinstance(event, MigrationStarted):
        return Text(f"▶ {event.migration.label} ({event.index}/{event.total}, {event.mode})", style="bold")
    if isinstance(event, StatementFinished):
        where = f"line {started.line}: {first_line(started.sql, 50)}" if started else f"statement {event.index}"
        return Text(f"  ✓ {event.duration:6.3f} s  {where}")
    if isinstance(event, MigrationFinished):
        return Text(f"✓ {event.migration.label} applied in {event.duration:.2f} s", style="green")
    if isinstance(event, MigrationFailed):
        return Text(f"✗ {event.migration.label}: {failure_text(event.error)}", style="bold red")
    if isinstance(event, Notice):
        return Text(f"  {event.severity.lower()}: {event.message}", style="yellow")
    return None


def running_line(event: StatementStarted) -> str:
    return f"running {event.migration.label} statement {event.index}/{event.total}, line {event.line}: {first_line(event.sql, 40)}"


WAY_KEYS = {"rollback": "b", "restore": "o"}  # the keys of the ways back after a failure (the wizard's bindings)


def apply_stopped_head(failure, cancelled: bool) -> Text:
    """The Apply page's first line once the apply stopped (it said which statement was running)."""
    if failure is not None:
        line = getattr(failure, "line", None)
        where = f" at line {line}" if line else ""
        return Text(f"✗ {failure.migration.label} failed{where}; it was rolled back, nothing of it is left.",
                    style="bold red")
    if cancelled:
        return Text("✗ Cancelled: the running migration was rolled back.", style="bold red")
    return Text("✗ Stopped.", style="bold red")


def failure_text(error) -> str:
    """The server's message and the failing statement's line, from the runner's ApplyFailed."""
    line = getattr(error, "line", None)
    message = getattr(error, "server_message", None) or str(error)
    where = f"line {line}: " if line else ""
    stmt = getattr(error, "statement", "")
    return f"{where}{message}" + (f" — {first_line(stmt, 70)}" if stmt else "")
