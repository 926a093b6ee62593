"""The Friday sync path on copies of the demo's databases, opened from the home screen: environments → drift →
a change picked and written as a migration → review → the apply wizard to staging, then to prod (its name
typed) → logged (`driftdeck log`, applied_to_prod.log) → the summary to paste; it resumes where it was left."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from tests.app.helpers import ready, wait_for
from tests.app.test_apply_wizard import SLOW, next_enabled, pending, press_next, through_checklist
from tests.app.test_drift import find, loaded
from tests.apply.test_steps_demo import cli, demo_clone  # noqa: F401 - the fixture
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


async def through_wizard(app, pilot, *, typed: str | None = None) -> None:
    """The apply wizard opened by the Friday sync, walked to Done and closed (``typed``: the name a
    protected target asks for, typed into its box)."""
    await wait_for(pilot, lambda: isinstance(app.screen, ApplyWizard))
    wizard = app.screen
    await wait_for(pilot, lambda: wizard.run.plan is not None and not wizard.busy, SLOW)
    await through_checklist(pilot, wizard)
    await press_next(pilot, wizard)  # → backup
    await press_next(pilot, wizard)  # → apply page
    if typed:
        assert not next_enabled(wizard)
        await pilot.press("n")  # to the typed-name box
        assert wizard.focused is wizard.query_one("#apply-name")
        await pilot.press(*typed, "enter")  # apply, then smoke
    else:
        await press_next(pilot, wizard)  # apply, then smoke
    await wait_for(pilot, lambda: wizard.run.smoke is not None and not wizard.busy, SLOW)
    await press_next(pilot, wizard)  # → done
    await press_next(pilot, wizard)  # close
    await wait_for(pilot, lambda: isinstance(app.screen, FridaySyncScreen))


async def test_friday_path_from_drift_to_prod_logged_with_a_summary_to_paste(demo_clone, capsys):  # noqa: F811
    project = demo_clone
    with connect(project.env("dev").url) as conn:
        conn.execute("CREATE TABLE friday_probe (id bigint PRIMARY KEY, note text)")
    app = DriftdeckApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("f")  # the home screen's entry
        screen = await open_friday(app, pilot)
        assert screen.state.step == "envs"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.envs_text is not None and "pending" in screen.envs_text.plain, SLOW)
        await pilot.press("n")
        assert screen.state.step == "drift"
        # staging's own pending migrations: what the drift from dev lists of them is not to be picked again
        detail = screen.query_one("#friday-detail")
        await wait_for(pilot, lambda: "pending migration(s)" in str(detail.render()), SLOW)
        said = " ".join(str(detail.render()).split())
        assert "staging has 2 pending migration(s): 20250314100000_" in said and "do not pick those again" in said
        assert "apply them to staging first" in said and "migrations → staging" in said
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

        await pilot.press("f")  # resumed: the new migration found, on to its review
        screen = await open_friday(app, pilot)
        assert screen.state.step == "review" and "friday_probe" in screen.state.migration
        assert {"envs", "drift", "pick"} <= set(screen.state.done)
        await pilot.press("n")
        assert screen.state.step == "staging"
        await pilot.press("enter")
        await through_wizard(app, pilot)
        screen = app.screen
        assert screen.state.step == "prod" and screen.state.runs["staging"]["outcome"] == "applied"
        assert len(screen.state.runs["staging"]["migrations"]) == 3  # staging's two pending, and the new one
        await pilot.press("enter")
        await through_wizard(app, pilot, typed="prod")
        screen = app.screen
        assert screen.state.step == "logged" and screen.state.runs["prod"]["outcome"] == "applied"
        detail = str(screen.query_one("#friday-detail").render())
        assert "prod: applied, 8 migration(s)" in detail  # the summary, shown before it is copied
        await pilot.press("enter")  # copy it
        assert "all steps done" in app.clipboard and "friday_probe" in app.clipboard
        assert "staging: applied, 3 migration(s)" in app.clipboard and "prod: applied, 8 migration(s)" in app.clipboard
        assert "`driftdeck --demo log`" in app.clipboard  # where a teammate finds the runs
        assert "x starts the next one" in str(screen.query_one("#friday-detail").render())
    assert pending(project, "staging") == [] and pending(project, "prod") == []
    new = Path(friday.load(project).migration).name
    assert new in project.history_log.read_text()  # the seed-style applied_to_prod.log line
    code, out, _ = cli(project, capsys, "log", "prod")
    run_id = friday.load(project).runs["prod"]["run_id"]
    assert code == 0 and run_id in out and "applied" in out
