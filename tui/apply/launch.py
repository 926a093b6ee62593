"""The pre-launch checklist: the team's weeks-before-launch timeline as items, kept in ``.driftdeck/launch.json``.

Items are data (:data:`ITEMS`): week −4 schema freeze, week −3 final sync, week −2 data
migrations, week −1 final verification, launch day. Each is either checked by the machine
(:data:`CHECKS`: a function of the project and the shared facts read once per run, returning a
state and its evidence) or ticked by a person (who and when). Machine results are kept with
when they were last checked, so the next run — or a teammate after ``git pull`` — sees the
same state; ``driftdeck checklist --launch`` and the console's "Launch checklist" both use
:func:`check` / :func:`tick` / :func:`set_freeze_date`.

``launch.json`` is pretty-printed with sorted keys (one fact per line, diff-friendly) and
written atomically (:func:`tui.files.write_atomic`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from tui.errors import DriftdeckError
from tui.words import when_text

FORMAT = 1
MACHINE, MANUAL = "machine", "manual"
PASS, FAIL, PENDING, CONFIRMED = "pass", "fail", "pending", "confirmed"
RECENT_BACKUP_DAYS = 7
RECENT_RESTORE_DAYS = 30
ROLLBACK_LAST = 3  # the last N migrations need a down part


@dataclass(frozen=True)
class LaunchItem:
    id: str
    week: str
    title: str
    kind: str  # machine | manual
    state: str = PENDING  # pass | fail | pending (machine not yet checked / manual not ticked) | confirmed
    evidence: str = ""
    checked_at: str | None = None  # machine: when last checked (UTC, ISO)
    by: str | None = None  # manual: who ticked it
    at: str | None = None  # manual: when

    @property
    def holds(self) -> bool:
        return self.state in (PASS, CONFIRMED)

    def note(self) -> str:
        """Its evidence and when it was checked, or who ticked it and when."""
        if self.kind == MANUAL:
            return f"ticked by {self.by} at {when_text(self.at)}" if self.state == CONFIRMED else "to be ticked by a person"
        if self.checked_at is None:
            return "not checked yet"
        return f"{self.evidence} (checked {when_text(self.checked_at)})"

    def to_dict(self) -> dict:
        keep = {"state": self.state}
        if self.kind == MACHINE:
            keep.update(evidence=self.evidence, checked_at=self.checked_at)
        elif self.state == CONFIRMED:
            keep.update(by=self.by, at=self.at)
        return keep


# (id, week, title, kind) in the order of the timeline
ITEMS = (
    ("schema-freeze", "week −4", "Schema freeze: no migration added after the freeze date", MACHINE),
    ("prod-up-to-date", "week −3", "Final sync: every migration applied to the last environment", MACHINE),
    ("schema-parity", "week −3", "Schema parity between every environment", MACHINE),
    ("backfills-applied", "week −2", "Data migrations: backfills applied", MANUAL),
    ("no-not-valid", "week −2", "No constraint left NOT VALID", MACHINE),
    ("smoke-passes", "week −1", "Smoke checks pass on the last environment", MACHINE),
    ("recent-backup", "week −1", f"A verified backup of the last environment, less than {RECENT_BACKUP_DAYS} days old", MACHINE),
    ("rollback-plan", "week −1", f"A rollback (down part) for the last {ROLLBACK_LAST} migrations", MACHINE),
    ("restore-rehearsed", "week −1", f"A restore rehearsed in the last {RECENT_RESTORE_DAYS} days", MACHINE),
    ("nothing-pending", "launch day", "Nothing pending in any environment", MACHINE),
    ("no-invalid-indexes", "launch day", "No INVALID index", MACHINE),
    ("critical-tables", "launch day", "Critical tables present with their indexes", MACHINE),
)


@dataclass
class LaunchState:
    freeze_date: date | None = None
    items: list[LaunchItem] = field(default_factory=list)

    def item(self, item_id: str) -> LaunchItem:
        for it in self.items:
            if it.id == item_id:
                return it
        raise DriftdeckError(f"no launch item {item_id} (known: {', '.join(i.id for i in self.items)}).")

    def put(self, item: LaunchItem) -> None:
        self.items = [item if i.id == item.id else i for i in self.items]

    @property
    def open_items(self) -> list[LaunchItem]:
        return [i for i in self.items if not i.holds]

    @property
    def ready(self) -> bool:
        return not self.open_items

    def to_dict(self) -> dict:
        return {"format": FORMAT, "freeze_date": self.freeze_date.isoformat() if self.freeze_date else None,
                "items": {i.id: i.to_dict() for i in self.items}}


def launch_path(project) -> Path:
    return Path(project.root) / ".driftdeck" / "launch.json"


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load(project) -> LaunchState:
    """The saved state (every item of :data:`ITEMS`, pending where nothing is saved)."""
    path = launch_path(project)
    saved: dict = {}
    if path.exists():
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise DriftdeckError(f"{path} cannot be read ({err}); fix or delete it.") from None
    freeze = saved.get("freeze_date")
    state = LaunchState(freeze_date=date.fromisoformat(freeze) if freeze else None)
    stored = saved.get("items") or {}
    for item_id, week, title, kind in ITEMS:
        s = stored.get(item_id) or {}
        state.items.append(LaunchItem(item_id, week, title, kind, state=s.get("state", PENDING),
                                      evidence=s.get("evidence", ""), checked_at=s.get("checked_at"),
                                      by=s.get("by"), at=s.get("at")))
    return state


def save(project, state: LaunchState) -> Path:
    from tui.files import write_atomic

    path = launch_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(state.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def tick(project, item_id: str, by: str, *, done: bool = True) -> LaunchState:
    """A person ticks (or unticks) a manual item; saved at once."""
    state = load(project)
    it = state.item(item_id)
    if it.kind != MANUAL:
        raise DriftdeckError(f"{it.title} is checked by driftdeck, not ticked by a person.")
    state.put(replace(it, state=CONFIRMED, by=by, at=now_text()) if done else replace(it, state=PENDING, by=None, at=None))
    save(project, state)
    return state


def set_freeze_date(project, when: date | None) -> LaunchState:
    state = load(project)
    state.freeze_date = when
    save(project, state)
    return state


# ------------------------------------------------------------------ machine checks

@dataclass
class Facts:
    """What several checks share, read once per run (lazily)."""

    project: object
    _cache: dict = field(default_factory=dict)

    def get(self, key: str, make: Callable[[], object]):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def last_env(self):
        envs = self.project.environments
        if not envs:
            raise DriftdeckError("the project has no environments.")
        return envs[-1]

    @property
    def folder(self):
        from tui.migrations.layouts import load_folder

        return self.get("folder", lambda: load_folder(self.project))

    def status(self, env):
        from tui.migrations.status import environment_status

        return self.get(f"status:{env.name}", lambda: environment_status(self.project, env, self.folder))

    @property
    def smoke(self):
        from tui.apply.smoke import run_smoke

        return self.get("smoke", lambda: run_smoke(self.project, self.last_env, schema=False))

    def smoke_result(self, prefix: str):
        return [r for r in self.smoke.results if r.check == prefix or r.check.startswith(prefix + ":")]


def migration_date(m) -> date | None:
    """The date in a migration's version (YYYYMMDD…), else None."""
    digits = "".join(ch for ch in (m.version or m.id or "")[:8])
    try:
        return datetime.strptime(digits, "%Y%m%d").date() if len(digits) == 8 and digits.isdigit() else None
    except ValueError:
        return None


