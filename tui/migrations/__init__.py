"""Migration folders of every supported layout, history tables, checksums, status, replay, new files.

Entry points (stable names other parts of driftdeck call):

- ``detect_layout(root, migrations, layout="auto") -> Layout`` — the folder and the tool
  (plain, prisma, supabase, drizzle, flyway, golang-migrate, dbmate) that wrote it.
- ``load_folder(project) -> MigrationFolder`` — ordered :class:`Migration` objects
  (``id``, ``version``, ``name``, ``path``, ``text``, ``up_sql``, ``down_sql``, ``checksum``
  (the tool's), ``sha256``, ``repeatable``, ``transactional``) + ``warnings`` naming odd files.
- ``pending_files(project, env=None) -> list[Path]`` — not yet applied in ``env`` (default:
  the last protected environment, else the last; no environments: every file).
- ``up_span(migration) -> (start, end)`` — character offsets of the part that applies.
- ``environment_status(project, env) -> EnvStatus`` and ``status_matrix(project, envs) ->
  StatusMatrix`` — applied (when, by whom) / pending / modified / missing-file / failed /
  out of order, per environment.
- ``replay_database(project, spec, against, progress=None) -> str`` (in ``replay``) — a
  cached, read-only scratch database holding the replayed schema.
- ``record_applied(conn, layout, migration, *, applied_by, applied_at, duration_ms, success)``
  — write the tool's native history row exactly as the tool would (own table for plain);
  ``ensure_history(conn, layout)``; ``read_history(conn, folder)``.
- ``new_migration(project, name, sql=None, rollback=None) -> Path`` — a new file in the
  layout's naming, with header, idempotent guards and a rollback section.
- ``applied_log.read_log`` / ``applied_log.append_entry`` — the ``applied_to_prod.log``.
"""

from tui.migrations.history import ensure_history, read_history, record_applied
from tui.migrations.layouts import Layout, detect_layout, load_folder
from tui.migrations.model import AppliedRow, HistoryState, Migration, MigrationFolder
from tui.migrations.new import new_migration
from tui.migrations.status import (
    Cell,
    EnvStatus,
    StatusMatrix,
    environment_status,
    pending_files,
    status_matrix,
    up_span,
)


def __getattr__(name):  # replay pulls in the server machinery: import it on first use
    if name == "replay_database":
        from tui.migrations.replay import replay_database

        return replay_database
    raise AttributeError(name)


__all__ = [
    "AppliedRow", "Cell", "EnvStatus", "HistoryState", "Layout", "Migration", "MigrationFolder", "StatusMatrix",
    "detect_layout", "ensure_history", "environment_status", "load_folder", "new_migration", "pending_files",
    "read_history", "record_applied", "replay_database", "status_matrix", "up_span",
]
