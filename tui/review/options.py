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

driftdeck's own runner (the plain layout) always sets lock_timeout and statement_timeout,
and runs statements that cannot run in a transaction (CONCURRENTLY, ADD VALUE before use)
in autocommit itself, so for the plain layout those rules fire only inside explicit BEGIN
blocks.
"""

from __future__ import annotations

from tui.config import Project
from tui.review.model import ReviewOptions

DEFAULT_PG_VERSION = 18
WRAPPING_LAYOUTS = ("plain", "prisma", "supabase", "flyway", "drizzle", "dbmate", "golang-migrate")


def detect_layout(project: Project) -> str:
    """The project's layout; "auto" is resolved from the migrations folder when possible."""
    if project.layout != "auto":
        return project.layout
    try:  # the migrations package knows layouts best
        from tui.migrations import detect_layout as detect

        return detect(project.root, project.migrations, project.layout).name
    except (ImportError, AttributeError):
        pass
    except Exception:  # no folder, or a detector problem: review with the generic assumptions
        pass
    folder = str(project.migrations or "")
    for layout, marker in (("prisma", "prisma/"), ("supabase", "supabase/"), ("drizzle", "drizzle")):
        if marker in folder.replace("\\", "/") + "/":
            return layout
    if project.migrations and project.migrations.is_dir():
        names = [p.name for p in project.migrations.glob("*.sql")]
        if any(n.endswith((".up.sql", ".down.sql")) for n in names):
            return "golang-migrate"
        if any(n[:1] in "VR" and "__" in n for n in names):
            return "flyway"
    return "plain"


def options_for(project: Project, layout: str | None = None, pg_version: int | None = None) -> ReviewOptions:
    """ReviewOptions from the project's [review] settings, the layout and an optional version override."""
    settings = project.review
    layout = layout or detect_layout(project)
    if layout == "auto":
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
        runner_sets_timeouts=layout == "plain",
        single_statement_autocommit=mode == "auto" and layout == "golang-migrate",
        autocommit_non_transactional=layout == "plain",
    )