def check_freeze(facts: Facts, state: LaunchState) -> tuple[str, str]:
    if state.freeze_date is None:
        return PENDING, "no freeze date set yet (console: d; CLI: --freeze-date YYYY-MM-DD)."
    late, undated = [], []
    for m in facts.folder.migrations:
        when = migration_date(m)
        if when is None:
            when = datetime.fromtimestamp(m.path.stat().st_mtime, timezone.utc).date()
            undated.append(m.label)
        if when > state.freeze_date:
            late.append(m.label)
    if late:
        return FAIL, f"added after {state.freeze_date}: {', '.join(late[:4])}{'…' if len(late) > 4 else ''}."
    note = f" ({len(undated)} dated by file time)" if undated else ""
    return PASS, f"no migration after {state.freeze_date}{note}."


def check_prod_synced(facts: Facts, state) -> tuple[str, str]:
    env = facts.last_env
    st = facts.status(env)
    if not st.reachable:
        return FAIL, st.problem or f"{env.name} cannot be read."
    if st.pending:
        return FAIL, f"{len(st.pending)} pending on {env.name}: {', '.join(m.label for m in st.pending[:3])}."
    return PASS, f"{env.name} has every migration of the folder."


def check_parity(facts: Facts, state) -> tuple[str, str]:
    from tui.workflows.drift import compare, resolve_pair

    envs = list(facts.project.environments)
    if len(envs) < 2:
        return PASS, "only one environment."
    diffs = []
    for a, b in zip(envs, envs[1:]):
        source, target = resolve_pair(facts.project, a.name, b.name)
        drift = compare(source, target)
        n = len(drift.changes)
        if n:
            diffs.append(f"{a.name} → {b.name}: {n} difference(s)")
    if diffs:
        return FAIL, "; ".join(diffs) + "."
    return PASS, " = ".join(e.name for e in envs) + ": same schema."


def _smoke_item(prefix: str, none_text: str):
    def check(facts: Facts, state) -> tuple[str, str]:
        results = facts.smoke_result(prefix)
        if not results:
            return PASS, none_text
        bad = [r for r in results if r.status == "fail"]
        if bad:
            return FAIL, "; ".join(f"{r.check}: {r.found}" + (f" ({r.detail})" if r.detail else "") for r in bad) + "."
        return PASS, "; ".join(f"{r.check}: {r.found}" for r in results) + f" on {facts.last_env.name}."
    return check


