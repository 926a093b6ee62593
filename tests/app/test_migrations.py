"""The Migrations and Apply panes against the demo on the embedded server: the matrix of what is
applied where (and modified, missing, out of order), review badges, opening a row in Review,
an unreachable environment as an error panel with a retry key, and the read-only plan."""

import shutil
from pathlib import Path

from textual.widgets import DataTable

from tests.app.helpers import envs_checked, laid_out, ready, screen_settled, wait_for
from tui.app.app import DriftdeckApp
from tui.app.widgets.error_panel import ErrorPanel
from tui.config import Environment, Project

SLOW = 45.0  # seconds: the Drift pane reads both catalogs at start, and CI machines are shared

DROP_ID = "20250228110000"


def rows(pane) -> dict[str, list[str]]:
    table = pane.query_one(DataTable)
    return {key.value: [str(c) for c in table.get_row(key)] for key in table.rows}


async def show_migrations(app, pilot):
    await pilot.press("3")
    pane = app.pane("migrations")
    await envs_checked(app, pilot)  # the sidebar has its final width, so the table its final layout
    await wait_for(pilot, lambda: pane.matrix is not None and laid_out(pane.query_one(DataTable)), SLOW)
    await pilot.pause()
    return pane


async def test_matrix_shows_what_is_applied_where_with_who_and_the_review_badge(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        pane = await show_migrations(app, pilot)
        table = pane.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["migration", "dev", "staging", "prod", "review"]
        by = rows(pane)
        assert len(by) == 12
        assert by["20250103091500"] == ["create_users", "✓ 2025-01-03 alice", "✓ 2025-01-04 ci", "✓ 2025-01-06 bob", "safe"]
        assert by[DROP_ID][1:] == ["✓ 2025-02-28 alice", "✓ 2025-03-01 ci", "pending", "blocked"]
        assert [r[3] for r in by.values()].count("pending") == 7
        assert "prod: 5 applied, 7 pending" in str(pane.query_one("#migrations-summary").render())
        await envs_checked(app, pilot)
        await wait_for(pilot, lambda: laid_out(pane.query_one(DataTable)), SLOW)
        await screen_settled(pilot)
        assert await app_snapshot(app, "migrations")


async def test_modified_missing_and_out_of_order_migrations_are_marked(demo_copy):
    folder = demo_copy.migrations
    first = folder / "20250103091500_create_users.sql"
    first.write_text(first.read_text() + "\n-- edited after it was applied\n")
    (folder / "20250110140000_create_summaries_and_share_links.sql").unlink()
    shutil.copy(folder / "20250221093000_add_event_kind_export.sql", folder / "20250102000000_forgotten.sql")
    app = DriftdeckApp(demo_copy)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        pane = await show_migrations(app, pilot)
        by = rows(pane)
        assert by["20250103091500"][1].startswith("✓ modified") and by["20250103091500"][1].endswith("alice")
        assert by["20250110140000"][0] == "20250110140000 (no file)"
        assert by["20250110140000"][1].startswith("✓ no file") and by["20250110140000"][1].endswith("alice")
        assert by["20250102000000"][1:4] == ["pending ↯ out of order"] * 3
        pane.query_one(DataTable).move_cursor(row=list(by).index("20250103091500"))
        await pilot.pause()
        assert "dev: applied, file changed since 2025-01-03" in str(pane.query_one("#migrations-detail").render())


async def test_v_opens_the_migration_under_the_cursor_in_review(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        pane = await show_migrations(app, pilot)
        pane.query_one(DataTable).move_cursor(row=list(rows(pane)).index(DROP_ID))
        await pilot.press("v")
        review = app.pane("review")
        await wait_for(pilot, lambda: review.report is not None and DROP_ID in review.report.path, SLOW)
        assert app.query_one("TabbedContent").active == "review"
        assert "drop-column" in [f.rule for f in review.findings]


async def test_an_unreachable_environment_is_one_sentence_with_a_retry_key(demo_project):
    down = Environment("qa", "postgresql://app@127.0.0.1:9/app")
    project = Project(
        root=demo_project.root, name="acme", migrations=demo_project.migrations, layout="plain",
        environments=(demo_project.environments[0], down),
    )
    app = DriftdeckApp(project)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        pane = await show_migrations(app, pilot)
        panels = list(pane.query(ErrorPanel))
        assert len(panels) == 1 and "qa" in panels[0].sentence and "unreachable" in panels[0].sentence
        assert "\n" not in panels[0].sentence
        assert "qa (not read)" in [str(c.label) for c in pane.query_one(DataTable).columns.values()]
        assert rows(pane)[DROP_ID][1] == "✓ 2025-02-28 alice"  # dev still shown
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: len(pane.query(ErrorPanel)) == 1 and pane.matrix is not None, SLOW)


async def test_apply_tab_lists_the_plan_for_target_read_only(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        await pilot.press("4")
        pane = app.pane("apply")
        await wait_for(pilot, lambda: pane.plan is not None and laid_out(pane.query_one(DataTable)), SLOW)
        await pilot.pause()
        assert "apply wizard" in str(pane.query_one("#apply-coming").render())
        table = pane.query_one(DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert len(names) == 7 and names[3] == "drop_users_full_name"
        assert str(table.get_row_at(3)[2]) == "blocked"
        assert "driftdeck --demo apply prod --confirm prod" in str(pane.query_one("#apply-next").render())
        await envs_checked(app, pilot)
        await wait_for(pilot, lambda: laid_out(pane.query_one(DataTable)), SLOW)
        await screen_settled(pilot)
        assert await app_snapshot(app, "apply")
        await pilot.press("v")  # the row under the cursor, the first to apply, opens in Review
        review = app.pane("review")
        await wait_for(pilot, lambda: review.report is not None and review.report.path.endswith("_add_summaries_category.sql"), SLOW)
        assert app.query_one("TabbedContent").active == "review"


async def test_a_frame_drawn_before_the_table_measured_itself_is_not_left_on_screen(demo_project):
    """CI caught the Migrations and Apply pictures with every column cut to its title: a DataTable that
    measures its own columns keeps the lines of a frame drawn before it did. The panes' table does not."""
    from rich.text import Text

    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(170, 34)) as pilot:
        await ready(app, pilot)
        pane = await show_migrations(app, pilot)
        pane.fill([("migration", "migration"), ("prod", "env:prod")],
                  [("1", [Text("create_summaries_and_share_links"), Text("✓ 2025-01-13 bob")])])
        app.export_screenshot()  # a frame, drawn before the table's next idle
        await pilot.pause(0.2)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "create_summaries_and_share_links" in shown and "2025-01-13 bob" in shown
