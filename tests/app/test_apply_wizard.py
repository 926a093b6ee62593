"""The apply wizard driven as a person would, on copies of the demo's databases (the shared demo stays
as it was): staging applied to the end, a failing migration stopping on Apply with nothing of it left,
Cancel during a long statement, prod refusing until its name is typed."""

from __future__ import annotations

from contextlib import suppress

from textual.widgets import Button, DataTable, Input, Static
from textual.worker import WorkerFailed

from tests.app.helpers import laid_out, pin_screen, ready, screen_settled, wait_for
from tests.apply.test_steps_demo import demo_clone  # noqa: F401 - the fixture
from tui.apply.audit import read_entries
from tui.apply.plan import build_plan
from tui.app.app import DriftdeckApp
from tui.app.screens.apply_wizard import ApplyWizard
from tui.app.screens.confirm import ConfirmScreen
from tui.pg.connect import connect

SLOW = 120.0


async def open_wizard(app, pilot, target: str) -> ApplyWizard:
    await ready(app, pilot)  # the shell picks its default pair after the first paint
    app.target = target
    await pilot.pause()
    app.action_apply_wizard()
    await wait_for(pilot, lambda: isinstance(app.screen, ApplyWizard))
    wizard = app.screen
    await wait_for(pilot, lambda: wizard.run.plan is not None and not wizard.busy, SLOW)  # the plan shown
    return wizard


def next_enabled(wizard) -> bool:
    return not wizard.query_one("#wiz-next", Button).disabled


async def press_next(pilot, wizard, timeout: float = SLOW) -> None:
    await wait_for(pilot, lambda: next_enabled(wizard) or wizard.stopped is not None, timeout)
    assert wizard.stopped is None, str(wizard.stopped)
    await pilot.press("n")


async def through_checklist(pilot, wizard, opened: bool = False) -> None:
    """Plan → Checklist (unless ``opened``), tick the manual items (a reason for each finding), then on to Rehearsal."""
    if not opened:
        await press_next(pilot, wizard)
    await wait_for(pilot, lambda: wizard.run.checklist is not None and not wizard.busy, SLOW)
    for n, item in enumerate(list(wizard.run.checklist.items)):
        if item.kind == "manual":
            wizard.query_one("#check-table", DataTable).move_cursor(row=n)
            await pilot.press("space")
            if item.rule:
                await pilot.pause()
                wizard.app.screen.query_one(Input).value = "checked with the team"
                await pilot.press("enter")
            await pilot.pause()
    assert wizard.run.checklist.refusal() is None
    await press_next(pilot, wizard)  # → rehearsal (runs)


def pending(project, env: str) -> list[str]:
    return [p.id for p in build_plan(project, env).migrations]


def stand_ins(project, wizard) -> dict[str, str]:
    """What differs from one machine or run to the next on the wizard's pages, and what stands in for it
    in the pictures (see pin_screen): the temporary folders, the copies' database names, the person."""
    from tui.urls import database_name

    literal = {str(project.root): "~/acme-notes", str(project.apply.backup_dir): "~/.local/share/driftdeck/backups",
               wizard.run.by: "alice <alice@example.com>"}
    literal.update({database_name(env.url): env.name for env in project.environments})
    return literal


async def picture(app, pilot, app_snapshot, name: str, literal: dict[str, str]) -> bool:
    """The screen as a person sees it now, pinned (no time, size or path of this run in it) and laid out."""
    await pin_screen(pilot, app.screen, literal)
    await wait_for(pilot, lambda: all(laid_out(t) for t in app.screen.query(DataTable) if t.row_count and t.is_on_screen))
    await screen_settled(pilot)
    return await app_snapshot(app, name)


