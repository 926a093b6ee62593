"""The plan: what ``apply`` would run on one environment, and whether it may.

:func:`build_plan` reads the environment's history (read-only), takes its pending migrations
in apply order (up to ``to`` when given) and, for each, the review verdict and the findings
that count, whether it runs as one transaction, whether a rollback exists, and the table
locks it takes (:mod:`tui.apply.locks`). A history that is inconsistent — a migration changed
after it was applied, an applied migration whose file is gone, or a pending migration older
than applied ones (out of order) — makes the plan *refused* (:attr:`Plan.refusal`) until
each such migration is acknowledged by id (``accept``, the CLI's ``--accept-modified ID``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tui.apply.locks import LockEstimate, estimate_locks, strongest
from tui.config import Environment, Project
from tui.errors import DriftdeckError
from tui.migrations.layouts import load_folder
from tui.migrations.model import Migration, MigrationFolder
from tui.migrations.status import FAILED, MISSING, MODIFIED, EnvStatus, environment_status
from tui.review import SAFE_TO_DEPLOY, Finding, options_for, review_sql
from tui.review.model import verdict_of

MODIFIED_ISSUE, MISSING_ISSUE, ORDER_ISSUE = "modified", "missing-file", "out-of-order"
MODE_TEXT = {
    "transaction": "one transaction",
    "mixed": "partly outside a transaction",
    "own-transactions": "its own transactions",
    "no-transaction": "no transaction",
}


def has_rollback(m: Migration) -> bool:
    """True when the migration carries a down part with at least one statement (not only comments)."""
    text = m.down_sql or ""
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("--"):
            return True
    return False


def find_migration(folder: MigrationFolder, wanted: str) -> Migration:
    """The migration named by id, version, label or file name; a clear error otherwise."""
    for m in folder.migrations:
        if wanted in (m.id, m.version, m.label, m.file_name, m.path.stem):
            return m
    raise DriftdeckError(f"no migration {wanted} in {folder.folder.name} (use an id or file name shown by `driftdeck status`).")


@dataclass(frozen=True)
class HistoryIssue:
    """Something in the environment's history that must be acknowledged before applying."""

    id: str
    kind: str  # modified | missing-file | out-of-order
    note: str
    acknowledged: bool = False

    def sentence(self) -> str:
        what = {
            MODIFIED_ISSUE: "was changed after it was applied",
            MISSING_ISSUE: "is recorded as applied but its file is missing",
            ORDER_ISSUE: "is pending but older than migrations already applied (out of order)",
        }[self.kind]
        return f"{self.id} {what}"

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "note": self.note, "acknowledged": self.acknowledged}


@dataclass
class PlannedMigration:
    """One pending migration as the plan shows it."""

    migration: Migration
    verdict: str
    findings: list[Finding]  # unacknowledged findings, medium and high first
    mode: str  # the runner's: transaction | mixed | own-transactions | no-transaction
    rollback: bool
    locks: list[LockEstimate]
    retry: bool = False  # recorded as failed before

    @property
    def id(self) -> str:
        return self.migration.id

    @property
    def transactional(self) -> bool:
        """True when every statement and the history row commit together."""
        return self.mode == "transaction"

    def mode_text(self) -> str:
        return MODE_TEXT.get(self.mode, self.mode)

    @property
    def lock(self) -> LockEstimate | None:
        return strongest(self.locks)

    def lock_text(self) -> str:
        lk = self.lock
        if lk is None:
            return "no lock on existing tables"
        others = sorted({x.relation for x in self.locks if x.mode == lk.mode and x.relation != lk.relation})
        return lk.describe() + (f" (+{len(others)} more)" if others else "")

    def to_dict(self) -> dict:
        m = self.migration
        return {
            "id": m.id,
            "file": m.label,
            "name": m.name,
            "verdict": self.verdict,
            "findings": [
                {"rule": f.rule, "risk": f.risk, "title": f.title, "line": f.line} for f in self.findings
            ],
            "transactional": self.transactional,
            "mode": self.mode,
            "rollback": self.rollback,
            "lock": self.lock.to_dict() if self.lock else None,
            "locks": [x.to_dict() for x in self.locks],
            "retry": self.retry,
        }


