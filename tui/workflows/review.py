"""Which migration files to review when none are named: the pending ones.

    default_review_paths(project, progress) -> list[Path]

Pending = not yet applied to the last protected environment (else the last one). When that
cannot be known (environment unreachable), every migration file, and ``progress`` says why.
No migrations folder at all is one clear sentence.
"""

from __future__ import annotations

from pathlib import Path

from tui.errors import DriftdeckError
from tui.workflows.hooks import Progress, no_progress

FALLBACK_FOLDERS = ("db/migrations", "migrations", "prisma/migrations", "supabase/migrations", "drizzle")


def default_review_paths(project, progress: Progress = no_progress) -> list[Path]:
    """The pending migration files of the project; every migration file when pending cannot be known."""
    try:
        from tui.migrations import load_folder, pending_files
    except (ImportError, AttributeError):
        load_folder = pending_files = None
    if load_folder is not None and pending_files is not None:
        folder = load_folder(project)  # no folder: one clear sentence
        try:
            return list(pending_files(project))
        except DriftdeckError as err:
            progress(f"cannot tell which migrations are pending ({str(err).rstrip('.')}): reviewing every migration file.")
            return [m.path for m in folder.migrations]
    folder = project.migrations
    if folder is None:
        folder = next((project.root / f for f in FALLBACK_FOLDERS if (project.root / f).is_dir()), None)
    if folder is None or not folder.is_dir():
        raise DriftdeckError(
            f"no migrations folder found under {project.root}: pass the files to review, or set migrations in [project] of driftdeck.toml."
        )
    return sorted(p for p in folder.rglob("*.sql") if p.is_file() and not p.name.endswith(".down.sql"))