async def test_wizard_applies_stagings_pending_migrations_to_the_end(demo_clone, app_snapshot, monkeypatch):  # noqa: F811
    """One run to the end, with a picture of every step (pinned: the same on any machine, at any time)."""
    monkeypatch.setattr("tui.apply.smoke.LATENCY_WARN_MS", 60_000.0)  # a loaded machine's round trip is no warning here
    project = demo_clone
    assert len(pending(project, "staging")) == 2
    app = DriftdeckApp(project)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(app, pilot, "staging")
        literal = stand_ins(project, wizard)
        assert len(wizard.query_one("#plan-table", DataTable).rows) == 2
        assert await picture(app, pilot, app_snapshot, "plan", literal)
        await press_next(pilot, wizard)
        await wait_for(pilot, lambda: wizard.run.checklist is not None and not wizard.busy, SLOW)
        assert await picture(app, pilot, app_snapshot, "checklist", literal)
        await through_checklist(pilot, wizard, opened=True)
        await wait_for(pilot, lambda: wizard.step == "rehearsal" and not wizard.busy, SLOW)
        assert await picture(app, pilot, app_snapshot, "rehearsal", literal)
        await press_next(pilot, wizard)  # rehearsal done → backup
        await wait_for(pilot, lambda: wizard.run.backup_path is not None and not wizard.busy, SLOW)
        assert "verified" in str(wizard.query_one("#backup-result").render())
        assert await picture(app, pilot, app_snapshot, "backup", literal)
        await press_next(pilot, wizard)  # → apply page
        assert wizard.step == "apply"
        assert await picture(app, pilot, app_snapshot, "apply", literal)
        await press_next(pilot, wizard)  # start the apply; smoke follows
        await wait_for(pilot, lambda: wizard.step == "smoke" and not wizard.busy and wizard.run.smoke is not None, SLOW)
        assert wizard.query_one("#smoke-table", DataTable).row_count == len(wizard.run.smoke.results)
        await pilot.press("down")  # the highlighted result in full under the table (at 80 columns it is cut)
        second = wizard.run.smoke.results[1]
        await wait_for(pilot, lambda: f"expected: {second.expected}" in str(wizard.query_one("#smoke-detail").render()))
        await pilot.press("up")
        log = "\n".join(wizard.query_one("#apply-log").lines)
        assert "CREATE TABLE IF NOT EXISTS" in log and " s  line " in log and "applied in" in log
        assert await picture(app, pilot, app_snapshot, "smoke", literal)
        await press_next(pilot, wizard)  # → done
        summary = str(wizard.query_one("#done-summary").render())
        assert "Applied 2 migration(s) to staging" in summary and ".dump (" in summary and "audit.jsonl" in summary
        # the Apply page's per-statement log, in short: each migration's time and its slowest statement
        assert "create_email_messages_and_attachments.sql  " in summary and "statements, the slowest at line" in summary
        assert summary.index("Recorded in") < summary.index("statements, the slowest")  # the long part last
        for timing in wizard.run.timings.values():  # which statement was the slowest is up to the machine
            literal[f"slowest at line {timing.slowest()[0]}:"] = f"slowest at line {timing.statements[0][0]}:"
        assert await picture(app, pilot, app_snapshot, "done", literal)
    assert pending(project, "staging") == []


def apply_all(project, env: str) -> None:
    """What is pending on ``env`` applied directly through the runner (a fast setup step)."""
    from tests.apply.steps_helpers import apply_first
    from tui.migrations.layouts import load_folder

    apply_first(project, env, len(load_folder(project).migrations))


async def run_to_apply_page(pilot, wizard) -> None:
    await through_checklist(pilot, wizard)
    await press_next(pilot, wizard)  # → backup
    await press_next(pilot, wizard)  # → apply page
    assert wizard.step == "apply"


def table_exists(project, env: str, name: str) -> bool:
    with connect(project.env(env).url) as conn:
        return conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()[0]


async def test_a_failing_migration_stops_on_apply_with_the_error_and_nothing_left(demo_clone):  # noqa: F811
    project = demo_clone
    apply_all(project, "staging")
    (project.migrations / "20250401000000_broken.sql").write_text(
        "-- fails on real rows only (the rehearsal copy has no data)\nCREATE TABLE broken_probe (id int);\n"
        "ALTER TABLE users ADD CONSTRAINT users_id_negative CHECK (id < 0);\n")
    app = DriftdeckApp(project)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(app, pilot, "staging")
        await run_to_apply_page(pilot, wizard)
        await press_next(pilot, wizard)
        await wait_for(pilot, lambda: wizard.stopped is not None, SLOW)
        assert wizard.step == "apply" and wizard.states["apply"] == "failed"
        error = str(wizard.query_one("#wiz-error").render())
        assert "line 3" in error and "is violated by some row" in error and "CHECK (id < 0)" in error
        assert "o: Restore staging from the backup" in error
        assert wizard.next_blocker().startswith("Stopped.")
        await pilot.press("o")  # restore the backup this run took, after its own confirmation
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: wizard._undo_done or "restore failed" in str(wizard.query_one("#wiz-error").render()), SLOW)
        assert "staging restored from" in str(wizard.query_one("#wiz-error").render())
        with suppress(WorkerFailed):
            await app.workers.wait_for_complete()
    assert not table_exists(project, "staging", "broken_probe")
    assert pending(project, "staging") == ["20250401000000"]
    runs = read_entries(project, "staging")[0]
    assert [(e["kind"], e["outcome"]) for e in runs[-2:]] == [("apply", "failed"), ("restore", "restored")]
    assert runs[-1]["backup"] == runs[-2]["backup"]  # the backup the failed run took


