"""Replay a migration folder into a scratch database: "the schema the migrations describe".

``replay_database(project, spec, against)``:
- ``migrations`` with ``against`` an environment: only the migrations that environment's
  history records as applied — what that database should look like according to its own
  history (so a drift against it shows exactly the changes made by hand);
- ``migrations`` with no ``against``, or ``migrations:all``: the whole folder;
- ``migrations:ID``: the folder up to and including migration ID.

The result is cached per (server version, layout, replayed files' checksums): a second
replay of the same files is one lookup. The returned database is read-only; don't write to it.
"""

from __future__ import annotations

import hashlib
from typing import Callable

from tui.apply.errors import ApplyFailed
from tui.config import Environment, Project
from tui.errors import DriftdeckError
from tui.migrations.layouts import load_folder
from tui.migrations.model import Migration, MigrationFolder
from tui.pg import scratch_choice
from tui.pg.replay_store import ReplayStore

REPLAY_FORMAT = "3"  # bump when the way files are replayed changes
Progress = Callable[[str], None]


def select_migrations(
    project: Project, spec: str, against: Environment | None, folder: MigrationFolder, progress: Progress
) -> list[Migration]:
    """The migrations a spec means, in apply order."""
    spec = spec.strip()
    if spec == "migrations:all" or (spec == "migrations" and against is None):
        return list(folder.migrations)
    if spec == "migrations":
        from tui.migrations.status import APPLIED, MISSING, MODIFIED, environment_status

        status = environment_status(project, against, folder)
        if not status.reachable:
            raise DriftdeckError(status.problem or f"environment {against.name} is unreachable.")
        if not status.history_exists:
            progress(f"{against.name} has no history table ({folder.layout.history_table}): replaying no migrations.")
        chosen = [m for m in folder.migrations if status.cells.get(m.id) and status.cells[m.id].state in (APPLIED, MODIFIED)]
        missing = status.ids(MISSING)
        if missing:
            progress(
                f"{against.name}'s history records {len(missing)} migration(s) with no file ({', '.join(missing[:3])}"
                f"{'…' if len(missing) > 3 else ''}): they cannot be replayed."
            )
        if status.modified:
            progress(f"{len(status.modified)} migration(s) changed after {against.name} applied them: replaying the files as they are now.")
        return chosen
    if spec.startswith("migrations:"):
        wanted = spec.split(":", 1)[1]
        ids = [m.id for m in folder.migrations]
        match = [i for i, m in enumerate(folder.migrations) if wanted in (m.id, m.version, m.label, m.file_name)]
        if not match:
            raise DriftdeckError(f"{spec}: no migration {wanted} in {folder.folder.name} (first: {ids[0] if ids else 'none'}).")
        return list(folder.migrations[: match[0] + 1])
    raise DriftdeckError(f"{spec} is not a migrations spec (migrations, migrations:all or migrations:ID).")


def cache_key(layout: str, version_num: int, migrations: list[Migration]) -> str:
    h = hashlib.sha256(f"{REPLAY_FORMAT}|{layout}|{version_num}".encode())
    for m in migrations:
        h.update(f"|{m.id}|{m.sha256}|{m.up_start}|{m.up_end}|{m.transactional}".encode())
    return h.hexdigest()[:24]


def _store(project: Project, against: Environment | None, migrations=(), progress: Progress | None = None) -> ReplayStore:
    """The scratch server: ``scratch_url``, else the embedded server of ``against``'s major
    version when one can be started (so catalog output matches), else the project's
    review.pg_version, else the default; when that one lacks an extension the migrations
    create, a server here that has them all (e.g. the machine's PostgreSQL 15), said so."""
    url = project.scratch_url
    if url:
        return ReplayStore.at(url)
    from tui.pg.connect import probe
    from tui.pg.server import DEFAULT_VERSION, supported_versions

    available = supported_versions()
    wanted = None
    if against is not None:
        try:
            wanted = probe(against.url, label=f"environment {against.name}").version_num // 10000
        except DriftdeckError:
            wanted = None
    if wanted not in available:
        wanted = project.review.pg_version if project.review.pg_version in available else DEFAULT_VERSION
    needed = scratch_choice.extensions_created(m.up_sql for m in migrations)
    if scratch_choice.missing_extensions(wanted, needed):
        choice = scratch_choice.choose(wanted, needed)  # None: no server has them; the replay fails saying which
        if choice is not None:
            for note in choice.notes:
                (progress or (lambda message: None))(f"migrations: {note}.")
            wanted = choice.version
    return ReplayStore.embedded(wanted)


def replay_into(url: str, migrations: list[Migration], progress: Progress | None = None, layout=None) -> None:
    """Apply ``migrations`` in order into the (empty) database at ``url`` with the runner
    (:func:`tui.apply.runner.run_migrations`); with ``layout``, each is also recorded in the
    tool's history table, so the copy looks like a database the tool migrated."""
    from tui.apply.events import MigrationStarted
    from tui.apply.runner import SCRATCH_SETTINGS, run_migrations

    progress = progress or (lambda message: None)

    def on_event(event) -> None:
        if isinstance(event, MigrationStarted) and event.index % 50 == 0:
            progress(f"replayed {event.index}/{event.total} migrations…")

    try:
        run_migrations(
            url, migrations, layout, SCRATCH_SETTINGS, applied_by="driftdeck replay", on_event=on_event,
            label="scratch database", verb="replaying", own_history=False,
        )
    except ApplyFailed as err:
        message = err.server_message
        if "extension" in message and ("not available" in message or "could not open extension control file" in message):
            raise err.retitled(
                "replaying", "the scratch server lacks it: set scratch_url in driftdeck.toml to a server that has"
                " the project's extensions"
            ) from None
        raise


def replay_database(project: Project, spec: str, against: Environment | None, progress=None) -> str:
    """The URL of a scratch database holding the schema the migrations ``spec`` describe.

    ``spec``: ``migrations`` (only what ``against``'s history records as applied; the whole
    folder when ``against`` is None), ``migrations:all`` (the whole folder) or
    ``migrations:ID`` (up to and including ID). The database lives on the embedded scratch
    server (persistent, in the data folder) or on ``project.scratch_url``; it is cached by
    the replayed files' checksums and is read-only. A failing file raises a DriftdeckError
    naming the file, the statement and the server's message.
    """
    progress = progress or (lambda message: None)
    folder = load_folder(project)
    for warning in folder.warnings:
        progress(f"warning: {warning}")
    migrations = select_migrations(project, spec, against, folder, progress)
    store = _store(project, against, migrations, progress)
    key = cache_key(folder.layout.name, store.version_num(), migrations)
    url = store.cached(key)
    what = f"{len(migrations)} migration(s)" + (f" applied in {against.name}" if against is not None and spec == "migrations" else "")
    if url is not None:
        progress(f"migrations: reusing the replay of {what} (cached).")
        return url
    progress(f"migrations: replaying {what} into a scratch database…")
    building, build_url = store.start(key)
    try:
        replay_into(build_url, migrations, progress, folder.layout)
    except BaseException:
        store.discard(building)
        raise
    return store.finish(building, key)
