"""The pre-launch checklist screen: what holds on the demo (a picture), and an item ticked stays ticked after
the app restarts (launch.json)."""

from __future__ import annotations

import json
import shutil

from textual.widgets import DataTable

from tests.app.helpers import laid_out, pin_screen, screen_settled, wait_for
from tui.app.app import DriftdeckApp
from tui.app.screens.launch_checklist import LaunchChecklistScreen


async def open_launch(app, pilot) -> LaunchChecklistScreen:
    app.action_launch_checklist()
    await wait_for(pilot, lambda: isinstance(app.screen, LaunchChecklistScreen))
    screen = app.screen
    await wait_for(pilot, lambda: screen.state is not None and not screen.checking, 120)
    return screen


async def test_a_ticked_launch_item_is_still_ticked_after_a_restart(demo_copy, app_snapshot):
    shutil.rmtree(demo_copy.root / ".driftdeck", ignore_errors=True)  # the demo as built: nothing ticked yet
    app = DriftdeckApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_launch(app, pilot)
        await pin_screen(pilot, screen, {str(demo_copy.root): "~/acme-notes"})
        await wait_for(pilot, lambda: laid_out(screen.query_one(DataTable)))
        await screen_settled(pilot)
        assert await app_snapshot(app, "launch-checklist")
        ids = [i.id for i in screen.state.items]
        assert ids[0] == "schema-freeze" and ids[-1] == "critical-tables"
        assert screen.state.item("nothing-pending").state == "fail"  # staging and prod have pending migrations
        assert "prod 7 pending" in screen.state.item("nothing-pending").evidence
        assert screen.state.item("no-invalid-indexes").state == "pass"
        screen.query_one(DataTable).move_cursor(row=ids.index("backfills-applied"))
        await pilot.press("space")
        assert screen.state.item("backfills-applied").state == "confirmed"
        await pilot.press("escape")
    saved = json.loads((demo_copy.root / ".driftdeck" / "launch.json").read_text())
    assert saved["items"]["backfills-applied"]["state"] == "confirmed" and saved["items"]["backfills-applied"]["by"]

    app = DriftdeckApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_launch(app, pilot)
        item = screen.state.item("backfills-applied")
        assert item.state == "confirmed" and item.by and item.at
        screen.query_one(DataTable).move_cursor(row=[i.id for i in screen.state.items].index("backfills-applied"))
        await pilot.pause()
        assert "ticked by" in str(screen.query_one("#launch-detail").render())
