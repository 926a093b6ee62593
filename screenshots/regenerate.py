"""Regenerates the SVG screenshots in this folder from the real console on the demo.

Run: ``.venv/bin/python screenshots/regenerate.py`` (builds the demo on first use).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.app.app import DriftdeckApp
from tui.app.widgets.env_bar import EnvBadge
from tui.demo.build import ensure_demo

HERE = Path(__file__).parent
SIZE = (120, 32)


async def shoot() -> None:
    project = ensure_demo(progress=print)
    for pane in ("drift", "review", "migrations", "apply"):
        app = DriftdeckApp(project)
        async with app.run_test(size=SIZE) as pilot:
            while any(b.status is None for b in app.query(EnvBadge)):
                await pilot.pause(0.05)
            app.action_show_pane(pane)
            await pilot.pause()
            path = app.save_screenshot(f"{pane}.svg", path=str(HERE))
            print(path)


if __name__ == "__main__":
    asyncio.run(shoot())
