"""Which migration files to review when none are named: the pending ones, and where they are pending.

    review_selection(project, progress) -> (paths, what)
    default_review_paths(project, progress) -> list[Path]

Pending = not yet applied to the last protected environment (else the last one); ``what``
says so in words ("the migrations pending on prod (…)") for the report's notes. When that
cannot be known (no environments, environment unreachable), every migration file, and
``progress`` says why. No migrations folder at all is one clear sentence.
"""

from __future__ import annotations

from pathlib import Path

from tui.errors import DriftdeckError
from tui.migrations import load_folder, pending_files
from tui.migrations.status import default_review_env
from tui.workflows.hooks import Progress, no_progress


def review_selection(project, progress: Progress = no_progress) -> tuple[list[Path], str]:
    """The pending migration files and a phrase naming what they are (pending on which environment)."""
    folder = load_folder(project)  # no folder, or two files with one version: one clear sentence
    env = default_review_env(project)
    if env is None:
        return [m.path for m in folder.migrations], "every migration file (the project has no environments to check what is pending)"
    try:
        paths = list(pending_files(project, env))
    except DriftdeckError as err:
        progress(f"cannot tell which migrations are pending on {env.name} ({str(err).rstrip('.')}): reviewing every migration file.")
        return [m.path for m in folder.migrations], f"every migration file (what is pending on {env.name} could not be read)"
    why = "the last protected environment" if env.protected else "the last environment"
    return paths, f"the migrations pending on {env.name} ({why}: not yet applied there)"


def default_review_paths(project, progress: Progress = no_progress) -> list[Path]:
    """The pending migration files of the project; every migration file when pending cannot be known."""
    return review_selection(project, progress)[0]
