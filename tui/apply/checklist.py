"""The pre-apply checklist: items the machine checks (with evidence) and items a person confirms.

Every item is a :class:`ChecklistItem` — ``id``, ``title``, ``kind`` (``machine`` or
``manual``), ``blocking``, ``state``, ``evidence`` and, once a person confirmed it, ``by``,
``at`` and ``reason`` — so the console wizard renders exactly these objects and calls
:meth:`Checklist.recheck` / :meth:`Checklist.confirm` on them.

Machine items (:data:`MACHINE_CHECKS`, each a small function of the :class:`Plan`):
previous environment first, review verdict, rollback present, smoke checks configured,
backup folder writable with enough space, no long-running transactions, no lock waiters,
replication lag. Manual items: a low-traffic window, a teammate available, and one per HIGH
finding of the plan (acknowledged with a reason). A protected environment needs every
blocking item passed or confirmed (:meth:`Checklist.ready`); elsewhere open items are
warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from tui.apply.plan import Plan
from tui.errors import DriftdeckError

MACHINE, MANUAL = "machine", "manual"
PASS, WARN, FAIL, PENDING, CONFIRMED, SKIP = "pass", "warn", "fail", "pending", "confirmed", "skip"
LONG_TRANSACTION_S = 60
REPLICATION_LAG_S = 30


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist."""

    id: str
    title: str
    kind: str  # machine | manual
    blocking: bool
    state: str  # pass | warn | fail | skip (machine); pending | confirmed (manual)
    evidence: str = ""
    by: str | None = None
    at: datetime | None = None
    reason: str | None = None
    rule: str | None = None  # for a finding item: the review rule it acknowledges

    @property
    def satisfied(self) -> bool:
        return self.state in (PASS, CONFIRMED, SKIP, WARN)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "blocking": self.blocking,
            "state": self.state,
            "evidence": self.evidence,
            "by": self.by,
            "at": self.at.isoformat(timespec="seconds") if self.at else None,
            "reason": self.reason,
            "rule": self.rule,
        }


Check = Callable[[Plan], tuple[str, str]]  # plan → (state, evidence)


def backup_folder(project) -> Path:
    """Where backups go (the backup step's answer)."""
    from tui.apply.backup import backup_dir

    return Path(backup_dir(project))


# ------------------------------------------------------------------ machine checks

def check_previous(plan: Plan) -> tuple[str, str]:
    from tui.migrations.status import environment_status

    envs = list(plan.project.environments)
    i = next(k for k, e in enumerate(envs) if e.name == plan.env.name)
    if i == 0:
        return SKIP, f"{plan.env.name} is the first environment in the promotion order."
    prev = envs[i - 1]
    status = environment_status(plan.project, prev, plan.folder)
    if not status.reachable:
        return FAIL, status.problem or f"{prev.name} cannot be read."
    missing, seen = [], []
    for p in plan.migrations:
        cell = status.cells.get(p.id)
        if cell is None or not cell.is_applied:
            missing.append(p.migration.label)
        else:
            when = f" {cell.applied_at:%Y-%m-%d %H:%M}" if cell.applied_at else ""
            who = f" by {cell.applied_by}" if cell.applied_by else ""
            seen.append(f"{p.migration.label}{when}{who}")
    if missing:
        return FAIL, f"not applied on {prev.name} yet: {', '.join(missing)}."
    if not seen:
        return PASS, "nothing pending."
    return PASS, f"applied on {prev.name}: " + "; ".join(seen) + "."


def check_review(plan: Plan) -> tuple[str, str]:
    from tui.review import BLOCKED, REVIEW, SAFE_TO_DEPLOY

    if not plan.migrations:
        return PASS, "nothing pending."
    flagged = [f"{p.migration.label} {p.verdict}" for p in plan.migrations if p.verdict != SAFE_TO_DEPLOY]
    verdict = plan.verdict
    state = FAIL if verdict == BLOCKED else WARN if verdict == REVIEW else PASS
    safe = len(plan.migrations) - len(flagged)
    text = "; ".join(flagged) + (f"; {safe} safe to deploy" if flagged and safe else "")
    return state, f"{verdict}: " + (text or f"all {safe} safe to deploy") + "."


def check_rollback(plan: Plan) -> tuple[str, str]:
    without = [p.migration.label for p in plan.migrations if not p.rollback]
    if not without:
        return PASS, "every pending migration has a down part." if plan.migrations else "nothing pending."
    return WARN, f"no down migration for {', '.join(without)}: the way back is restoring the backup."


