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
