"""The console shell, driven as a person would with Pilot, against the demo on the embedded server."""

from pathlib import Path

from textual.widgets import TabbedContent

from tests.app.helpers import wait_for
from tui.app.app import DriftdeckApp
from tui.app.widgets.env_bar import EnvBadge
from tui.config import Environment, Project


def statuses_known(app):
    return all(badge.status is not None for badge in app.query(EnvBadge))


async def test_header_shows_each_environment_with_its_server(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(110, 24)) as pilot:
        await wait_for(pilot, lambda: statuses_known(app))
        badges = {b.env_name: b for b in app.query(EnvBadge)}
        assert list(badges) == ["dev", "staging", "prod"]
        assert all(b.status.reachable and b.status.version.startswith("18") for b in badges.values())
        assert badges["prod"].has_class("protected") and not badges["dev"].has_class("protected")
        await pilot.pause()
        assert await app_snapshot(app, "shell")


async def test_number_keys_switch_panes_and_q_quits(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(110, 24)) as pilot:
        await pilot.press("2")
        assert app.query_one(TabbedContent).active == "review"
        await pilot.press("3")
        assert app.query_one(TabbedContent).active == "migrations"
        await wait_for(pilot, lambda: statuses_known(app))
        await pilot.press("q")
    assert app.return_code == 0


async def test_unreachable_environment_is_marked_without_its_password(app_snapshot):
    project = Project(
        root=Path("/srv/app"),
        name="acme",
        environments=(Environment("dev", "postgresql://app@127.0.0.1:9/app"),),
    )
    app = DriftdeckApp(project)
    async with app.run_test(size=(110, 24)) as pilot:
        await wait_for(pilot, lambda: statuses_known(app))
        badge = app.query_one(EnvBadge)
        assert not badge.status.reachable
        assert badge.has_class("down")
        assert "host unreachable" in badge.status.problem
        assert "unreachable" in str(badge.render())
