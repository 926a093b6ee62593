"""The audit log: one JSON line per apply, rollback or restore run in ``.driftdeck/audit.jsonl``.

Each line is one :class:`AuditEntry` (``to_dict`` is the format, documented in docs/apply.md):
who ran it (OS user and ``git config user.email`` when available), when, the environment,
the migrations, the backup, the rehearsal's and the smoke checks' results, the outcome and
the duration of every step. Lines are appended atomically: the file is opened with
``O_APPEND``, the whole line goes out in one ``write`` and is fsynced, so two runs at once
never interleave and a crash never leaves half a line. :func:`read_entries` skips lines it
cannot parse (and says so) rather than failing the whole log.

The seed-style ``applied_to_prod.log`` line (``history_log`` in driftdeck.toml) is written by
:func:`append_history_log` for the environment that log describes (the last protected one).
"""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tui import __version__
from tui.config import Project
from tui.errors import DriftdeckError

AUDIT_DIR = ".driftdeck"
AUDIT_FILE = "audit.jsonl"
FORMAT = 1
KINDS = ("apply", "rollback", "restore")
# outcome of a run
APPLIED, FAILED, REFUSED, CANCELLED = "applied", "failed", "refused", "cancelled"
SMOKE_FAILED, ROLLED_BACK, RESTORED = "smoke-failed", "rolled-back", "restored"


def audit_path(project: Project) -> Path:
    """``.driftdeck/audit.jsonl`` at the project root (the demo's root is in the data folder)."""
    return project.root / AUDIT_DIR / AUDIT_FILE


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def who(root: Path | None = None) -> dict:
    """The person running driftdeck: OS user and, when git knows it, ``user.email``."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment (containers without passwd entries)
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    email = None
    try:
        out = subprocess.run(
            ["git", "config", "user.email"], cwd=root if root and root.is_dir() else None,
            capture_output=True, text=True, timeout=5,
        )
        email = out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        email = None
    return {"user": user, "email": email}


def who_label(person: dict) -> str:
    """``alice <alice@example.com>`` or just ``alice``."""
    return f"{person.get('user')} <{person['email']}>" if person.get("email") else str(person.get("user"))


@dataclass
class StepRecord:
    """One step of a run as the log keeps it."""

    step: str  # checklist | rehearsal | backup | apply | smoke | rollback | restore
    status: str  # ok | failed | skipped | cancelled
    duration_ms: int = 0
    detail: str = ""

    def to_dict(self) -> dict:
        return {"step": self.step, "status": self.status, "duration_ms": self.duration_ms, "detail": self.detail}


@dataclass
class AuditEntry:
    """One run. Fill it while the run goes; :func:`append` writes it once at the end."""

    kind: str  # apply | rollback | restore
    environment: str
    who: dict = field(default_factory=dict)
    started_at: datetime = field(default_factory=now_utc)
    finished_at: datetime | None = None
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    migrations: list[str] = field(default_factory=list)
    target_migration: str | None = None  # --to
    backup: str | None = None
    rehearsal: dict | None = None  # {"status", "server", "detail"}
    smoke: list[dict] = field(default_factory=list)  # SmokeResult.to_dict()
    changed: list[str] = field(default_factory=list)  # drift keys the apply changed (the smoke schema check's scope)
    checklist: list[dict] = field(default_factory=list)  # items: id, state, by, at
    outcome: str = FAILED
    error: str | None = None
    steps: list[StepRecord] = field(default_factory=list)

    @property
    def duration_ms(self) -> int:
        end = self.finished_at or now_utc()
        return int((end - self.started_at).total_seconds() * 1000)

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "run_id": self.run_id,
            "kind": self.kind,
            "environment": self.environment,
            "who": self.who,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "finished_at": (self.finished_at or now_utc()).isoformat(timespec="seconds"),
            "duration_ms": self.duration_ms,
            "migrations": list(self.migrations),
            "to": self.target_migration,
            "backup": self.backup,
            "rehearsal": self.rehearsal,
            "smoke": list(self.smoke),
            "changed": list(self.changed),
            "checklist": list(self.checklist),
            "outcome": self.outcome,
            "error": self.error,
            "steps": [s.to_dict() for s in self.steps],
            "tool_version": __version__,
        }


def new_entry(project: Project, kind: str, environment: str) -> AuditEntry:
    if kind not in KINDS:
        raise ValueError(kind)
    return AuditEntry(kind=kind, environment=environment, who=who(project.root))


def append(project: Project, entry: AuditEntry) -> Path:
    """Append ``entry`` as one line (O_APPEND, one write, fsync). Returns the file's path."""
    if entry.finished_at is None:
        entry.finished_at = now_utc()
    path = audit_path(project)
    line = (json.dumps(entry.to_dict(), ensure_ascii=False, default=str, separators=(",", ":")) + "\n").encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)
            if written != len(line):  # a full disk: never leave half a line behind
                os.ftruncate(fd, os.fstat(fd).st_size - written)
                raise OSError(28, "no space left on device")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise DriftdeckError(f"the audit log {path} cannot be written ({err.strerror or err}).") from None
    return path


def read_entries(project: Project, environment: str | None = None) -> tuple[list[dict], list[str]]:
    """The log's entries (oldest first), only ``environment``'s when given, and warnings for bad lines."""
    path = audit_path(project)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as err:
        raise DriftdeckError(f"the audit log {path} cannot be read ({getattr(err, 'strerror', None) or err}).") from None
    entries, warnings = [], []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError:
            warnings.append(f"{AUDIT_DIR}/{AUDIT_FILE} line {n} is not JSON; skipped.")
            continue
        if not isinstance(data, dict):
            warnings.append(f"{AUDIT_DIR}/{AUDIT_FILE} line {n} is not a run; skipped.")
            continue
        if environment is None or data.get("environment") == environment:
            entries.append(data)
    return entries, warnings


def history_log_env(project: Project) -> str | None:
    """The environment ``history_log`` describes: the last protected one, else the last one."""
    from tui.migrations.status import default_review_env

    env = default_review_env(project)
    return env.name if env is not None and project.history_log is not None else None


def append_history_log(project: Project, environment: str, migrations, person: dict, *, when: datetime | None = None) -> bool:
    """The ``applied_to_prod.log`` lines for ``migrations`` (Migration objects) applied to
    ``environment``, when the project keeps such a log for it. True when lines were written."""
    if history_log_env(project) != environment:
        return False
    from tui.migrations.applied_log import append_entry

    for m in migrations:
        append_entry(project.history_log, m, when=when, who=person.get("email") or person.get("user") or "")
    return True
