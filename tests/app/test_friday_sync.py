"""The Friday sync path on copies of the demo's databases: environments → drift → a change picked and
written as a migration → review → the apply wizard to staging, recorded; it resumes where it was left."""

from __future__ import annotations

from textual.widgets import TabbedContent

from tests.app.helpers import ready, wait_for
from tests.app.test_apply_wizard import SLOW, pending, press_next, through_checklist
from tests.app.test_drift import find, loaded
from tests.apply.test_steps_demo import demo_clone  # noqa: F401 - the fixture
from tui.app.app import DriftdeckApp
from tui.app.panes.drift_tree import DriftTree
from tui.app.screens.apply_wizard import ApplyWizard
from tui.app.screens.friday_sync import FridaySyncScreen
from tui.pg.connect import connect
from tui.workflows import friday


async def open_friday(app, pilot) -> FridaySyncScreen:
    app.action_friday_sync()
    await wait_for(pilot, lambda: isinstance(app.screen, FridaySyncScreen))
    screen = app.screen
    await wait_for(pilot, lambda: screen.state.started_at is not None)
    return screen


def entry(app) -> str:
    return str(app.query_one("#friday-entry").render())


async def test_the_home_screen_offers_the_friday_sync_and_it_resumes_at_the_saved_step(demo_copy):
    app = DriftdeckApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        shown = app.query_one("#friday-entry")
        assert shown.region.y == 0 and shown.region.right <= 80 and entry(app).strip() == "f Friday sync"
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FridaySyncScreen))
        assert app.screen.state.step == "envs"
        await pilot.press("n")  # environments done: on to the drift
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FridaySyncScreen))
        assert entry(app).endswith("Friday sync › Drift 2/7")

    app = DriftdeckApp(demo_copy)  # the next morning: the same step, from the same place
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert entry(app).endswith("› Drift 2/7")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FridaySyncScreen))
        screen = app.screen
        assert screen.state.step == "drift" and screen.state.done == ["envs"]
        assert "▶ Drift" in str(screen.query_one("#friday-steps").render())
        assert "step 2 of 7" in str(screen.query_one("#friday-title").render())


async def test_friday_path_from_drift_to_a_migration_applied_on_staging(demo_clone):  # noqa: F811
    project = demo_clone
    with connect(project.env("dev").url) as conn:
        conn.execute("CREATE TABLE friday_probe (id bigint PRIMARY KEY, note text)")
    app = DriftdeckApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_friday(app, pilot)
        assert screen.state.step == "envs"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.envs_text is not None and "pending" in screen.envs_text.plain, SLOW)
        await pilot.press("n")
        assert screen.state.step == "drift"
        await pilot.press("enter")  # to the Drift pane, dev → staging
        await wait_for(pilot, lambda: not isinstance(app.screen, FridaySyncScreen))
        await wait_for(pilot, lambda: (app.source, app.target) == ("dev", "staging") and loaded(app), SLOW)
        assert app.query_one(TabbedContent).active == "drift"
        tree = app.query_one(DriftTree)
        tree.focus()
        tree.move_cursor(find(app, "+ public.friday_probe"))
        await pilot.press("space", "n")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "friday_probe"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "review", SLOW)

        screen = await open_friday(app, pilot)  # resumed: the new migration found, on to its review
        assert screen.state.step == "review" and "friday_probe" in screen.state.migration
        assert {"envs", "drift", "pick"} <= set(screen.state.done)
        await pilot.press("n")
        assert screen.state.step == "staging"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ApplyWizard))
        wizard = app.screen
        await wait_for(pilot, lambda: wizard.run.plan is not None, SLOW)
        assert len(wizard.run.plan.migrations) == 3  # staging's two pending, and the new one
        await through_checklist(pilot, wizard)
        await press_next(pilot, wizard)  # → backup
        await press_next(pilot, wizard)  # → apply page
        await press_next(pilot, wizard)  # apply, then smoke
        await wait_for(pilot, lambda: wizard.run.smoke is not None and not wizard.busy, SLOW)
        await press_next(pilot, wizard)  # → done
        await press_next(pilot, wizard)  # close
        await wait_for(pilot, lambda: isinstance(app.screen, FridaySyncScreen))
        screen = app.screen
        assert screen.state.step == "prod" and screen.state.runs["staging"]["outcome"] == "applied"
    assert pending(project, "staging") == []
    state = friday.load(project)
    text = friday.summary(project, state)
    assert "friday_probe" in text and "staging: applied, 3 migration(s)" in text and "prod: not applied" in text
