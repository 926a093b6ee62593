"""Regenerates the SVG screenshots in this folder from the real console on the demo.

Run: ``.venv/bin/python screenshots/regenerate.py`` (builds the demo on first use; set
``DRIFTDECK_HOME`` to keep it apart from your own data). One SVG per pane at 120×34, the
key help, the Review pane at 80×24 (the smallest supported terminal), and at 80×24 the
apply wizard's Plan and Checklist pages for prod and the launch checklist. Each picture is
taken once the pane's workers are done, so it shows real data, never "loading…".
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


async def apply_wizard(app, pilot) -> None:
    """The wizard's first two pages for prod (read-only: the plan, then the checklist's checks)."""
    app.target = "prod"
    app.action_apply_wizard()
    await settle(app, pilot)
    app.save_screenshot("apply-wizard-plan.svg", path=str(HERE))
    await pilot.press("n")


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
    await shoot(project, "apply-wizard-checklist", (80, 24), apply_wizard)  # also writes apply-wizard-plan.svg
    await shoot(project, "launch-checklist", (80, 24), launch_checklist)


if __name__ == "__main__":
    asyncio.run(main())
