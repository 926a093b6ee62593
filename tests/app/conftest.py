"""Console test helpers: snapshot comparison inside a running Pilot session."""

import pytest
from pytest_textual_snapshot import SVGImageExtension, normalize_svg


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
def app_snapshot(snapshot, request):
    """``await app_snapshot(app, name)`` compares the current screen with the stored SVG.

    On a loaded machine a frame can be taken while a table is still measuring itself, so a
    picture that differs from the stored one is taken again for a few seconds before the
    comparison is made for the record: a real change of look still fails, every time."""
    import asyncio

    svg_snapshot = snapshot.use_extension(SVGImageExtension)
    test_file = request.node.path
    stored_path = test_file.parent / "__snapshots__" / test_file.stem

    async def compare(app, name: str) -> bool:
        await environments_checked(app)
        stored_file = stored_path / f"{request.node.name}[{name}].svg"
        stored = normalize_svg(stored_file.read_text()) if stored_file.exists() else None
        for _ in range(20):
            if stored is None or normalize_svg(app.export_screenshot(simplify=True)) == stored:
                break
            await asyncio.sleep(0.25)
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
