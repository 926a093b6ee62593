"""Smoke checks: is the database healthy after an apply (or right now, with ``driftdeck smoke ENV``)?

Each check is a :class:`SmokeResult` — ``check``, ``expected``, ``found``, ``status``
(``pass``/``fail``/``warn``/``skip``) and ``detail`` — in this order:

- ``invalid-indexes``: no index left INVALID (a failed CREATE INDEX CONCURRENTLY);
- ``not-valid-constraints``: no constraint left NOT VALID;
- ``critical:<table>``: each ``[critical]`` table is present with its indexes, all valid (and,
  when a :class:`Baseline` was taken before the apply, every index it had then);
- ``row-counts``: the rows of every table before and after; fewer rows is a failure for a
  critical table and a warning for the others (counts are exact up to a million estimated rows);
- ``schema``: the objects the apply changed (the drift between the before and after snapshots,
  down to columns, constraints and indexes) now equal the previous environment's. Without a
  baseline, the changes recorded by the last apply run in the audit log are used. Skipped when
  the previous environment has not applied those migrations; differences that later
  migrations of the previous environment may explain are a warning, not a failure;
- ``latency``: the best of five ``select 1`` round trips (a warning above 250 ms);
- ``smoke:<name>``: each ``[[smoke]]`` query of the project, run in a read-only transaction
  that is rolled back; it passes when its first column of the first row is true (non-zero,
  non-empty). On a rehearsal copy without data a false result is only a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typing import Callable

from tui.apply.cancel import check_cancel
from tui.config import Environment, Project
from tui.errors import DriftdeckError
from tui.pg.connect import connect

PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"
LATENCY_WARN_MS = 250.0


@dataclass(frozen=True)
class SmokeResult:
    check: str
    expected: str
    found: str
    status: str  # pass | fail | warn | skip
    detail: str = ""

    def to_dict(self) -> dict:
        return {"check": self.check, "expected": self.expected, "found": self.found, "status": self.status,
                "detail": self.detail}


@dataclass
class Baseline:
    """What the target looked like before the apply: row counts, its catalog, critical tables' indexes."""

    row_counts: dict[str, tuple[int, bool]] = field(default_factory=dict)
    catalog: object = None  # tui.schema.model.Catalog
    indexes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SmokeReport:
    environment: str
    results: list[SmokeResult] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # drift keys the apply changed (kept in the audit log)
    where: str = ""  # "" (the environment) or "rehearsal copy"

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def failures(self) -> list[SmokeResult]:
        return [r for r in self.results if r.status == FAIL]

    def summary(self) -> str:
        counts = {s: sum(1 for r in self.results if r.status == s) for s in (PASS, WARN, FAIL, SKIP)}
        text = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        return f"{len(self.results)} checks: {text}" if self.results else "no checks ran"

    def to_dict(self) -> dict:
        return {"environment": self.environment, "where": self.where or "environment", "passed": self.passed,
                "results": [r.to_dict() for r in self.results], "changed": list(self.changed)}


def _snapshot(url: str, label: str):
    from tui.pg.catalog import snapshot

    return snapshot(url, label=label, read_only=True)


def take_baseline(project: Project, url: str, label: str, *, catalog: bool = True) -> Baseline:
    """Row counts, catalog and critical tables' indexes of the database at ``url`` (read-only)."""
    from tui.pg.smoke_queries import row_counts, table_indexes

    base = Baseline()
    with connect(url, label=label, read_only=True) as conn:
        base.row_counts = row_counts(conn)
        for t in project.critical_tables:
            got = table_indexes(conn, t)
            if got is not None:
                base.indexes[t] = [name for name, _ in got[1]]
    if catalog:
        base.catalog = _snapshot(url, label)
    return base


def previous_env(project: Project, env: Environment) -> Environment | None:
    envs = list(project.environments)
    for i, e in enumerate(envs):
        if e.name == env.name:
            return envs[i - 1] if i > 0 else None
    return None


# ------------------------------------------------------------------ the checks

def _invalid_indexes(conn) -> SmokeResult:
    from tui.pg.locks import invalid_indexes

    bad = sorted(invalid_indexes(conn))
    return SmokeResult("invalid-indexes", "no INVALID index", ", ".join(bad) if bad else "none",
                       FAIL if bad else PASS, "drop and rebuild them (DROP INDEX CONCURRENTLY, then CREATE INDEX CONCURRENTLY)" if bad else "")


def _not_valid(conn) -> SmokeResult:
    from tui.pg.smoke_queries import not_valid_constraints

    bad = not_valid_constraints(conn)
    return SmokeResult("not-valid-constraints", "no constraint NOT VALID", ", ".join(bad) if bad else "none",
                       FAIL if bad else PASS, "run ALTER TABLE … VALIDATE CONSTRAINT" if bad else "")


