"""The Drift pane driven with Pilot against real databases: the demo's dev → prod drift, the filter,
a migration from two selected changes, live refresh, and a lost connection."""

import shutil
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import psycopg
from textual.widgets import TabbedContent
from textual.worker import WorkerFailed

from tests.app.helpers import freeze_clock, wait_for
from tui.app.app import DriftdeckApp
from tui.app.messages import OpenInReview
from tui.app.panes.drift import DriftPane
from tui.app.panes.drift_tree import DriftTree
from tui.app.widgets.error_panel import ErrorPanel
from tui.config import Environment, Project


def pane(app) -> DriftPane:
    return app.query_one(DriftPane)


def loaded(app) -> bool:
    return pane(app).drift is not None and not pane(app).reading


def visible_labels(app) -> list[str]:
    tree = app.query_one(DriftTree)
    return [str(n.label) for n in tree._walk_visible()]


def find(app, text: str):
    tree = app.query_one(DriftTree)
    return next(n for n in tree._walk_visible() if text in str(n.label))


def project_copy(demo_project, tmp_path) -> Project:
    """The demo with its migrations folder copied, so writing a migration leaves the shared demo alone."""
    root = tmp_path / "project"
    shutil.copytree(demo_project.root, root)
    return replace(demo_project, root=root, migrations=root / "db" / "migrations",
                   history_log=root / "applied_to_prod.log")


async def test_dev_to_prod_shows_the_demos_drift(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        labels = "\n".join(visible_labels(app))
        assert "+ public.email_accounts" in labels  # created in prod by the migrations prod lacks
        assert "− column full_name [destructive]" in labels  # dropped in dev, still in prod
        assert "~ column metadata [destructive]" in labels  # prod's hotfix: jsonb → json
        assert "− index users_email_lower_hotfix_idx" in labels
        assert "public  9 +4 ~5  2 destructive" in labels
        await pilot.pause(0.5)
        detail = str(app.query_one("#detail-sql").render())
        assert "ALTER TYPE public.event_kind ADD VALUE" in detail  # the first object's own SQL
        freeze_clock(app)
        await pilot.pause()
        assert await app_snapshot(app, "drift")


async def test_filter_keeps_matching_changes(demo_project):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("slash", *"email_m", "enter")  # typed at once: every key lands in the box
        await wait_for(pilot, lambda: pane(app).needle == "email_m")
        labels = visible_labels(app)
        assert any("public.email_messages" in lab for lab in labels)
        assert not any("users" in lab or "email_accounts" in lab for lab in labels)
        await pilot.press("escape")
        assert any("public.users" in lab for lab in visible_labels(app))


async def test_two_selected_changes_become_a_migration_opened_in_review(demo_project, tmp_path):
    project = project_copy(demo_project, tmp_path)
    opened: list[Path] = []
    app = DriftdeckApp(project)
    async with app.run_test(size=(120, 30), message_hook=lambda m: isinstance(m, OpenInReview) and opened.append(m.path)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        tree = app.query_one(DriftTree)
        tree.focus()
        await pilot.pause()
        for text in ("+ public.email_accounts", "+ column category_id"):
            tree.move_cursor(find(app, text))
            await pilot.press("space")
        assert len(tree.selected) == 2
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "two_changes"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(opened))
        await wait_for(pilot, lambda: app.query_one(TabbedContent).active == "review")
    path = opened[0]
    assert path.parent == project.migrations and "two_changes" in path.name
    sql = path.read_text()
    assert "CREATE TABLE IF NOT EXISTS public.email_accounts" in sql or "CREATE TABLE public.email_accounts" in sql
    assert "ADD COLUMN" in sql and "category_id" in sql
    assert "full_name" not in sql and "email_threads" not in sql  # only what was selected


def pair_project(make_db, tmp_path) -> tuple[Project, str]:
    schema = "create table users (id bigint primary key, email text not null);"
    dev, prod = make_db(schema + "create table notes (id int);"), make_db(schema)
    project = Project(root=tmp_path, name="pair",
                      environments=(Environment("dev", dev), Environment("prod", prod, protected=True)))
    return project, prod


async def test_refresh_picks_up_a_table_created_in_prod_by_someone_else(make_db, tmp_path):
    project, prod = pair_project(make_db, tmp_path)
    app = DriftdeckApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert any("+ public.notes" in lab for lab in visible_labels(app))
        with psycopg.connect(prod, autocommit=True) as conn:
            conn.execute("create table audit_trail (id int, at timestamptz)")
        await pilot.press("r")
        await wait_for(pilot, lambda: loaded(app) and any("audit_trail" in lab for lab in visible_labels(app)))
        label = next(lab for lab in visible_labels(app) if "public.audit_trail" in lab)
        assert label.startswith("○ − public.audit_trail") and "• new" in label
        assert "1 new" in str(app.query_one("#drift-status").render())
        # nothing changed since: the next refresh reuses the same drift
        drift = pane(app).drift
        await pilot.press("r")
        await wait_for(pilot, lambda: loaded(app))
        assert pane(app).drift is drift


async def test_a_lost_connection_shows_the_error_panel_and_retry_reconnects(make_db, tmp_path):
    project, prod = pair_project(make_db, tmp_path)
    app = DriftdeckApp(project)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        pid = pane(app).session.live.watches[1].backend_pid
        with psycopg.connect(prod, autocommit=True) as conn:
            conn.execute("select pg_terminate_backend(%s)", (pid,))
        await pilot.press("r")
        await wait_for(pilot, lambda: bool(app.query(ErrorPanel)))
        sentence = app.query_one(ErrorPanel).sentence
        assert sentence.startswith("prod: the connection was lost")
        assert "\n" not in sentence
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: loaded(app) and not app.query(ErrorPanel))
        assert any("+ public.notes" in lab for lab in visible_labels(app))
        with suppress(WorkerFailed):
            await app.workers.wait_for_complete()


async def test_at_80_columns_the_environments_are_a_bar_and_the_detail_sits_under_the_tree(demo_project, app_snapshot):
    app = DriftdeckApp(demo_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.pause(0.5)
        envs, tree, detail = app.query_one("#envs"), app.query_one(DriftTree), app.query_one("#drift-detail")
        assert envs.region.height == 2 and envs.region.width == 80
        assert detail.region.y > tree.region.y and detail.region.x == tree.region.x
        freeze_clock(app)
        await pilot.pause()
        assert await app_snapshot(app, "drift-80x24")
