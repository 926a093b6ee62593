"""Allows `python -m tui`, the same as the `driftdeck` console script."""

from tui.cli import run

run()