def check_smoke(plan: Plan) -> tuple[str, str]:
    project = plan.project
    checks = [s for s in project.smoke if s.env in (None, plan.env.name)]
    crit = project.critical_tables
    if not checks and not crit:
        return WARN, "no [[smoke]] checks and no [critical] tables: only the built-in checks will run."
    return PASS, f"{len(checks)} [[smoke]] check(s), {len(crit)} critical table(s), plus the built-in checks."


def check_backup_space(plan: Plan) -> tuple[str, str]:
    """The backup step's own preflight: folder writable, pg_dump new enough, free space."""
    from tui.apply.backup import human_size, preflight

    folder = backup_folder(plan.project)
    ready = preflight(plan.env.url, folder, label=f"environment {plan.env.name}")
    return PASS, (f"{folder}: {human_size(ready.free)} free, database {human_size(ready.size)},"
                  f" pg_dump {ready.programs.version}.")


def _on_target(plan: Plan, query):
    """``query(conn)`` on a read-only session of the plan's environment."""
    from tui.pg.connect import connect

    with connect(plan.env.url, label=f"environment {plan.env.name}", read_only=True) as conn:
        return query(conn)


def _sessions(found, none: str) -> tuple[str, str]:
    if not found:
        return PASS, none
    more = f" (+{len(found) - 3} more)" if len(found) > 3 else ""
    return FAIL, "; ".join(s.describe() for s in found[:3]) + more


def check_long_transactions(plan: Plan) -> tuple[str, str]:
    from tui.pg.activity import long_transactions

    found = _on_target(plan, lambda conn: long_transactions(conn, LONG_TRANSACTION_S))
    return _sessions(found, f"no transaction open longer than {LONG_TRANSACTION_S} s.")


def check_lock_waiters(plan: Plan) -> tuple[str, str]:
    from tui.pg.activity import lock_waiters

    return _sessions(_on_target(plan, lock_waiters), "no session waiting for a lock.")


def check_replication(plan: Plan) -> tuple[str, str]:
    from tui.pg.activity import replication_lag

    replicas = _on_target(plan, replication_lag)
    if not replicas:
        return SKIP, "no streaming replicas visible."
    worst = max((lag or 0.0) for _, lag in replicas)
    text = ", ".join(f"{name} {lag:.1f} s" if lag is not None else f"{name} unknown" for name, lag in replicas)
    return (WARN if worst > REPLICATION_LAG_S else PASS), f"replay lag: {text}."


# (id, title, blocking, check) in display order
MACHINE_CHECKS: tuple[tuple[str, str, bool, Check], ...] = (
    ("previous-env", "Applied on the previous environment first", True, check_previous),
    ("review", "Review verdict", False, check_review),
    ("rollback", "Rollback present", False, check_rollback),
    ("smoke-configured", "Smoke checks configured", False, check_smoke),
    ("backup-space", "Backup folder writable, enough space", True, check_backup_space),
    ("long-transactions", "No long-running transactions on the target", True, check_long_transactions),
    ("lock-waiters", "No sessions waiting for locks on the target", True, check_lock_waiters),
    ("replication-lag", "Replication lag", False, check_replication),
)
MANUAL_ITEMS = (
    ("low-traffic", "A low-traffic window"),
    ("teammate", "A teammate is available while this runs"),
)


def run_check(item_id: str, plan: Plan) -> tuple[str, str]:
    """Run one machine check; a problem reaching the server is a failed check, never an exception."""
    for cid, _, _, fn in MACHINE_CHECKS:
        if cid == item_id:
            try:
                return fn(plan)
            except DriftdeckError as err:
                return FAIL, str(err)
    raise KeyError(item_id)