def _critical(conn, project: Project, baseline: Baseline | None) -> list[SmokeResult]:
    from tui.pg.smoke_queries import table_indexes

    out = []
    for t in project.critical_tables:
        got = table_indexes(conn, t)
        if got is None:
            out.append(SmokeResult(f"critical:{t}", "table present", "missing", FAIL))
            continue
        names = {n for n, _ in got[1]}
        invalid = sorted(n for n, ok in got[1] if not ok)
        wanted = set(baseline.indexes.get(t, ())) if baseline is not None else set()
        missing = sorted(wanted - names)
        found = f"present, {len(names)} index(es)" + (f"; missing {', '.join(missing)}" if missing else "") + (
            f"; INVALID {', '.join(invalid)}" if invalid else "")
        expected = f"present with its {len(wanted)} index(es) from before the apply" if wanted else "present, indexes valid"
        out.append(SmokeResult(f"critical:{t}", expected, found, FAIL if missing or invalid else PASS))
    return out


def _row_counts(conn, project: Project, baseline: Baseline | None) -> SmokeResult:
    from tui.pg.smoke_queries import row_counts

    now = row_counts(conn)
    total = sum(n for n, _ in now.values())
    if baseline is None or not baseline.row_counts:
        return SmokeResult("row-counts", "recorded", f"{len(now)} tables, {total} rows", PASS,
                           "no count from before an apply to compare with")
    critical = {t if "." in t else f"public.{t}" for t in project.critical_tables}
    drops, fail = [], False
    for table, (before, _) in baseline.row_counts.items():
        after = now.get(table, (None, True))[0]
        if after is None:
            drops.append(f"{table} gone ({before} rows before)")
            fail = fail or table in critical
        elif after < before:
            drops.append(f"{table} {before} → {after}")
            fail = fail or table in critical
    if not drops:
        return SmokeResult("row-counts", "no table lost rows", f"{len(now)} tables, {total} rows, none fewer", PASS)
    return SmokeResult("row-counts", "no table lost rows", "; ".join(drops), FAIL if fail else WARN,
                       "a critical table lost rows" if fail else "check the drop was intended")


def changed_keys(before, after) -> list[str]:
    """Drift keys (objects and their parts) that differ between two snapshots of one database."""
    from tui.schema.diff import diff

    out: list[str] = []
    for change in diff(after, before).changes:
        for node in change.walk():
            if not node.parts:
                out.append(node.key)
    return out


def _related(key: str, changed: list[str]) -> bool:
    return any(key == k or key.startswith(k + "/") or k.startswith(key + "/") for k in changed)


def _schema(project: Project, env: Environment, after, prev_catalog, changed: list[str] | None,
            later: list[str], missing: list[str]) -> SmokeResult:
    from tui.schema.diff import diff

    prev = previous_env(project, env)
    if prev is None:
        return SmokeResult("schema", "same as the previous environment", "no previous environment", SKIP)
    if changed is None:
        return SmokeResult("schema", f"changes equal to {prev.name}", "no apply recorded to compare", SKIP,
                           f"runs after `driftdeck apply {env.name}`")
    if not changed:
        return SmokeResult("schema", f"changes equal to {prev.name}", "the apply changed no schema object", PASS)
    if missing:
        return SmokeResult("schema", f"changes equal to {prev.name}", f"{prev.name} has not applied {', '.join(missing[:3])}",
                           SKIP, "nothing to compare with")
    if prev_catalog is None:
        return SmokeResult("schema", f"changes equal to {prev.name}", f"{prev.name} could not be read", WARN)
    differ = []
    for change in diff(prev_catalog, after).changes:
        for node in change.walk():
            if not node.parts and _related(node.key, changed):
                differ.append(node.key)
    what = f"{len(changed)} changed object(s)/part(s)"
    if not differ:
        return SmokeResult("schema", f"changes equal to {prev.name}", f"{what}: all equal", PASS)
    listed = ", ".join(differ[:5]) + ("…" if len(differ) > 5 else "")
    if later:
        return SmokeResult("schema", f"changes equal to {prev.name}", f"differs: {listed}", WARN,
                           f"{prev.name} also has later migrations ({', '.join(later[:3])}) that may explain it")
    return SmokeResult("schema", f"changes equal to {prev.name}", f"differs: {listed}", FAIL,
                       f"`driftdeck drift {prev.name} {env.name}` shows the differences")


def _latency(conn) -> SmokeResult:
    from tui.pg.activity import latency_ms

    ms = latency_ms(conn)
    return SmokeResult("latency", f"select 1 under {LATENCY_WARN_MS:.0f} ms", f"{ms:.1f} ms",
                       PASS if ms < LATENCY_WARN_MS else WARN)


