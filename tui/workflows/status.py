"""Migrations × environments: applied (when, by whom), pending, modified, missing file, failed, out of order.

    matrix(project, env_names=None, progress, cancelled) -> StatusMatrix

``env_names`` picks environments (default: all, in promotion order); the matrix carries the
folder it read (``matrix.folder``: layout, warnings, migrations). Unreachable environments
are in the matrix with their ``problem``; an unknown name or no folder is one sentence.
"""

from __future__ import annotations

from tui.workflows.hooks import Cancelled, Progress, check, never_cancelled, no_progress


def matrix(project, env_names=None, progress: Progress = no_progress, cancelled: Cancelled = never_cancelled):
    """The status of every migration of the project's folder in each environment (read-only)."""
    from tui.migrations.layouts import load_folder
    from tui.migrations.status import status_matrix

    envs = [project.env(name) for name in env_names] if env_names else list(project.environments)
    folder = load_folder(project)
    check(cancelled)
    progress(f"reading the history of {len(envs)} environment(s)…" if envs else "reading the migrations folder…")
    return status_matrix(project, envs, folder)