@dataclass
class Checklist:
    """The checklist of one plan; items in display order (machine, then manual)."""

    plan: Plan
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def protected(self) -> bool:
        return self.plan.env.protected

    def item(self, item_id: str) -> ChecklistItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise DriftdeckError(f"no checklist item {item_id} (known: {', '.join(i.id for i in self.items)}).")

    def _put(self, item: ChecklistItem) -> ChecklistItem:
        self.items = [item if i.id == item.id else i for i in self.items]
        return item

    def recheck(self, item_id: str) -> ChecklistItem:
        """Run a machine item again (the wizard's "re-check")."""
        it = self.item(item_id)
        if it.kind != MACHINE:
            return it
        state, evidence = run_check(item_id, self.plan)
        return self._put(replace(it, state=state, evidence=evidence, at=datetime.now(timezone.utc)))

    def confirm(self, item_id: str, by: str, reason: str | None = None) -> ChecklistItem:
        """A person confirms a manual item (a finding needs a reason)."""
        it = self.item(item_id)
        if it.kind != MANUAL:
            raise DriftdeckError(f"{item_id} is checked by driftdeck, not confirmed by a person.")
        if it.rule and not (reason or "").strip():
            raise DriftdeckError(f"acknowledging {it.rule} needs a reason (--ack {it.rule}=REASON).")
        return self._put(replace(it, state=CONFIRMED, by=by, at=datetime.now(timezone.utc), reason=reason))

    def acknowledge(self, rule: str, reason: str, by: str) -> list[ChecklistItem]:
        """Acknowledge every HIGH finding of ``rule`` with ``reason``; an unknown rule is an error."""
        items = [i for i in self.items if i.rule == rule]
        if not items:
            rules = sorted({i.rule for i in self.items if i.rule})
            known = f" (HIGH findings in this plan: {', '.join(rules)})" if rules else " (this plan has no HIGH findings)"
            raise DriftdeckError(f"--ack {rule}: no HIGH finding of that rule in the plan{known}.")
        return [self.confirm(i.id, by, reason) for i in items]

    def confirm_all_manual(self, by: str, reason: str = "confirmed with --yes") -> list[ChecklistItem]:
        """``--yes``: confirm every manual item still pending (findings get ``reason``)."""
        return [self.confirm(i.id, by, reason if i.rule else None) for i in self.items if i.kind == MANUAL and i.state == PENDING]

    @property
    def unmet(self) -> list[ChecklistItem]:
        """Blocking items neither passed nor confirmed (what stops a protected apply)."""
        return [i for i in self.items if i.blocking and not i.satisfied]

    @property
    def ready(self) -> bool:
        """True when apply may go on: every blocking item on a protected environment; always elsewhere."""
        return not self.unmet if self.protected else True

    def refusal(self) -> str | None:
        """One sentence naming what is missing, or None when ready."""
        if self.ready:
            return None
        unmet = self.unmet
        names = ", ".join(f"{i.title.lower()} ({i.id}: {i.state})" for i in unmet[:4]) + ("…" if len(unmet) > 4 else "")
        hint = ""
        if any(i.kind == MANUAL and i.rule for i in unmet):
            hint = "; acknowledge findings with --ack RULE=REASON"
        if any(i.kind == MANUAL and not i.rule for i in unmet):
            hint += "; confirm the manual items with --yes"
        return f"the checklist for {self.plan.env.name} is not complete: {names}{hint}."

    def to_dict(self) -> dict:
        return {
            "environment": self.plan.env.name,
            "protected": self.protected,
            "ready": self.ready,
            "items": [i.to_dict() for i in self.items],
        }


def finding_items(plan: Plan) -> list[ChecklistItem]:
    out = []
    for p, f in plan.high_findings:
        out.append(ChecklistItem(
            id=f"finding:{p.id}:{f.rule}:{f.line}",
            title=f"Acknowledge {f.rule} in {p.migration.label} line {f.line}",
            kind=MANUAL, blocking=True, state=PENDING, evidence=f.title, rule=f.rule,
        ))
    return out


def build_checklist(plan: Plan, *, on_item: Callable[[ChecklistItem], None] | None = None) -> Checklist:
    """Run every machine check against the plan's environment and list the manual items.

    ``on_item`` is called with each item as soon as it is known (the wizard shows them one by one).
    """
    items: list[ChecklistItem] = []
    now = datetime.now(timezone.utc)
    for cid, title, blocking, _ in MACHINE_CHECKS:
        state, evidence = run_check(cid, plan)
        item = ChecklistItem(cid, title, MACHINE, blocking, state, evidence, at=now)
        items.append(item)
        if on_item:
            on_item(item)
    for mid, title in MANUAL_ITEMS:
        item = ChecklistItem(mid, title, MANUAL, True, PENDING)
        items.append(item)
        if on_item:
            on_item(item)
    for item in finding_items(plan):
        items.append(item)
        if on_item:
            on_item(item)
    return Checklist(plan, items)


def parse_acks(values) -> list[tuple[str, str]]:
    """``--ack RULE=REASON`` values → (rule, reason); a missing reason is an error."""
    out = []
    for v in values or ():
        rule, sep, reason = v.partition("=")
        if not sep or not rule.strip() or not reason.strip():
            raise DriftdeckError(f"--ack {v}: write it as --ack RULE=REASON (a reason is required).")
        out.append((rule.strip(), reason.strip()))
    return out
