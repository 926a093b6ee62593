"""The environment overview: host (masked), version, reachable or why not, protected, pending, last apply.

``overview(project, progress, cancelled) -> list[EnvInfo]`` probes every environment in
parallel (read-only, short timeout) and, where reachable, reads which migrations are pending
and when the last one was applied (the newest of driftdeck's audit log, ``.driftdeck/audit.jsonl``,
and the environment's history table). Never raises for an unreachable environment: its
``problem`` says why in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlsplit

from tui.errors import DriftdeckError
from tui.pg.connect import is_url
from tui.workflows.hooks import Cancelled, Progress, check, never_cancelled, no_progress


@dataclass(frozen=True)
class LastApply:
    """The most recent migration recorded as applied in an environment."""

    migration: str
    at: datetime | None
    by: str | None
    source: str = "history"  # "audit" (.driftdeck/audit.jsonl) or "history" (the history table / log)


@dataclass(frozen=True)
class EnvInfo:
    name: str
    url: str  # masked
    host: str  # masked, short: host:port/db or "local socket/db"
    protected: bool
    reachable: bool
    version: str | None
    problem: str | None
    pending: int | None = None  # None: not known (no folder, or unreachable)
    last_apply: LastApply | None = None


def host_label(url: str) -> str:
    """A short, password-free place for a URL: ``db.example.com:5432/app`` or ``local socket/app``."""
    if not is_url(url):
        return url  # "$VAR (not set)"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "?"
    db = parts.path.lstrip("/")
    host = parts.hostname or ""
    query_host = dict(parse_qsl(parts.query)).get("host", "")
    if not host and (not query_host or query_host.startswith("/")):
        place = "local socket"
    else:
        place = host or query_host
        if parts.port:
            place += f":{parts.port}"
    return f"{place}/{db}" if db else place


def _history(project) -> dict:
    from tui.migrations import status_matrix

    try:
        matrix = status_matrix(project)
    except DriftdeckError:
        return {}
    return {e.env: e for e in matrix.envs}


def _last_apply(status) -> LastApply | None:
    best = None
    for key, cell in status.cells.items():
        if cell.is_applied and cell.applied_at and (best is None or cell.applied_at > best[1].applied_at):
            best = (key, cell)
    if best is None:
        return None
    return LastApply(best[0], best[1].applied_at, best[1].applied_by)


def _audited(project) -> dict[str, LastApply]:
    """The newest successful apply per environment in ``.driftdeck/audit.jsonl`` (none when unreadable)."""
    try:
        from tui.apply.audit import APPLIED, read_entries, who_label
    except ImportError:
        return {}
    try:
        entries, _ = read_entries(project)
    except DriftdeckError:
        return {}
    out: dict[str, LastApply] = {}
    for e in entries:  # oldest first: the newest wins
        if e.get("kind") != "apply" or e.get("outcome") != APPLIED or not e.get("environment"):
            continue
        try:
            at = datetime.fromisoformat(e.get("finished_at") or e.get("started_at") or "")
        except ValueError:
            at = None
        migrations = e.get("migrations") or [""]
        who = e.get("who") or {}
        out[e["environment"]] = LastApply(str(migrations[-1]), at, who_label(who) if who.get("user") else None, "audit")
    return out


def _newest(*candidates: LastApply | None) -> LastApply | None:
    known = [c for c in candidates if c is not None]
    dated = [c for c in known if c.at is not None]
    if dated:
        return max(dated, key=lambda c: c.at if c.at.tzinfo else c.at.replace(tzinfo=timezone.utc))
    return known[0] if known else None


def overview(project, progress: Progress = no_progress, cancelled: Cancelled = never_cancelled,
             *, timeout: int = 5) -> list[EnvInfo]:
    """Every environment of ``project`` in promotion order (see the module docstring)."""
    from tui.pg.health import check_envs

    progress("checking the environments…")
    statuses = check_envs(project.environments, timeout=timeout)
    check(cancelled)
    history = _history(project) if any(s.reachable for s in statuses) else {}
    audited = _audited(project)
    check(cancelled)
    out = []
    for env, s in zip(project.environments, statuses):
        h = history.get(s.name)
        out.append(EnvInfo(
            s.name, s.url, host_label(env.display_url), s.protected, s.reachable, s.version, s.problem,
            len(h.pending) if h is not None and h.reachable else None,
            _newest(audited.get(s.name), _last_apply(h) if h is not None and h.reachable else None),
        ))
    return out
