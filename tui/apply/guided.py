"""The guided apply as the console wizard walks it: its steps in order, the typed confirmation,
the outcome a stop records, the ways back after a failure, and the Done summary.

The wizard (``tui/app/screens/apply_wizard.py``) calls :class:`tui.apply.pipeline.ApplyRun`'s
step methods one by one; this module holds the few rules around them so the console holds
none: which step comes next, when a protected target counts as confirmed, what outcome the
audit line gets when the run stops early, what a failure offers (roll back what this run
applied, restore the backup it took) and how those are run and recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.apply import audit
from tui.apply.cancel import is_cancel  # noqa: F401 - the wizard's name for it
from tui.apply.pipeline import ApplyRun
from tui.errors import DriftdeckError

# (id, title) in the order the wizard shows them; the ids are ApplyRun's step names
STEPS = (
    ("plan", "Plan"),
    ("checklist", "Checklist"),
    ("rehearsal", "Rehearsal"),
    ("backup", "Backup"),
    ("apply", "Apply"),
    ("smoke", "Smoke checks"),
    ("done", "Done"),
)
STEP_IDS = tuple(s for s, _ in STEPS)
TITLES = dict(STEPS)


def next_step(step: str) -> str:
    """The step after ``step`` ("done" stays "done")."""
    i = STEP_IDS.index(step)
    return STEP_IDS[min(i + 1, len(STEP_IDS) - 1)]


def typed_refusal(env, typed: str | None, verb: str = "apply to") -> str | None:
    """The sentence refusing to ``verb`` ``env`` with ``typed`` as the name typed, or None when it may go on
    (a protected environment needs its exact name; the others need nothing typed)."""
    typed = (typed or "").strip()
    if not env.protected or typed == env.name:
        return None
    if typed and env.name.startswith(typed):  # still typing it: no reproach
        return f"type {env.name}, then enter, to {verb} it."
    if typed:
        return f"“{typed}” is not the environment's name: type {env.name} to {verb} it."
    return f"{env.name} is protected: type its name ({env.name}) to {verb} it."


def outcome_of(step: str, err: BaseException | None) -> str:
    """The audit outcome of a run that stopped at ``step`` with ``err`` (None: it reached the end)."""
    if err is None:
        return audit.APPLIED
    if is_cancel(err):
        return audit.CANCELLED
    if step == "checklist":
        return audit.REFUSED
    if step == "smoke":
        return audit.SMOKE_FAILED
    return audit.FAILED


def finish(run: ApplyRun, step: str, err: BaseException | None) -> str | None:
    """Record the run in the audit log once it ends at ``step`` (nothing is recorded for a run that
    stopped before its checklist ran); the audit file's path, or None."""
    if run.checklist is None:
        return None
    path = run.record(outcome_of(step, err), None if err is None else (str(err) or "interrupted"))
    run.audit_path = path
    return path


@dataclass(frozen=True)
class WayBack:
    """Something the wizard offers after a failure: ``kind`` is "rollback" or "restore"."""

    kind: str
    title: str
    detail: str


def ways_back(run: ApplyRun) -> list[WayBack]:
    """What undoes this run on its target: its applied migrations' down parts, and the backup it took."""
    out = []
    if run.applied:
        names = ", ".join(m.label for m in run.applied)
        out.append(WayBack("rollback", f"Roll back the {len(run.applied)} migration(s) this run applied",
                           f"their down parts, newest first ({names}), after a safety backup"))
    if run.backup_path:
        out.append(WayBack("restore", f"Restore {run.env.name} from the backup taken before the apply",
                           f"{run.backup_path} (after a safety backup of what is there now)"))
    return out


def roll_back(run: ApplyRun, *, on_event=None, cancel=None) -> str:
    """Undo the migrations ``run`` applied with their down parts (:class:`tui.apply.rollback.RollbackRun`,
    recorded in the audit log); a one-line summary, or a one-sentence error."""
    from tui.apply.rollback import RollbackRun, rollback_plan
    from tui.migrations.layouts import load_folder

    if not run.applied:
        raise DriftdeckError(f"this run applied nothing to {run.env.name}; there is nothing to roll back.")
    ids = [m.id for m in load_folder(run.project).migrations]
    first = ids.index(run.applied[0].id)
    plan = rollback_plan(run.project, run.env, to=ids[first - 1] if first > 0 else None)
    refusal = plan.refusal(run.project)
    if refusal:
        raise DriftdeckError(refusal)
    back = RollbackRun(run.project, run.env, plan, on_event=on_event, cancel=cancel, person=run.person)
    back.run()
    return f"{len(back.undone)} migration(s) rolled back on {run.env.name}; recorded in {back.audit_path}."


def restore_backup(project, env, path: str, *, person: dict | None = None, on_event=None, cancel=None) -> str:
    """Restore ``path`` into ``env`` (after a safety backup), recorded in the audit log; a summary."""
    from tui.apply.backup import human_size
    from tui.apply.restore import restore_environment

    result = restore_environment(project, env, path, person=person, on_event=on_event, cancel=cancel)
    return (f"{env.name} restored from {result.backup.name}: {result.tables} table(s), {human_size(result.size)};"
            f" safety backup {result.safety.path}.")


def summary_lines(run: ApplyRun) -> list[str]:
    """The Done page: what was applied where, each step's duration, the backup, the smoke checks, the audit
    line, then each applied migration's time (last: a long list scrolls without hiding the rest)."""
    env = run.env
    lines = []
    if run.applied:
        lines.append(f"Applied {len(run.applied)} migration(s) to {env.name}; the time of each is at the end.")
    else:
        lines.append(f"Nothing was applied to {env.name}.")
    for s in run.entry.steps:  # the backup's line names its file, the smoke checks' line their results
        mark = "✓" if s.status == "ok" else "✗"
        lines.append(f"{mark} {TITLES.get(s.step, s.step):<13} {s.duration_ms / 1000:.1f} s  {s.detail}")
    if run.audit_path:
        lines.append(f"Recorded in {project_relative(run.project, run.audit_path)} (run {run.entry.run_id},"
                     f" outcome {run.entry.outcome}): `{run.project.command} log {env.name}` shows it.")
    for m in run.applied:
        lines += migration_lines(m, run.timings.get(m.id))
    return lines


def migration_lines(migration, timing) -> list[str]:
    """A migration of the Done page: its name and time, then its statements and the slowest of them
    (the Apply page's per-statement log, in short, once the wizard has moved on)."""
    if timing is None:
        return [f"  ✓ {migration.label}"]
    out = [f"  ✓ {migration.label}  {timing.duration:.3f} s"]
    n = len(timing.statements)
    slowest = timing.slowest()
    if slowest is not None:
        line, seconds = slowest
        where = "1 statement" if n == 1 else f"{n} statements, the slowest at line {line}"
        out.append(f"      {where}: {seconds:.3f} s")
    return out


def project_relative(project, path) -> str:
    """``path`` as seen from the project's folder when it is inside it (the audit log), else as it is."""
    from pathlib import Path

    try:
        return str(Path(path).resolve().relative_to(Path(project.root).resolve()))
    except ValueError:
        return str(path)