@dataclass
class Plan:
    """What applying to one environment would do."""

    project: Project
    env: Environment
    status: EnvStatus
    folder: MigrationFolder
    migrations: list[PlannedMigration] = field(default_factory=list)
    issues: list[HistoryIssue] = field(default_factory=list)
    to: str | None = None
    pg_version: int | None = None

    @property
    def unacknowledged(self) -> list[HistoryIssue]:
        return [i for i in self.issues if not i.acknowledged]

    @property
    def refusal(self) -> str | None:
        """One sentence when the history must be acknowledged first, else None."""
        open_issues = self.unacknowledged
        if not open_issues:
            return None
        listed = "; ".join(i.sentence() for i in open_issues[:3]) + ("; …" if len(open_issues) > 3 else "")
        ids = " ".join(f"--accept-modified {i.id}" for i in open_issues[:3])
        return (
            f"the history of {self.env.name} is inconsistent: {listed}. Check it with `driftdeck status {self.env.name}`,"
            f" then acknowledge with {ids}."
        )

    @property
    def verdict(self) -> str:
        return verdict_of(f for p in self.migrations for f in p.findings) if self.migrations else SAFE_TO_DEPLOY

    @property
    def high_findings(self) -> list[tuple[PlannedMigration, Finding]]:
        return [(p, f) for p in self.migrations for f in p.findings if f.risk == "high"]

    def to_dict(self) -> dict:
        return {
            "environment": self.env.name,
            "protected": self.env.protected,
            "layout": self.folder.layout.name,
            "history_table": self.folder.layout.history_table,
            "to": self.to,
            "verdict": self.verdict,
            "refused": self.refusal,
            "issues": [i.to_dict() for i in self.issues],
            "migrations": [p.to_dict() for p in self.migrations],
        }


def history_issues(status: EnvStatus, accept=()) -> list[HistoryIssue]:
    """Modified, missing-file and out-of-order migrations of ``status``; ``accept`` acknowledges by id."""
    accepted = set(accept)
    folder_by = status.folder.by_id() if status.folder else {}
    out: list[HistoryIssue] = []
    for key, cell in status.cells.items():
        kind = None
        if cell.state == MODIFIED and not (key in folder_by and folder_by[key].repeatable):
            kind = MODIFIED_ISSUE
        elif cell.state == MISSING:
            kind = MISSING_ISSUE
        elif cell.out_of_order:
            kind = ORDER_ISSUE
        if kind is None:
            continue
        m = folder_by.get(key)
        names = {key} | ({m.label, m.file_name, m.path.stem, m.version or key} if m else set())
        out.append(HistoryIssue(key, kind, cell.note, bool(names & accepted)))
    return out


def plan_migration(m: Migration, options, retry: bool = False, server_version_num: int | None = None) -> PlannedMigration:
    """One migration reviewed, its transaction mode decided the runner's way, its locks estimated (pure)."""
    from tui.apply.runner import plan_statements

    report = review_sql(m.text, m.label, options)
    mode, _ = plan_statements(m, server_version_num)
    active = sorted(report.active, key=lambda f: ({"high": 0, "medium": 1, "low": 2}[f.risk], f.line))
    return PlannedMigration(
        migration=m,
        verdict=report.verdict,
        findings=[f for f in active if f.risk in ("high", "medium")],
        mode=mode,
        rollback=has_rollback(m),
        locks=estimate_locks(report),
        retry=retry,
    )


def server_version_num(env: Environment) -> int | None:
    from tui.pg.connect import probe

    try:
        return probe(env.url, label=f"environment {env.name}").version_num
    except DriftdeckError:
        return None


def build_plan(project: Project, env: Environment | str, *, to: str | None = None, accept=(),
               folder: MigrationFolder | None = None, status: EnvStatus | None = None) -> Plan:
    """The plan for ``env`` (see the module docstring). Raises a one-sentence error when the
    environment cannot be read or ``to`` names no pending migration."""
    env = project.env(env) if isinstance(env, str) else env
    folder = folder or load_folder(project)
    status = status or environment_status(project, env, folder)
    if not status.reachable:
        raise DriftdeckError(status.problem or f"environment {env.name} is unreachable.")
    pending = list(status.pending)
    if to is not None:
        target = find_migration(folder, to)
        ids = [m.id for m in pending]
        if target.id not in ids:
            cell = status.cells.get(target.id)
            state = cell.state if cell else "unknown"
            raise DriftdeckError(f"{target.label} is not pending in {env.name} ({state}); nothing to apply up to it.")
        pending = pending[: ids.index(target.id) + 1]
    version_num = server_version_num(env)
    pg_version = project.review.pg_version or (version_num // 10000 if version_num else None)
    # the plan is what driftdeck's runner will run: it sets the timeouts itself and runs statements
    # PostgreSQL refuses in a transaction on their own, whatever tool wrote the folder
    options = replace(options_for(project, folder.layout.name, pg_version), runner_sets_timeouts=True,
                      driftdeck_folder=None, autocommit_non_transactional=True)
    planned = [plan_migration(m, options, status.cells[m.id].state == FAILED, version_num) for m in pending]
    return Plan(project, env, status, folder, planned, history_issues(status, accept), to, pg_version)


__all__ = [
    "HistoryIssue", "Plan", "PlannedMigration", "build_plan", "find_migration",
    "has_rollback", "history_issues", "plan_migration",
]
