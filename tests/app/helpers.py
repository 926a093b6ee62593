"""Helpers for console tests."""

import asyncio


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


async def screen_settled(pilot) -> None:
    """Before a snapshot: let a screen refresh happen after the last layout change (a table that
    just measured its rows repaints on the next frame, which a loaded machine may not have drawn)."""
    for _ in range(3):
        await pilot.pause(0.1)
        await pilot.pause()
