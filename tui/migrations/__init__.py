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

import importlib

# Names → the module that defines them. Imported on first use (PEP 562), so importing a
# submodule such as ``tui.migrations.model`` does not load psycopg and the history tables.
_EXPORTS = {
    "ensure_history": "history", "read_history": "history", "record_applied": "history",
    "Layout": "layouts", "detect_layout": "layouts", "load_folder": "layouts",
    "AppliedRow": "model", "HistoryState": "model", "Migration": "model", "MigrationFolder": "model",
    "new_migration": "new",
    "Cell": "status", "EnvStatus": "status", "StatusMatrix": "status", "environment_status": "status",
    "pending_files": "status", "status_matrix": "status", "up_span": "status",
    "replay_database": "replay",
}


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.migrations' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.migrations.{module}"), name)


__all__ = sorted(_EXPORTS)
