"""Where driftdeck keeps machine-local state: ``$DRIFTDECK_HOME`` or the platform's data folder.

The demo server and project, replay caches and default backups live under :func:`data_dir`;
project state a team commits lives in the project's ``.driftdeck/`` instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """Where driftdeck keeps its state (demo server, caches): ``$DRIFTDECK_HOME`` or the platform's data folder."""
    override = os.environ.get("DRIFTDECK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir("driftdeck", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
