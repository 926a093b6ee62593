"""The guided apply: checklist → rehearsal → backup → apply → smoke → audit, for one environment.

Each step is a method of :class:`ApplyRun` that can be called alone (the console wizard drives
them one by one, re-checking or confirming items in between); :meth:`ApplyRun.run` does them
all in order and stops at the first that fails. Every step reports through ``on_event``
(:mod:`tui.apply.events`: ``StepStarted``/``StepFinished`` around each step, the runner's
migration and statement events, backup ``Progress`` in bytes) and stops at its next safe
point when ``cancel`` (a :class:`~tui.apply.events.CancelToken`) is cancelled.

Guarantees:
- the target is not touched before the checklist is ready, the rehearsal passed and the
  backup is complete and verified; a protected target also needs its name typed
  (``confirm``); a failing step stops everything after it;
- the runner applies one migration per transaction with its history row (nothing of a
  failed migration stays behind) — see :mod:`tui.apply.runner`;
- whatever happens after the checklist, one line is appended to the audit log
  (:mod:`tui.apply.audit`), and the ``applied_to_prod.log`` line when the project keeps one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from tui.apply import audit
from tui.apply.cancel import CANCELLED_ERRORS, StepCancelled, check_cancel, is_cancel
from tui.apply.checklist import Checklist, build_checklist
from tui.apply.events import (
    CancelToken,
    MigrationFinished,
    OnEvent,
    StatementFinished,
    StatementStarted,
    StepFinished,
    StepStarted,
    emitter,
)
from tui.apply.plan import Plan, build_plan
from tui.apply.smoke import Baseline, SmokeReport, run_smoke, take_baseline
from tui.config import Environment, Project
from tui.errors import DriftdeckError



def protected_refusal(env: Environment, *, confirm: str | None, yes: bool, verb: str = "apply to") -> str | None:
    """The sentence refusing an unconfirmed apply to a protected environment, or None
    (:func:`tui.apply.confirm.refusal`; unprotected environments are asked by the command)."""
    from tui.apply.confirm import refusal

    return refusal(env, confirm=confirm, yes=yes, verb=verb, needs_yes=False)


def step(run, name: str, title: str, work: Callable[[], str]) -> str:
    """Run one step of ``run`` (an ApplyRun or RollbackRun: ``emit``, ``entry``, ``cancel``) with its
    StepStarted/StepFinished events and its line in the audit entry; ``work`` returns the summary."""
    check_cancel(run.cancel, name)
    run.emit(StepStarted(name, title))
    t0 = time.perf_counter()
    try:
        summary = work()
    except BaseException as err:
        ms = int((time.perf_counter() - t0) * 1000)
        cancelled = is_cancel(err)
        run.entry.steps.append(audit.StepRecord(name, "cancelled" if cancelled else "failed", ms, str(err)))
        run.emit(StepFinished(name, False, ms / 1000, "cancelled" if cancelled else str(err)))
        raise
    ms = int((time.perf_counter() - t0) * 1000)
    run.entry.steps.append(audit.StepRecord(name, "ok", ms, summary))
    run.emit(StepFinished(name, True, ms / 1000, summary))
    return summary


def take_backup(project: Project, env: Environment, emit, cancel):
    """:func:`tui.apply.backup.backup_environment` with its own start/finish events left out
    (the caller's step reports them)."""
    from tui.apply.backup import backup_environment

    def on_event(event) -> None:
        if not isinstance(event, (StepStarted, StepFinished)):
            emit(event)

    return backup_environment(project, env, on_event=on_event, cancel=cancel)


@dataclass
class RehearsalResult:
    ok: bool
    server_version: int | None = None
    target_version: int | None = None
    warnings: tuple[str, ...] = ()
    smoke: SmokeReport | None = None
    error: str | None = None
    with_data: bool = False

    def to_dict(self) -> dict:
        return {
            "status": "ok" if self.ok else "failed",
            "server_version": self.server_version,
            "target_version": self.target_version,
            "with_data": self.with_data,
            "warnings": list(self.warnings),
            "smoke": [r.to_dict() for r in self.smoke.results] if self.smoke else [],
            "error": self.error,
        }


@dataclass(frozen=True)
class MigrationTiming:
    """How long one applied migration took: in all (history row included) and statement by statement,
    as (line in its file, seconds) in the order they ran."""

    duration: float
    statements: tuple[tuple[int, float], ...] = ()

    def slowest(self) -> tuple[int, float] | None:
        return max(self.statements, key=lambda s: s[1], default=None)


@dataclass
class ApplyRun:
    """One guided apply to ``env``; fill the options, then call the steps (or :meth:`run`)."""

    project: Project
    env: Environment
    to: str | None = None
    accept: tuple[str, ...] = ()
    with_data: bool = False
    on_event: OnEvent | None = None
    cancel: CancelToken | None = None
    person: dict = field(default_factory=dict)
    # results, filled as the steps run
    plan: Plan | None = None
    checklist: Checklist | None = None
    rehearsal: RehearsalResult | None = None
    backup_path: str | None = None
    baseline: Baseline | None = None
    applied: list = field(default_factory=list)  # Migration objects applied to the target
    timings: dict = field(default_factory=dict)  # migration id → MigrationTiming, for those applied
    smoke: SmokeReport | None = None
    entry: audit.AuditEntry | None = None

    def __post_init__(self) -> None:
        if isinstance(self.env, str):
            self.env = self.project.env(self.env)
        self.cancel = self.cancel or CancelToken()
        self.emit = emitter(self.on_event)
        self.person = self.person or audit.who(self.project.root)
        self.entry = audit.AuditEntry(kind="apply", environment=self.env.name, who=self.person)
        self.entry.target_migration = self.to
        self.audit_path: str | None = None

    # ------------------------------------------------------------------ helpers
    @property
    def by(self) -> str:
        return audit.who_label(self.person)

    @property
    def migrations(self) -> list:
        return [p.migration for p in self.plan.migrations] if self.plan else []

    # ------------------------------------------------------------------ the steps
    def make_plan(self) -> Plan:
        """The plan; raises the refusal sentence while the history is inconsistent."""
        self.plan = build_plan(self.project, self.env, to=self.to, accept=self.accept)
        if self.plan.refusal:
            raise DriftdeckError(self.plan.refusal)
        self.entry.migrations = [p.id for p in self.plan.migrations]
        return self.plan

    def run_checklist(self, *, yes: bool = False, acks=(), on_item=None) -> Checklist:
        """Build the checklist (machine checks run now); ``acks`` then ``yes`` confirm items."""

        def work() -> str:
            self.checklist = build_checklist(self.plan, on_item=on_item)
            for rule, reason in acks:
                self.checklist.acknowledge(rule, reason, self.by)
            if yes:
                self.checklist.confirm_all_manual(self.by)
            return self.checklist_summary()

        step(self, "checklist", "checklist", work)
        return self.checklist

    def checklist_summary(self) -> str:
        items = self.checklist.items
        warn = sum(1 for i in items if i.state in ("warn", "fail") and not i.blocking)
        unmet = self.checklist.unmet
        text = f"{len(items)} items"
        if unmet and self.checklist.protected:
            text += f", {len(unmet)} blocking item(s) open"
        elif unmet:  # they block only a protected environment
            text += f", {len(unmet)} left open (not required: {self.env.name} is not protected)"
        elif not any(i.state == "pending" for i in items):
            text += ", every blocking item met"
        if warn:
            text += f", {warn} warning(s)"
        return text

    def require_checklist(self) -> None:
        """Raise the checklist's refusal (a protected target missing a blocking item)."""
        refusal = self.checklist.refusal() if self.checklist else "the checklist has not run."
        self.entry.checklist = [i.to_dict() for i in self.checklist.items] if self.checklist else []
        for record in self.entry.steps:  # the step's line says what held when the person went on
            if record.step == "checklist" and record.status == "ok" and self.checklist:
                record.detail = self.checklist_summary()
        if refusal:
            raise DriftdeckError(refusal)

    def run_rehearsal(self) -> RehearsalResult:
        """The plan applied to a copy of the target on a scratch server, then the smoke checks there."""
        from tui.apply.rehearsal_copy import rehearsal_copy
        from tui.apply.runner import run_migrations

        folder = self.plan.folder
        result = RehearsalResult(False, with_data=self.with_data)
        self.rehearsal = result

        def work() -> str:
            tables = (folder.layout.history_table, "driftdeck.schema_history")
            with rehearsal_copy(self.env.url, label=self.env.name, with_data=self.with_data, data_tables=tables,
                                scratch_url=self.project.scratch_url, cancel=self.cancel) as copy:
                result.server_version, result.target_version = copy.server_version, copy.target_version
                result.warnings = tuple(copy.warnings)
                base = take_baseline(self.project, copy.url, f"{self.env.name} (rehearsal copy)")
                try:
                    run_migrations(copy.url, self.migrations, folder.layout, self.project.apply, applied_by=self.by,
                                   on_event=self.emit, cancel=self.cancel, label=f"{self.env.name}'s rehearsal copy",
                                   verb="rehearsing")
                except DriftdeckError as err:
                    result.error = str(err)
                    raise DriftdeckError(f"rehearsal failed, {self.env.name} was not touched: {err}") from None
                check_cancel(self.cancel, "rehearsal")
                result.smoke = run_smoke(self.project, self.env, url=copy.url, baseline=base,
                                         applied=[m.id for m in self.migrations], has_data=self.with_data,
                                         where="rehearsal copy", cancel=self.cancel)
            if not result.smoke.passed:
                names = ", ".join(r.check for r in result.smoke.failures)
                result.error = f"smoke checks failed on the copy: {names}"
                raise DriftdeckError(f"rehearsal failed, {self.env.name} was not touched: {result.error}.")
            result.ok = True
            what = "schema and data" if self.with_data else "schema"
            return (f"{len(self.migrations)} migration(s) applied to a copy of {self.env.name}'s {what} on PostgreSQL"
                    f" {copy.server_version}; smoke {result.smoke.summary()}")

        try:
            step(self, "rehearsal", "rehearsal on a scratch copy", work)
        finally:
            self.entry.rehearsal = result.to_dict()
        return result

    def run_backup(self) -> str:
        """A verified backup of the target (owner-only file); its path."""
        from tui.apply.backup import human_size

        def work() -> str:
            record = take_backup(self.project, self.env, self.emit, self.cancel)
            self.backup_path = str(record.path)
            self.entry.backup = self.backup_path
            return f"{record.path} ({human_size(record.size)}{', verified' if record.verified else ''})"

        step(self, "backup", "backup", work)
        return self.backup_path

    def run_apply(self) -> list:
        """The plan applied to the target through the runner; the migrations applied."""
        from tui.apply.errors import ApplyCancelled, ApplyFailed
        from tui.apply.runner import run_migrations

        folder = self.plan.folder
        lines: dict[int, int] = {}  # statement index → its line, for the running migration
        statements: list[tuple[int, float]] = []

        def on_event(event) -> None:
            if isinstance(event, StatementStarted):
                lines[event.index] = event.line
            elif isinstance(event, StatementFinished):
                statements.append((lines.get(event.index, 0), event.duration))
            elif isinstance(event, MigrationFinished):
                self.applied.append(event.migration)
                self.timings[event.migration.id] = MigrationTiming(event.duration, tuple(statements))
                lines.clear()
                statements.clear()
            self.emit(event)

        def work() -> str:
            self.baseline = take_baseline(self.project, self.env.url, f"environment {self.env.name}")
            check_cancel(self.cancel, "apply")
            try:
                result = run_migrations(self.env.url, self.migrations, folder.layout, self.project.apply,
                                        applied_by=self.by, on_event=on_event, cancel=self.cancel,
                                        label=f"environment {self.env.name}")
            except ApplyCancelled as err:
                raise StepCancelled(str(err)) from None
            except ApplyFailed as err:
                done = len(self.applied)
                extra = (f" {done} migration(s) before it stay applied: `driftdeck rollback {self.env.name}` or"
                         f" `driftdeck restore {self.env.name} {self.backup_path}` undoes them.") if done else ""
                raise DriftdeckError(f"{err}{extra}") from None
            finally:
                self.entry.migrations = [m.id for m in self.applied]
                self._history_log()
            return f"{len(result.applied)} migration(s) applied in {result.duration:.1f} s"

        step(self, "apply", f"apply to {self.env.name}", work)
        return self.applied

    def _history_log(self) -> None:
        if self.applied:
            try:
                audit.append_history_log(self.project, self.env.name, self.applied, self.person)
            except DriftdeckError as err:
                self.emit_notice(str(err))

    def emit_notice(self, message: str) -> None:
        from tui.apply.events import Notice

        self.emit(Notice(message, "WARNING"))

    def run_smoke(self, on_result=None) -> SmokeReport:
        """The smoke checks on the target, scoped by the baseline taken before the apply."""

        def work() -> str:
            self.smoke = run_smoke(self.project, self.env, baseline=self.baseline,
                                   applied=[m.id for m in self.applied], on_result=on_result, cancel=self.cancel)
            self.entry.smoke = [r.to_dict() for r in self.smoke.results]
            self.entry.changed = list(self.smoke.changed)
            if not self.smoke.passed:
                names = ", ".join(r.check for r in self.smoke.failures)
                back = f"`driftdeck rollback {self.env.name}`"
                if self.backup_path:
                    back += f" or `driftdeck restore {self.env.name} {self.backup_path}`"
                raise DriftdeckError(
                    f"the migrations are applied to {self.env.name} but smoke checks failed ({names}): check them,"
                    f" and if it must be undone use {back}."
                )
            return self.smoke.summary()

        step(self, "smoke", "smoke checks", work)
        return self.smoke

    def record(self, outcome: str, error: str | None = None) -> str:
        """Append this run to the audit log; its path."""
        self.entry.outcome = outcome
        self.entry.error = error
        if self.checklist and not self.entry.checklist:
            self.entry.checklist = [i.to_dict() for i in self.checklist.items]
        path = audit.append(self.project, self.entry)
        return str(path)

    # ------------------------------------------------------------------ all of it
    def run(self, *, yes: bool = False, acks=(), confirm_manual: Callable[[Checklist], None] | None = None) -> audit.AuditEntry:
        """Checklist → rehearsal → backup → apply → smoke, then the audit line. Raises the first
        failure's sentence (after recording the run); ``confirm_manual`` lets a person confirm
        items interactively between the checks and the refusal."""
        if self.plan is None:
            self.make_plan()
        if not self.plan.migrations:
            return self.entry
        outcome, error = audit.FAILED, None
        try:
            self.run_checklist(yes=yes, acks=acks)
            if confirm_manual is not None:
                confirm_manual(self.checklist)
            try:
                self.require_checklist()
            except DriftdeckError:
                outcome = audit.REFUSED
                raise
            self.run_rehearsal()
            self.run_backup()
            self.run_apply()
            try:
                self.run_smoke()
            except DriftdeckError:
                outcome = audit.SMOKE_FAILED
                raise
            outcome = audit.APPLIED
        except (StepCancelled, KeyboardInterrupt) as err:
            outcome, error = audit.CANCELLED, str(err) or "interrupted"
            raise
        except DriftdeckError as err:
            if type(err).__name__ in CANCELLED_ERRORS:
                outcome = audit.CANCELLED
            error = str(err)
            raise
        finally:
            path = self.record(outcome, error)
            self.audit_path = path
        return self.entry