async def test_cancel_during_a_long_statement_leaves_nothing_applied(demo_clone):  # noqa: F811
    project = demo_clone
    apply_all(project, "staging")
    (project.migrations / "20250402000000_slow.sql").write_text(
        "CREATE TABLE slow_probe (id int);\n"
        "DO $$ BEGIN IF current_database() NOT LIKE 'driftdeck_rehearsal_%' THEN PERFORM pg_sleep(60); END IF; END $$;\n")
    app = DriftdeckApp(project)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(app, pilot, "staging")
        await run_to_apply_page(pilot, wizard)
        await press_next(pilot, wizard)
        await wait_for(pilot, lambda: "statement 2/2, line 2: DO $$" in str(wizard.query_one("#apply-head").render()), SLOW)
        await pilot.pause(0.3)
        await pilot.press("q")  # quitting during an apply asks first; No keeps it running
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "still running" in str(app.screen.query_one(Static).render())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is wizard)
        assert wizard.busy == "apply" and app.is_running
        await pilot.press("escape")
        await wait_for(pilot, lambda: wizard.stopped is not None, 30)
        assert "Cancelled" in str(wizard.query_one("#wiz-error").render())
        assert wizard.run.entry.outcome == "cancelled"
    assert not table_exists(project, "staging", "slow_probe")
    assert pending(project, "staging") == ["20250402000000"]


async def test_prod_refuses_to_apply_until_its_name_is_typed(demo_clone):  # noqa: F811
    project = demo_clone
    apply_all(project, "staging")
    app = DriftdeckApp(project)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(app, pilot, "prod")
        await run_to_apply_page(pilot, wizard)
        box = wizard.query_one("#apply-name", Input)
        assert not next_enabled(wizard) and "type its name (prod)" in wizard.next_blocker()
        assert "n (or tab) takes you to the box" in str(wizard.query_one("#apply-head").render())
        await pilot.press("n")  # the habitual next: it takes the person to the box, and types nothing there
        assert wizard.focused is box and box.value == "" and wizard.busy is None and wizard.run.applied == []
        await pilot.press("enter")
        assert wizard.busy is None and wizard.run.applied == []
        await pilot.press("p", "r")  # half typed: told how to go on, not that it is wrong
        assert not next_enabled(wizard) and wizard.next_blocker() == "type prod, then enter, to apply to it."
        box.value = "staging"
        await pilot.pause()
        assert not next_enabled(wizard) and "not the environment's name" in wizard.next_blocker()
        box.value = "pr"
        await pilot.press("o", "d")
        assert next_enabled(wizard)
        await pilot.press("enter")
        await wait_for(pilot, lambda: wizard.run.smoke is not None and not wizard.busy, SLOW)
        await press_next(pilot, wizard)
        assert wizard.step == "done"
        page = wizard.query_one("#page-done")
        assert wizard.focused is page and page.max_scroll_y > 0  # 7 migrations: more than 80x24 shows
        await pilot.press("end")
        assert page.scroll_y == page.max_scroll_y and page.max_scroll_y > 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not wizard)
    assert pending(project, "prod") == []


async def test_an_inconsistent_history_stops_on_plan_until_acknowledged(demo_copy, app_snapshot):
    """demo_copy shares the demo's databases: nothing here writes to them."""
    from tui.migrations.layouts import load_folder

    applied = load_folder(demo_copy).migrations[0].path
    applied.write_text(applied.read_text() + "\n-- edited after it was applied\nSELECT 1;\n")
    app = DriftdeckApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.target = "staging"
        await pilot.pause()
        app.action_apply_wizard()
        await wait_for(pilot, lambda: isinstance(app.screen, ApplyWizard))
        wizard = app.screen
        await wait_for(pilot, lambda: wizard.run.plan is not None and not wizard.busy, SLOW)
        assert "inconsistent" in str(wizard.query_one("#plan-head").render())
        assert not next_enabled(wizard) and "acknowledged first" in wizard.next_blocker()
        await pilot.pause()
        assert await app_snapshot(app, "plan-refused")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not wizard.busy and wizard.run.plan is not None and not wizard.run.plan.refusal, SLOW)
        assert next_enabled(wizard) and wizard.stopped is None
