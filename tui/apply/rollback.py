"""Rollback: the down migrations of applied migrations, newest first, through the one runner.

:func:`rollback_plan` picks what to undo in an environment: the last applied migration, or
with ``to`` every migration applied after ``to`` (``to`` itself stays applied). Each needs a
down part — the ``-- migrate:down`` section (dbmate, plain files ``driftdeck new`` writes),
a ``.down.sql`` file (golang-migrate, plain), or a Flyway ``U`` file. When one has none, the
plan is refused with a sentence pointing to ``driftdeck restore`` and the newest backup of
that environment the audit log knows.

:class:`RollbackRun` then runs backup → down migrations → smoke → audit, like the apply. Each
down migration runs as a migration of its own whose last statements remove its history row
the tool's way (:mod:`tui.migrations.history.unrecord`), so the schema change and the
history change commit together; errors name the line in the file the down part lives in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tui.apply import audit
from tui.apply.cancel import StepCancelled
from tui.apply.plan import find_migration, has_rollback
from tui.config import Environment, Project
from tui.errors import DriftdeckError
from tui.migrations.layouts import load_folder
from tui.migrations.model import Migration, MigrationFolder
from tui.migrations.status import environment_status


@dataclass
class RollbackPlan:
    env: Environment
    folder: MigrationFolder
    undo: list[Migration] = field(default_factory=list)  # newest first
    previous: dict[str, Migration | None] = field(default_factory=dict)  # id → the migration applied before it
    missing_down: list[Migration] = field(default_factory=list)
    to: str | None = None

    def refusal(self, project: Project) -> str | None:
        if not self.missing_down:
            return None
        names = ", ".join(m.label for m in self.missing_down)
        backup = latest_backup(project, self.env.name, [m.id for m in self.missing_down])
        where = f" {backup}" if backup else " BACKUP"
        return (f"{names} has no down migration, so driftdeck cannot roll it back: restore the backup taken before"
                f" it was applied instead (`driftdeck restore {self.env.name}{where}`).")

    def to_dict(self) -> dict:
        return {"environment": self.env.name, "to": self.to, "undo": [m.id for m in self.undo],
                "missing_down": [m.id for m in self.missing_down]}


def latest_backup(project: Project, env_name: str, ids=()) -> str | None:
    """The backup taken by the newest apply of any of ``ids`` to ``env_name`` (the audit log's),
    else the newest backup of that environment."""
    entries, _ = audit.read_entries(project, env_name)
    for e in reversed(entries):
        if e.get("backup") and e.get("kind") == "apply" and set(ids) & set(e.get("migrations") or ()):
            return e["backup"]
    for e in reversed(entries):
        if e.get("backup"):
            return e["backup"]
    return None


def rollback_plan(project: Project, env: Environment | str, *, to: str | None = None) -> RollbackPlan:
    """What a rollback of ``env`` would undo (see the module docstring)."""
    env = project.env(env) if isinstance(env, str) else env
    folder = load_folder(project)
    status = environment_status(project, env, folder)
    if not status.reachable:
        raise DriftdeckError(status.problem or f"environment {env.name} is unreachable.")
    applied = [m for m in folder.migrations if status.cells.get(m.id) and status.cells[m.id].is_applied
               and not m.repeatable]
    if not applied:
        raise DriftdeckError(f"{env.name} has no applied migration to roll back.")
    if to is None:
        undo = [applied[-1]]
    else:
        target = find_migration(folder, to)
        ids = [m.id for m in applied]
        if target.id not in ids:
            raise DriftdeckError(f"{target.label} is not applied in {env.name}: nothing to roll back to.")
        undo = applied[ids.index(target.id) + 1:]
        if not undo:
            raise DriftdeckError(f"{target.label} is the last migration applied in {env.name}: nothing to roll back.")
    undo.reverse()
    index = {m.id: i for i, m in enumerate(applied)}
    previous = {m.id: (applied[index[m.id] - 1] if index[m.id] > 0 else None) for m in undo}
    plan = RollbackPlan(env, folder, undo, previous, [m for m in undo if not has_rollback(m)], to)
    try:
        from tui.migrations.history.unrecord import unrecord_sql

        unrecord_sql(folder.layout, undo[0], None, applied_by="")
    except ValueError:
        plan.missing_down = list(undo)
    return plan


def down_migration(m: Migration, unrecord: list[str]) -> Migration:
    """A Migration whose part that applies is ``m``'s down part followed by the history statements;
    its text is the file the down part lives in, so error lines point into that file."""
    if m.down_path is not None:
        text, start = m.down_path.read_text(encoding="utf-8"), 0
        path = m.down_path
    else:
        text, path = m.text, m.path
        start = text.rfind(m.down_sql)
    # a newline first ends any trailing line comment; the lone ";" ends the last statement
    full = text.rstrip() + "\n;\n" + "".join(f"{sql};\n" for sql in unrecord)
    return replace(m, text=full, up_start=max(start, 0), up_end=len(full), path=path, down_sql=None, down_path=None,
                   transactional=True, extra={**m.extra, "down_of": m.id})


@dataclass
class RollbackRun:
    """One rollback of ``env``: backup → down migrations → smoke → audit."""

    project: Project
    env: Environment
    plan: RollbackPlan
    on_event: object = None
    cancel: object = None
    person: dict = field(default_factory=dict)
    backup_path: str | None = None
    undone: list = field(default_factory=list)
    smoke: object = None

    def __post_init__(self) -> None:
        from tui.apply.events import CancelToken, emitter

        self.cancel = self.cancel or CancelToken()
        self.emit = emitter(self.on_event)
        self.person = self.person or audit.who(self.project.root)
        self.entry = audit.AuditEntry(kind="rollback", environment=self.env.name, who=self.person,
                                      migrations=[m.id for m in self.plan.undo], target_migration=self.plan.to)
        self.audit_path: str | None = None

    def _own_exists(self) -> bool:
        from tui.migrations.history import own, table_exists
        from tui.pg.connect import connect

        with connect(self.env.url, label=f"environment {self.env.name}", read_only=True) as conn:
            return table_exists(conn, own.TABLE)

    def run_down(self) -> list:
        from tui.apply.errors import ApplyCancelled, ApplyFailed
        from tui.apply.events import MigrationFinished
        from tui.apply.runner import run_migrations
        from tui.migrations.history.unrecord import unrecord_sql

        by = audit.who_label(self.person)
        own_exists = self._own_exists()
        downs = [down_migration(m, unrecord_sql(self.plan.folder.layout, m, self.plan.previous[m.id], applied_by=by,
                                                own_exists=own_exists)) for m in self.plan.undo]

        def on_event(event) -> None:
            if isinstance(event, MigrationFinished):
                self.undone.append(event.migration)
            self.emit(event)

        try:
            run_migrations(self.env.url, downs, None, self.project.apply, applied_by=by, on_event=on_event,
                           cancel=self.cancel, label=f"environment {self.env.name}", verb="rolling back")
        except ApplyCancelled as err:
            raise StepCancelled(str(err)) from None
        except ApplyFailed as err:
            done = len(self.undone)
            extra = f" {done} migration(s) before it were rolled back." if done else ""
            raise DriftdeckError(f"{err}{extra}") from None
        finally:
            self.entry.migrations = [m.extra.get("down_of", m.id) for m in self.undone]
        return self.undone

    def run(self, *, backup: bool = True) -> audit.AuditEntry:
        """Backup (unless ``backup`` is False) → down migrations → smoke → the audit line."""
        from tui.apply.pipeline import step

        outcome, error = audit.FAILED, None
        try:
            if backup:
                self.backup_path = step(self, "backup", "backup", self._backup)
            step(self, "rollback", f"rollback on {self.env.name}", lambda: f"{len(self.run_down())} migration(s) rolled back")
            step(self, "smoke", "smoke checks", self._smoke)
            outcome = audit.ROLLED_BACK if self.smoke.passed else audit.SMOKE_FAILED
        except (StepCancelled, KeyboardInterrupt) as err:
            outcome, error = audit.CANCELLED, str(err) or "interrupted"
            raise
        except DriftdeckError as err:
            error = str(err)
            raise
        finally:
            self.entry.outcome, self.entry.error = outcome, error
            self.audit_path = str(audit.append(self.project, self.entry))
        return self.entry

    def _backup(self) -> str:
        from tui.apply.pipeline import take_backup

        record = take_backup(self.project, self.env, self.emit, self.cancel)
        self.backup_path = str(record.path)
        self.entry.backup = self.backup_path
        return self.backup_path

    def _smoke(self) -> str:
        from tui.apply.smoke import run_smoke

        self.smoke = run_smoke(self.project, self.env, schema=False, cancel=self.cancel)
        self.entry.smoke = [r.to_dict() for r in self.smoke.results]
        return self.smoke.summary()
