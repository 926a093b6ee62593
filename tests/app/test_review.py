"""The Review pane, driven as a person would with Pilot against the demo on the embedded server:
risky statements painted at their exact spans, n/p between findings, acknowledging with a reason."""

from pathlib import Path

from textual.widgets import Input, OptionList

from tests.app.helpers import envs_checked, ready, screen_settled, wait_for
from tui.app.app import DriftdeckApp
from tui.app.messages import OpenInReview, PairChosen
from tui.app.screens.acknowledge import AcknowledgeScreen
from tui.app.widgets.finding_detail import FindingDetail
from tui.app.widgets.sql_view import SqlView

SLOW = 45.0  # seconds: the Drift pane reads both catalogs at start, and CI machines are shared

DROP = "20250228110000_drop_users_full_name.sql"
CATEGORY = "20250207150000_add_summaries_category.sql"


async def open_in_review(app, pilot, path: Path):
    app.post_message(OpenInReview(path))
    pane = app.pane("review")
    await wait_for(pilot, lambda: pane.report is not None and Path(pane.report.path).name == path.name, SLOW)
    await pilot.pause()
    return pane


def painted(view: SqlView, row: int, component: str) -> list[str]:
    """The text of one rendered line that carries the component's background."""
    bg = view.get_component_rich_style(component).bgcolor
    line = view.get_line(row)
    return [line.plain[s.start:s.end] for s in line.spans if s.style and getattr(s.style, "bgcolor", None) == bg]


