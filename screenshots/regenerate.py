"""Regenerates the SVG screenshots in this folder from the real console on the demo.

Run: ``.venv/bin/python screenshots/regenerate.py`` (builds the demo on first use; set
``DRIFTDECK_HOME`` to keep it apart from your own data). One SVG per pane at 120×34, the
key help, the Review pane at 80×24 (the smallest supported terminal), and at 80×24 every step of
the apply wizard for prod (on a copy of the demo's databases: the demo is left as it was) and the
launch checklist. Each picture is taken once the pane's workers are done, so it shows real data,
never "loading…".
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from tui.app.app import DriftdeckApp  # noqa: E402
from tui.app.messages import OpenInReview  # noqa: E402
from tui.demo.build import ensure_demo  # noqa: E402

SIZE = (120, 34)
RISKY = "20250228110000_drop_users_full_name.sql"  # the demo migration Review shows: BLOCKED, one high finding
TIMEOUT = 120.0


async def settle(app, pilot) -> None:
    """Wait until no worker runs (environments probed, the pane's data read), then one more frame."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    await pilot.pause(0.2)
    while any(w.is_running for w in app.workers) and loop.time() < deadline:
        await pilot.pause(0.1)
    await pilot.pause(0.3)


async def shoot(project, name: str, size: tuple[int, int], prepare) -> None:
    app = DriftdeckApp(project)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await prepare(app, pilot)
        await settle(app, pilot)
        print(app.save_screenshot(f"{name}.svg", path=str(HERE)))


def show(pane: str):
    async def prepare(app, pilot) -> None:
        app.action_show_pane(pane)

    return prepare


def review(project):
    async def prepare(app, pilot) -> None:
        app.post_message(OpenInReview(project.migrations / RISKY))

    return prepare


async def help_screen(app, pilot) -> None:
    await pilot.press("question_mark")


async def until(pilot, predicate) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while not predicate():
        if loop.time() > deadline:
            raise SystemExit("the wizard did not get there in time")
        await pilot.pause(0.1)
    await pilot.pause(0.3)


async def tick_everything(app, pilot, wizard) -> None:
    """What a person does on the Checklist page: tick each manual item, a reason for each HIGH finding."""
    from textual.widgets import DataTable

    for n, item in enumerate(list(wizard.run.checklist.items)):
        if item.kind == "manual" and item.state == "pending":
            wizard.query_one("#check-table", DataTable).move_cursor(row=n)
            await pilot.press("space")
            if item.rule:
                await pilot.pause(0.2)
                app.screen.query_one("#prompt-input").value = "checked with the team: the app no longer reads it"
                await pilot.press("enter")
            await pilot.pause(0.1)


async def apply_wizard(demo) -> None:
    """Every step of the wizard for prod at 80×24, on a copy of the demo's databases (the demo stays as it
    was): staging is brought up to date first (prod's checklist wants each migration there before), then
    prod is walked from Plan to Done — its items ticked, its HIGH findings acknowledged, its name typed."""
    import tempfile

    from tui.app.screens.apply_wizard import ApplyWizard
    from tui.apply.pipeline import ApplyRun
    from tui.demo.clone import clone_demo

    def shot(app, step: str) -> None:
        print(app.save_screenshot(f"apply-wizard-{step}.svg", path=str(HERE)))

    with tempfile.TemporaryDirectory(prefix="driftdeck-screenshots-") as folder, \
            clone_demo(demo, Path(folder)) as project:
        ApplyRun(project, "staging").run(yes=True)
        app = DriftdeckApp(project)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            app.target = "prod"
            await pilot.pause()
            app.action_apply_wizard()
            await until(pilot, lambda: isinstance(app.screen, ApplyWizard))
            wizard = app.screen
            await until(pilot, lambda: wizard.run.plan is not None and not wizard.busy)
            shot(app, "plan")
            await pilot.press("n")
            await until(pilot, lambda: wizard.run.checklist is not None and not wizard.busy)
            shot(app, "checklist")
            await tick_everything(app, pilot, wizard)
            for step in ("rehearsal", "backup"):
                await pilot.press("n")
                await until(pilot, lambda: wizard.step == step and not wizard.busy)
                shot(app, step)
            await pilot.press("n")
            await until(pilot, lambda: wizard.step == "apply")
            await pilot.press("n", *"prod")  # n takes a person to the typed-name box
            await pilot.pause(0.3)
            shot(app, "apply")
            await pilot.press("enter")
            await until(pilot, lambda: wizard.step == "smoke" and not wizard.busy and wizard.run.smoke is not None)
            shot(app, "smoke")
            await pilot.press("n")
            await until(pilot, lambda: wizard.step == "done")
            shot(app, "done")


async def launch_checklist(app, pilot) -> None:
    app.action_launch_checklist()


async def main() -> None:
    project = ensure_demo(progress=print)
    await shoot(project, "drift", SIZE, show("drift"))
    await shoot(project, "review", SIZE, review(project))
    await shoot(project, "migrations", SIZE, show("migrations"))
    await shoot(project, "apply", SIZE, show("apply"))
    await shoot(project, "help", SIZE, help_screen)
    await shoot(project, "review-80x24", (80, 24), review(project))
    await apply_wizard(project)  # apply-wizard-plan.svg … apply-wizard-done.svg, on a copy of the demo
    await shoot(project, "launch-checklist", (80, 24), launch_checklist)


if __name__ == "__main__":
    asyncio.run(main())
