"""Console test helpers: snapshot comparison inside a running Pilot session."""

import pytest
from pytest_textual_snapshot import SVGImageExtension


async def environments_checked(app, timeout: float = 20.0) -> None:
    """The sidebar is on every screen: wait until each environment's check has come back (a loaded
    machine finishes the pane's own work first, and the cards would still say "checking…")."""
    import asyncio

    from tui.app.widgets.env_list import EnvCard

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    waited = False
    while not all(card.checked for card in app.query(EnvCard)) and loop.time() < deadline:
        waited = True
        await asyncio.sleep(0.05)
    if waited:
        await asyncio.sleep(0.2)  # the cards repaint


@pytest.fixture
def app_snapshot(snapshot):
    """``await app_snapshot(app, name)`` compares the current screen with the stored SVG."""
    svg_snapshot = snapshot.use_extension(SVGImageExtension)

    async def compare(app, name: str) -> bool:
        await environments_checked(app)
        return svg_snapshot(name=name) == app.export_screenshot(simplify=True)

    return compare


@pytest.fixture
def demo_copy(demo_project, tmp_path):
    """The demo project with its files copied to ``tmp_path`` (same databases): for tests that
    write files (acknowledging a finding, a new migration) or change the folder."""
    import dataclasses
    import shutil

    root = tmp_path / "project"
    shutil.copytree(demo_project.root, root)

    def moved(path):
        return root / path.relative_to(demo_project.root) if path is not None else None

    return dataclasses.replace(
        demo_project,
        root=root,
        file=moved(demo_project.file),
        migrations=moved(demo_project.migrations),
        history_log=moved(demo_project.history_log),
    )
