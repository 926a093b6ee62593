"""Helpers for console tests."""

import asyncio
import re


async def wait_for(pilot, predicate, timeout: float = 30.0) -> None:
    """Let the app run until ``predicate()`` holds (workers finish on their own time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


def freeze_clock(app) -> None:
    """Snapshots must not depend on the time of day: show the drift as read at a fixed moment."""
    from tui.app.panes.drift import DriftPane

    drift_pane = app.query_one(DriftPane)
    drift_pane.last_read = 1_700_000_000.0
    drift_pane.clock_format = "12:00:00"
    drift_pane._show_status()


async def envs_checked(app, pilot, timeout: float = 45.0) -> None:
    """Every environment card has its probe result (before a snapshot: no 'checking…' in the picture)."""
    from tui.app.widgets.env_list import EnvCard

    await wait_for(pilot, lambda: all(card.checked for card in app.query(EnvCard)), timeout)
    await pilot.pause()


async def ready(app, pilot, timeout: float = 45.0) -> None:
    """The shell has mounted and picked SOURCE → TARGET, and its start-up messages are handled
    (a key pressed earlier than any person could may race the tabs' own start-up)."""
    await wait_for(pilot, lambda: app.target is not None, timeout)
    await pilot.pause()


def laid_out(table) -> bool:
    """The DataTable has measured its rows (a column is wider than its title)."""
    return table.row_count > 0 and any(c.content_width > len(str(c.label)) for c in table.columns.values())


async def screen_settled(pilot) -> None:
    """Before a snapshot: let a screen refresh happen after the last layout change (a table that
    just measured its rows repaints on the next frame, which a loaded machine may not have drawn)."""
    for _ in range(3):
        await pilot.pause(0.1)
        await pilot.pause()


# What a snapshot must not depend on (the machine, the moment, the load): see pin_screen.
_RECENT = re.compile(r"\b(\d{4}-\d{2}-\d{2})([ T])(\d{2}:\d{2})(:\d{2})?")
_PINNED = (
    (re.compile(r"\b\d{8}T\d{6}Z\b"), lambda m: "20250401T120000Z"),  # a backup file's stamp
    (re.compile(r"(?<![\w.])\d+\.(\d+) s\b"), lambda m: "0." + "5".rjust(len(m.group(1)), "0") + " s"),
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)? ms\b"), lambda m: "0.5 ms"),
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)? (?:B|kB|MB|GB|TB)\b"), lambda m: "1.0 MB"),
    (re.compile(r"\brun [0-9a-f]{12}\b"), lambda m: "run 0a1b2c3d4e5f"),
    (re.compile(r"\bpid \d+\b"), lambda m: "pid 4242"),
)


def _recent(m) -> str:
    """A date-time within a day of now (the run's own) → a fixed one; the demo's history dates stay."""
    from datetime import datetime, timezone

    try:
        at = datetime.fromisoformat(f"{m.group(1)}T{m.group(3)}").replace(tzinfo=timezone.utc)
    except ValueError:
        return m.group(0)
    if abs((datetime.now(timezone.utc) - at).total_seconds()) > 86400:
        return m.group(0)
    return f"2025-04-01{m.group(2)}12:00" + (":00" if m.group(4) else "")


def _substitute(text, pattern, repl):
    """``pattern`` replaced by ``repl(match)`` in a str or a rich Text (a Text keeps its styles)."""
    from rich.text import Span, Text

    if isinstance(text, str):
        return pattern.sub(repl, text)
    out, pos = text.blank_copy(), 0
    for m in pattern.finditer(text.plain):
        out.append_text(text[pos:m.start()])
        piece, new = text[m.start():m.end()], Text(repl(m))
        new.spans = [Span(0, len(new), s.style) for s in piece.spans]
        out.append_text(new)
        pos = m.end()
    if pos == 0:
        return text
    out.append_text(text[pos:])
    return out


def pinned(text, literal: dict[str, str]):
    for old in sorted(literal, key=len, reverse=True):
        text = _substitute(text, re.compile(re.escape(old)), lambda m, new=literal[old]: new)
    for pattern, repl in (*_PINNED, (_RECENT, _recent)):
        text = _substitute(text, pattern, repl)
    return text


async def pin_screen(pilot, screen, literal: dict[str, str] | None = None) -> None:
    """Like freeze_clock, for the run pages: rewrite what ``screen`` shows so that its picture is the
    same on any machine at any time — durations, sizes, today's timestamps, backup file stamps, run
    ids and pids pinned, and each ``literal`` string (temporary paths, database names, the person)
    replaced by its stand-in. Text in DataTable cells (each table refilled, so that its columns are
    measured on what it now shows), then in Static widgets and Log lines."""
    from rich.text import Text
    from textual.widgets import DataTable, Log, Static

    from tui.app.widgets.sized_table import fill_table

    literal = literal or {}

    def pin(value):
        return pinned(value, literal) if isinstance(value, (str, Text)) else value

    for table in screen.query(DataTable):
        columns = [(col.label, key.value) for key, col in table.columns.items()]
        rows = [(key.value, [pin(c) for c in table.get_row(key)]) for key in table.rows]
        column = table.cursor_coordinate.column
        fill_table(table, columns, rows)  # the console's own way: columns as wide as the pinned text
        if rows:
            table.move_cursor(column=column)
    await pilot.pause()  # a table's cursor event repaints the screen's detail: pin after it
    for static in screen.query(Static):
        content = static.content
        if isinstance(content, (str, Text)):
            new = pinned(content, literal)
            if new != content:
                static.update(new)
    for log in screen.query(Log):
        lines = [pinned(line, literal) for line in log.lines]
        if lines != list(log.lines):
            log.clear()
            log.write_lines(lines)
