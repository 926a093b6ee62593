"""A new migration from drift: the whole drift between two databases, or just some of its changes.

    from_drift(project, source_spec, target_spec, *, unsafe, progress, cancelled) -> Draft
    from_changes(project, drift, keys, *, unsafe) -> Draft     (the console's selection)
    write(project, name, draft) -> Path                        (tui.migrations.new_migration)
    default_name(drift, keys) -> str                           (``sync_`` and the first objects' names)
    preview_sql(project, drift, keys) -> str                   (what the console shows for a tree node)

A :class:`Draft` is the SQL, its rollback and the line that says where it came from. Empty
drift (or an empty selection) is one clear sentence, never an empty file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tui.errors import DriftdeckError
from tui.workflows.drift import compare, plan_settings, resolve_pair
from tui.workflows.hooks import Cancelled, Progress, check, never_cancelled, no_progress


@dataclass(frozen=True)
class Draft:
    sql: str | None
    rollback: str | None
    description: str | None


TEMPLATE = Draft(None, None, None)  # a new migration from the layout's template


def _plan(project, drift, unsafe: bool):
    from tui.schema.sqlgen import generate
    lock_timeout, statement_timeout = plan_settings(project)
    return generate(drift, unsafe=unsafe, lock_timeout=lock_timeout, statement_timeout=statement_timeout)


def from_drift(project, source_spec: str, target_spec: str, *, unsafe: bool = False,
               progress: Progress = no_progress, cancelled: Cancelled = never_cancelled) -> Draft:
    """The SQL (and rollback) that brings TARGET to SOURCE."""
    source, target = resolve_pair(project, source_spec, target_spec, progress, cancelled)
    drift = compare(source, target, progress=progress, cancelled=cancelled)
    if drift.is_empty:
        raise DriftdeckError(f"no drift: {target.name} already matches {source.name}; nothing to put in a migration.")
    check(cancelled)
    plan = _plan(project, drift, unsafe)
    return Draft(plan.sql(), plan.rollback_sql(),
                 f"Generated from the drift between {source.name} (source) and {target.name} (target).")


def from_changes(project, drift, keys, *, unsafe: bool = False) -> Draft:
    """The SQL for only the changes whose keys are in ``keys`` (tree nodes: objects or their parts)."""
    from tui.schema.subset import subset

    keys = set(keys)
    if not keys:
        raise DriftdeckError("no changes selected: select some with space first.")
    part = subset(drift, keys)
    if part.is_empty:
        raise DriftdeckError("the selected changes are no longer in the drift: refresh and select again.")
    plan = _plan(project, part, unsafe)
    names = sorted({c.name for c in part.changes})
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return Draft(plan.sql(), plan.rollback_sql(),
                 f"Generated from {len(keys)} selected change(s) between {drift.source.label} (source) and"
                 f" {drift.target.label} (target): {shown}.")


def write(project, name: str, draft: Draft = TEMPLATE) -> Path:
    """Write the migration in the project's layout; the path of its main file."""
    from tui.migrations.new import new_migration

    return new_migration(project, name, draft.sql, draft.rollback, source=draft.description)


def default_name(drift, keys) -> str:
    """A default name for a migration made of ``keys``: ``sync_`` and the first objects' names."""
    names = []
    for c in drift.changes:
        if c.key in keys or any(n.key in keys for n in c.walk()):
            names.append(re.sub(r"[^a-z0-9]+", "_", c.name.split(".")[-1].split("(")[0].lower()).strip("_"))
    return "sync_" + "_".join(dict.fromkeys(names[:3])) if names else "sync_selected_changes"


def preview_sql(project, drift, keys) -> str:
    """The statements for just ``keys``, as the console's detail panel shows them: destructive ones
    commented out with their reason, as in the migration file."""
    from tui.schema.subset import subset

    lines = []
    for s in _plan(project, subset(drift, set(keys)), unsafe=False).statements:
        if s.commented_out:
            lines.append(f"-- [{s.risk}] {s.reason}: commented out in the migration")
            lines += ["-- " + ln for ln in (s.sql + ";").splitlines()]
        else:
            lines.append(s.sql + ";")
    return "\n".join(lines)
