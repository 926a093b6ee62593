"""The console shell, driven as a person would with Pilot, against the demo on the embedded server."""

from pathlib import Path

from textual.widgets import TabbedContent

from tests.app.helpers import freeze_clock, ready, wait_for
from tui.app.panes.drift import DriftPane
from tui.app.app import DriftdeckApp
from tui.app.palette import COMMANDS
from tui.app.widgets.env_list import EnvCard
from tui.config import Environment, Project


def statuses_known(app):
    return all(card.checked for card in app.query(EnvCard))


def cards(app):
    return {c.env_name: c for c in app.query(EnvCard)}


async def test_sidebar_shows_each_environment_with_its_server(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(110, 30)) as pilot:
        await wait_for(pilot, lambda: statuses_known(app))
        by_name = cards(app)
        assert list(by_name) == ["dev", "staging", "prod", "migrations"]
        envs = [by_name[n] for n in ("dev", "staging", "prod")]
        assert all(c.info.reachable and c.info.version.startswith("18") for c in envs)
        assert by_name["prod"].has_class("protected") and not by_name["dev"].has_class("protected")
        assert by_name["prod"].info.pending == 7 and by_name["dev"].info.pending == 0
        assert by_name["prod"].info.last_apply.by == "bob"
        assert (app.source, app.target) == ("dev", "prod")
        assert "dev → prod" in str(app.query_one("#title").render())
        await wait_for(pilot, lambda: app.query_one(DriftPane).drift is not None and not app.query_one(DriftPane).reading)
        await pilot.pause(0.5)
        freeze_clock(app)
        await pilot.pause()
        assert await app_snapshot(app, "shell")


async def test_number_keys_switch_panes_and_q_quits(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(110, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("2")
        assert app.query_one(TabbedContent).active == "review"
        await pilot.press("3")
        assert app.query_one(TabbedContent).active == "migrations"
        await wait_for(pilot, lambda: statuses_known(app))
        await pilot.press("q")
    assert app.return_code == 0


async def test_picking_source_and_target_updates_the_header(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("t")  # Pick target
        await pilot.press("up", "enter")  # from prod (current) to staging
        assert app.target == "staging"
        cards(app)["migrations"].action_choose("source")
        await pilot.pause()
        assert (app.source, app.target) == ("migrations", "staging")
        assert "migrations → staging" in str(app.query_one("#title").render())
        cards(app)["migrations"].action_choose("target")  # migrations can only be SOURCE
        await pilot.pause()
        assert app.target == "staging"


async def test_palette_holds_every_console_action(demo_project):
    titles = [c[0] for c in COMMANDS]
    assert titles == ["Show environments", "Show drift", "Show migrations", "Show review", "Pick source",
                      "Pick target", "Refresh", "Toggle live refresh", "New migration from selection",
                      "Friday sync", "Launch checklist", "Apply wizard"]
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(110, 30)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Show migrations")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "migrations")


async def test_unreachable_environment_shows_why_without_its_password(app_snapshot):
    project = Project(
        root=Path("/srv/app"),
        name="acme",
        environments=(Environment("dev", "postgresql://app:hunter2@127.0.0.1:9/app"),),
    )
    app = DriftdeckApp(project)
    async with app.run_test(size=(110, 24)) as pilot:
        await wait_for(pilot, lambda: statuses_known(app))
        card = cards(app)["dev"]
        assert not card.info.reachable
        assert card.has_class("down")
        shown = str(card.render())
        assert "host unreachable" in shown
        assert "hunter2" not in app.export_screenshot()


async def test_a_long_host_is_one_line_on_its_card_with_the_database_name_whole():
    url = "postgresql://app:hunter2@ep-cool-darkness-123456.us-east-2.aws.example.com:9/acme_production_main"
    project = Project(root=Path("/srv/app"), name="acme", environments=(Environment("prod", url),))
    app = DriftdeckApp(project)
    async with app.run_test(size=(110, 24)) as pilot:
        await wait_for(pilot, lambda: statuses_known(app))
        await pilot.pause()
        lines = str(cards(app)["prod"].render()).splitlines()
        host = [line for line in lines if "acme_production_main" in line]
        assert len(host) == 1 and "…" in host[0] and host[0].startswith("ep-")
        assert "hunter2" not in app.export_screenshot()
