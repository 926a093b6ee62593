"""How reporters show a file's path: relative to the repository (or project) root when inside it."""

from __future__ import annotations

import os
from pathlib import Path


def relative_path(path: str, root) -> str:
    """``path`` relative to ``root`` (POSIX separators) when it lies inside; otherwise as given."""
    if root is None:
        return path
    try:
        rel = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root)))
    except ValueError:
        try:
            rel = Path(path).resolve().relative_to(Path(root).resolve())
        except (ValueError, OSError):
            return path
    return rel.as_posix()