async def test_review_lists_pending_for_target_and_opens_the_first_risky_one(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        pane = app.pane("review")
        await wait_for(pilot, lambda: pane.report is not None, SLOW)
        assert len(pane.entries) == 7  # the demo's prod lacks 7 migrations
        assert Path(pane.report.path).name == CATEGORY
        assert str(pane.query_one("#review-files-heading").render()).startswith("Pending for prod (7)")
        assert "REVIEW NEEDED" in str(pane.query_one("#review-banner").render())
        assert app.focused is pane.query_one("#review-findings")
        assert [key for key, b in app.active_bindings.items() if b.binding.show][:3] == ["n", "p", "a"]  # the footer shows them


async def test_picking_another_target_lists_what_is_pending_there(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        pane = app.pane("review")
        await wait_for(pilot, lambda: len(pane.entries) == 7, SLOW)
        app.post_message(PairChosen(target="staging"))
        await wait_for(pilot, lambda: len(pane.entries) == 2, SLOW)
        assert str(pane.query_one("#review-files-heading").render()).startswith("Pending for staging (2)")
        assert [e.label for e in pane.entries] == [
            "20250314100000_create_email_messages_and_attachments", "20250321120000_add_share_links_expiry_index"]


async def test_a_target_picked_before_review_is_first_shown_is_the_one_it_lists(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        app.post_message(PairChosen(target="staging"))  # the Review pane is built only when first shown
        await wait_for(pilot, lambda: app.target == "staging")
        await pilot.press("2")
        pane = app.pane("review")
        await wait_for(pilot, lambda: len(pane.entries) == 2, SLOW)
        assert str(pane.query_one("#review-files-heading").render()).startswith("Pending for staging (2)")


async def test_a_risky_migration_is_painted_in_its_risk_colour_over_its_exact_span(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(140, 44)) as pilot:  # room for the whole explanation: no scrollbar in the picture
        await ready(app, pilot)
        pane = await open_in_review(app, pilot, demo_project.migrations / DROP)
        view = pane.query_one(SqlView)
        assert "BLOCKED" in str(pane.query_one("#review-banner").render())
        assert [(f.rule, f.risk) for f in pane.findings if f.risk != "low"] == [("drop-column", "high")]
        assert view.marked_text("high") == ["ALTER TABLE users DROP COLUMN full_name"]
        assert painted(view, 1, "sql-view--risk-high") == ["ALTER TABLE users DROP COLUMN full_name"]
        assert painted(view, 4, "sql-view--risk-high") == []  # the down section is not reviewed
        detail = pane.query_one(FindingDetail).text
        assert "ACCESS EXCLUSIVE on users" in detail and "DROP COLUMN IF EXISTS full_name" in detail
        await envs_checked(app, pilot)
        await screen_settled(pilot)
        assert await app_snapshot(app, "review-blocked")


async def test_n_and_p_move_between_findings_and_the_cursor_follows(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        pane = await open_in_review(app, pilot, demo_project.migrations / CATEGORY)
        view = pane.query_one(SqlView)
        findings = pane.findings
        rules = [f.rule for f in findings]
        assert rules[0] == "add-constraint-validated" and "create-index-non-concurrent" in rules
        assert pane.current == findings[0] and view.cursor_location == (2, 0)
        await pilot.press("n")
        assert pane.current == findings[1]
        assert view.cursor_location == (findings[1].line - 1, findings[1].col - 1)
        await pilot.press(*["n"] * (len(findings) - 1))  # wraps around to the first
        assert pane.current == findings[0]
        await pilot.press("p")  # and back to the last
        assert pane.current == findings[-1]
        await pilot.press(*["p"] * (len(findings) - 1 - rules.index("create-index-non-concurrent")))
        assert pane.current.rule == "create-index-non-concurrent"
        assert view.cursor_location == (4, 0)
        assert view.line_styles(4)[-1] == ("CREATE INDEX summaries_category_id_idx ON summaries (category_id)", "current")
        assert painted(view, 4, "sql-view--risk-medium") == ["CREATE INDEX summaries_category_id_idx ON summaries (category_id)"]
        assert "CONCURRENTLY" in pane.query_one(FindingDetail).text


async def test_selecting_a_finding_with_the_mouse_jumps_to_it(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        pane = await open_in_review(app, pilot, demo_project.migrations / CATEGORY)
        listing = pane.query_one("#review-findings", OptionList)
        row = [f.rule for f in pane.findings].index("create-index-non-concurrent")
        assert await pilot.click(listing, offset=(3, row))
        await pilot.pause()
        assert pane.current.rule == "create-index-non-concurrent"
        assert pane.query_one(SqlView).cursor_location == (4, 0)


async def test_acknowledging_writes_the_comment_and_the_finding_is_gone(demo_copy):
    app = DriftdeckApp(demo_copy)
    path = demo_copy.migrations / DROP
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        pane = await open_in_review(app, pilot, path)
        await pilot.press("a")
        assert isinstance(app.screen, AcknowledgeScreen)
        await pilot.press("enter")  # no reason: refused, the dialog stays
        assert isinstance(app.screen, AcknowledgeScreen)
        app.screen.query_one(Input).value = "display_name replaced it in v2.3; nothing reads full_name"
        await pilot.press("enter")
        await wait_for(pilot, lambda: pane.report is not None and pane.report.verdict == "SAFE TO DEPLOY", SLOW)
        assert "drop-column" not in [f.rule for f in pane.findings]
        assert pane.query_one(SqlView).marked_text("high") == []
        assert "1 acknowledged" in str(pane.query_one("#review-banner").render())
    lines = path.read_text().splitlines()
    i = lines.index("ALTER TABLE users DROP COLUMN full_name;")
    assert lines[i - 1] == "-- driftdeck:ignore drop-column -- display_name replaced it in v2.3; nothing reads full_name"


async def test_escape_cancels_an_acknowledgement_and_nothing_is_written(demo_copy):
    app = DriftdeckApp(demo_copy)
    path = demo_copy.migrations / DROP
    before = path.read_text()
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(app, pilot)
        pane = await open_in_review(app, pilot, path)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, AcknowledgeScreen)
        assert "drop-column" in [f.rule for f in pane.findings]
    assert path.read_text() == before


async def test_help_lists_every_pane_s_keys(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = app.screen.text
        for words in ("Quit", "Refresh", "Next finding", "Prev finding", "Acknowledge", "Review it", "Make TARGET"):
            assert words in text
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