def check_smoke(facts: Facts, state) -> tuple[str, str]:
    report = facts.smoke
    if report.passed:
        return PASS, f"{facts.last_env.name}: {report.summary()}."
    return FAIL, f"{facts.last_env.name}: failed {', '.join(r.check for r in report.failures)}."


def _audit_entries(facts: Facts, env_name: str | None = None) -> list[dict]:
    from tui.apply.audit import read_entries

    return facts.get(f"audit:{env_name}", lambda: read_entries(facts.project, env_name)[0])


def _age_days(entry: dict) -> float | None:
    try:
        when = datetime.fromisoformat(entry.get("finished_at") or entry.get("started_at"))
    except (TypeError, ValueError):
        return None
    return (datetime.now(timezone.utc) - when).total_seconds() / 86400


def check_backup(facts: Facts, state) -> tuple[str, str]:
    env = facts.last_env
    for e in reversed(_audit_entries(facts, env.name)):
        ok = any(s.get("step") == "backup" and s.get("status") == "ok" for s in e.get("steps") or ())
        if e.get("backup") and ok and Path(e["backup"]).exists():
            age = _age_days(e)
            if age is not None and age <= RECENT_BACKUP_DAYS:
                return PASS, f"{e['backup']} (verified, {age:.1f} days old)."
            return FAIL, f"the newest verified backup of {env.name} is {age:.0f} days old: `driftdeck backup {env.name}`."
    return FAIL, f"no verified backup of {env.name} on record: `driftdeck backup {env.name}`."


def check_rollback(facts: Facts, state) -> tuple[str, str]:
    from tui.apply.plan import has_rollback

    last = [m for m in facts.folder.migrations if not m.repeatable][-ROLLBACK_LAST:]
    without = [m.label for m in last if not has_rollback(m)]
    if without:
        return FAIL, f"no down part: {', '.join(without)} (the way back would be restoring a backup)."
    return PASS, f"the last {len(last)} migration(s) have a down part."


def check_restore(facts: Facts, state) -> tuple[str, str]:
    for e in reversed(_audit_entries(facts)):
        if e.get("kind") == "restore" and e.get("outcome") in ("applied", "restored"):
            age = _age_days(e)
            if age is not None and age <= RECENT_RESTORE_DAYS:
                return PASS, f"{e['environment']} restored from {Path(e.get('backup') or '?').name}, {age:.1f} days ago."
    return FAIL, (f"no restore in the last {RECENT_RESTORE_DAYS} days: rehearse one on a non-production environment"
                  " (`driftdeck restore ENV BACKUP`).")


def check_nothing_pending(facts: Facts, state) -> tuple[str, str]:
    out = []
    for env in facts.project.environments:
        st = facts.status(env)
        if not st.reachable:
            out.append(f"{env.name} unreachable")
        elif st.pending:
            out.append(f"{env.name} {len(st.pending)} pending")
    if out:
        return FAIL, "; ".join(out) + "."
    return PASS, "every environment has every migration."


CHECKS: dict[str, Callable[[Facts, LaunchState], tuple[str, str]]] = {
    "schema-freeze": check_freeze,
    "prod-up-to-date": check_prod_synced,
    "schema-parity": check_parity,
    "no-not-valid": _smoke_item("not-valid-constraints", "no constraint check ran."),
    "smoke-passes": check_smoke,
    "recent-backup": check_backup,
    "rollback-plan": check_rollback,
    "restore-rehearsed": check_restore,
    "nothing-pending": check_nothing_pending,
    "no-invalid-indexes": _smoke_item("invalid-indexes", "no index check ran."),
    "critical-tables": _smoke_item("critical", "no [critical] tables configured."),
}


def check(project, *, on_item: Callable[[LaunchItem], None] | None = None, cancel=None) -> LaunchState:
    """Run every machine check now (a problem reaching a server fails that item with its sentence),
    keep the results with the time, save and return the state. Ticks made meanwhile are kept: the
    results are merged into the file as it is when the checks end."""
    from tui.apply.cancel import check_cancel

    state = load(project)
    facts = Facts(project)
    results = []
    for it in list(state.items):
        if it.kind != MACHINE:
            continue
        check_cancel(cancel, "the launch checklist")
        try:
            result, evidence = CHECKS[it.id](facts, state)
        except DriftdeckError as err:
            result, evidence = FAIL, str(err)
        new = replace(it, state=result, evidence=evidence, checked_at=now_text())
        results.append(new)
        if on_item:
            on_item(new)
    state = load(project)
    for new in results:
        state.put(new)
    save(project, state)
    return state


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DriftdeckError(f"{text!r} is not a date: write it as YYYY-MM-DD.") from None

