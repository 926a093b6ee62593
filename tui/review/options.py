"""Review options from the project file: PostgreSQL version, transaction wrapping per layout.

``[review] transaction``:

- ``"auto"`` (default): derived from the layout. driftdeck's own runner (plain), Prisma,
  Supabase, Flyway, Drizzle and dbmate run each migration file in one transaction (dbmate
  not for a file marked ``-- migrate:up transaction:false``). golang-migrate's postgres
  driver sends the whole file as one simple-query ``Exec``; PostgreSQL runs a
  multi-statement simple query as one implicit transaction too, so the file is reviewed as
  wrapped — except a file holding a single statement, which runs outside any transaction
  block (that is how ``CREATE INDEX CONCURRENTLY`` is shipped with golang-migrate).
- ``"file"``: every file is wrapped in a transaction.
- ``"none"``: nothing is wrapped; only explicit BEGIN … COMMIT blocks count.

driftdeck's own runner (the plain layout) runs statements that cannot run in a transaction
(CONCURRENTLY, ADD VALUE before use) in autocommit itself, so for the plain layout those
rules fire only inside explicit BEGIN blocks. It also always sets lock_timeout and
statement_timeout, but a review only counts on that when the project's driftdeck.toml says
driftdeck applies the folder (plain layout) and the file is in that folder: then a missing
lock_timeout is low, with a note; for a loose file and for every folder another tool
applies, it is medium (the lock-queue outage).
"""

from __future__ import annotations

from tui.config import Project
from tui.errors import DriftdeckError
from tui.review.model import ReviewOptions

DEFAULT_PG_VERSION = 18
WRAPPING_LAYOUTS = ("plain", "prisma", "supabase", "flyway", "drizzle", "dbmate", "golang-migrate")


def detect_layout(project: Project) -> str | None:
    """The project's layout (``tui.migrations.detect_layout``, the one detector); None when
    the project has no migrations folder (files reviewed on their own)."""
    if project.layout != "auto":
        return project.layout
    from tui.migrations.layouts import detect_layout as detect  # lazily: keeps `import tui.review` light

    try:
        return detect(project.root, project.migrations, project.layout).name
    except DriftdeckError:  # no folder: loose files
        return None


def driftdeck_applies(project: Project, layout: str | None) -> bool:
    """True only when the project's own file says driftdeck applies the folder: a driftdeck.toml
    (or the demo, which driftdeck builds and applies) and the plain layout (driftdeck's own
    history). Another tool's layout, zero-config or a loose file: nobody knows driftdeck will
    be the one running it."""
    return (project.file is not None or project.demo) and layout == "plain"


def options_for(project: Project, layout: str | None = None, pg_version: int | None = None) -> ReviewOptions:
    """ReviewOptions from the project's [review] settings, the layout and an optional version override."""
    settings = project.review
    layout = layout or detect_layout(project)
    applies = driftdeck_applies(project, layout)
    folder = None
    if applies:
        from tui.migrations.layouts import detect_layout as detect

        try:
            folder = str(detect(project.root, project.migrations, layout).folder)
        except DriftdeckError:
            applies = False
    if layout in (None, "auto"):
        layout = "plain"
    mode = settings.transaction
    if mode == "none":
        implicit = False
    elif mode == "file":
        implicit = True
    else:
        implicit = layout in WRAPPING_LAYOUTS
    return ReviewOptions(
        pg_version=pg_version or settings.pg_version or DEFAULT_PG_VERSION,
        implicit_transaction=implicit,
        ignore=tuple(settings.ignore),
        hygiene=settings.hygiene,
        runner_sets_timeouts=applies,
        driftdeck_folder=folder,
        single_statement_autocommit=mode == "auto" and layout == "golang-migrate",
        autocommit_non_transactional=layout == "plain",
    )