def _project_checks(conn, project: Project, env: Environment, has_data: bool) -> list[SmokeResult]:
    import psycopg

    from tui.pg.smoke_queries import run_check_sql

    out = []
    for check in project.smoke:
        if check.env not in (None, env.name):
            continue
        name = f"smoke:{check.name}"
        try:
            value = run_check_sql(conn, check.sql)
        except psycopg.Error as err:
            diag = getattr(err, "diag", None)
            msg = diag.message_primary if diag is not None and diag.message_primary else str(err).splitlines()[0]
            out.append(SmokeResult(name, "true", f"error: {msg}", FAIL))
            continue
        ok = bool(value) and value not in ("f", "false")
        status = PASS if ok else (FAIL if has_data else WARN)
        out.append(SmokeResult(name, "true", "no row" if value is None else str(value), status,
                               "" if ok or has_data else "a copy without data"))
    return out


def last_recorded_changes(project: Project, env: Environment) -> tuple[list[str] | None, list[str]]:
    """The changed keys and migrations of the last successful apply to ``env`` in the audit log."""
    from tui.apply.audit import read_entries

    entries, _ = read_entries(project, env.name)
    for e in reversed(entries):
        if e.get("kind") == "apply" and e.get("outcome") == "applied":
            return e.get("changed"), list(e.get("migrations") or [])
    return None, []


def previous_state(project: Project, env: Environment, applied_ids: list[str]) -> tuple[list[str], list[str]]:
    """(migrations the previous environment applied after the last of ``applied_ids``, those of
    ``applied_ids`` it has not applied)."""
    from tui.migrations.layouts import load_folder
    from tui.migrations.status import environment_status

    prev = previous_env(project, env)
    if prev is None or not applied_ids:
        return [], []
    folder = load_folder(project)
    index = folder.index()
    last = max((index[i] for i in applied_ids if i in index), default=-1)
    status = environment_status(project, prev, folder)
    if not status.reachable:
        return [], []

    def done(key: str) -> bool:
        return bool(status.cells.get(key) and status.cells[key].is_applied)

    later = [m.id for m in folder.migrations[last + 1:] if done(m.id)]
    return later, [i for i in applied_ids if not done(i)]


def run_smoke(
    project: Project,
    env: Environment | str,
    *,
    url: str | None = None,
    baseline: Baseline | None = None,
    applied: list[str] | None = None,
    has_data: bool = True,
    where: str = "",
    schema: bool = True,
    on_result: Callable[[SmokeResult], None] | None = None,
    cancel=None,
) -> SmokeReport:
    """Run every smoke check on ``env`` (or on ``url``, a rehearsal copy of it); never writes.

    ``baseline`` is what the database looked like before an apply and ``applied`` the ids that
    apply ran: together they scope the row-count and schema checks. ``has_data`` False (a
    schema-only rehearsal copy) makes a false ``[[smoke]]`` result a warning; ``schema`` False
    leaves the schema check out (after a rollback the environment is meant to differ). ``on_result`` is
    called with each result as it comes (the wizard shows them one by one); ``cancel`` (a
    :class:`~tui.apply.events.CancelToken`) stops between checks.
    """
    env = project.env(env) if isinstance(env, str) else env
    url = url or env.url
    label = f"environment {env.name}" + (f" ({where})" if where else "")
    report = SmokeReport(env.name, where=where)

    def emit(result: SmokeResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    prev = previous_env(project, env)
    prev_catalog = None
    if prev is not None and schema:
        try:
            prev_catalog = _snapshot(prev.url, f"environment {prev.name}")
        except DriftdeckError:
            prev_catalog = None
    check_cancel(cancel, "smoke")
    with connect(url, label=label, read_only=True) as conn:
        emit(_invalid_indexes(conn))
        emit(_not_valid(conn))
        for r in _critical(conn, project, baseline):
            emit(r)
        check_cancel(cancel, "smoke")
        emit(_row_counts(conn, project, baseline))
        check_cancel(cancel, "smoke")
        if schema:
            after = _snapshot(url, label)
            if baseline is not None and baseline.catalog is not None:
                changed = changed_keys(baseline.catalog, after)
                ids = list(applied or [])
            else:
                changed, ids = last_recorded_changes(project, env) if not where else (None, [])
            report.changed = list(changed or [])
            try:
                later, missing = previous_state(project, env, ids)
            except DriftdeckError:
                later, missing = [], []
            emit(_schema(project, env, after, prev_catalog, changed, later, missing))
        emit(_latency(conn))
        check_cancel(cancel, "smoke")
        for r in _project_checks(conn, project, env, has_data):
            emit(r)
    return report
