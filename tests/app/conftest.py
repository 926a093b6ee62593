"""Console test helpers: snapshot comparison inside a running Pilot session."""

import pytest
from pytest_textual_snapshot import SVGImageExtension


@pytest.fixture
def app_snapshot(snapshot):
    """``await app_snapshot(app, name)`` compares the current screen with the stored SVG."""
    svg_snapshot = snapshot.use_extension(SVGImageExtension)

    async def compare(app, name: str) -> bool:
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
