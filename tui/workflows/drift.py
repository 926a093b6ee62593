"""Compare two databases: resolve SOURCE and TARGET (environment, URL or the migration folder
replayed), snapshot both in parallel (read-only), diff.

    resolve_pair(project, source_spec, target_spec, progress, cancelled) -> (Side, Side)
    compare(source, target, *, schemas, exclude, grants, owners, progress, cancelled, meanwhile) -> Drift
    plan_settings(project) -> (lock_timeout, statement_timeout)

``project`` may be None when both specs are postgres URLs. SOURCE may be ``migrations`` /
``migrations:all`` / ``migrations:ID``: with ``migrations`` only the migrations recorded as
applied on the other side are replayed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tui.defaults import LOCK_TIMEOUT, STATEMENT_TIMEOUT
from tui.errors import DriftdeckError
from tui.pg.connect import database_name, is_url, mask_url
from tui.workflows.hooks import Cancelled, Progress, check, never_cancelled, no_progress


@dataclass(frozen=True)
class Side:
    """One side of the comparison, resolved to a URL."""

    spec: str
    name: str  # what people see: environment name, masked URL, "migrations"
    url: str


def is_replay(spec: str) -> bool:
    """True for ``migrations`` / ``migrations:all`` / ``migrations:ID`` (the folder replayed)."""
    return spec == "migrations" or spec.startswith("migrations:")


def resolve(project, spec: str, other: str, progress: Progress = no_progress) -> Side:
    """An environment name, a URL or migrations[:all|:ID] → a Side (replaying the folder when asked)."""
    if is_url(spec):
        return Side(spec, mask_url(spec), spec)
    if project is None:
        raise DriftdeckError(f"{spec} is not a postgres URL and there is no project to look it up in.")
    if is_replay(spec):
        from tui.migrations.replay import replay_database
        against = None
        if spec == "migrations" and not is_url(other) and not is_replay(other):
            against = project.env(other)
        return Side(spec, spec, replay_database(project, spec, against, progress=progress))
    env = project.env(spec)
    return Side(spec, env.name, env.url)


def short_names(source: Side, target: Side) -> tuple[Side, Side]:
    """URLs are long: people see their database names (or SOURCE/TARGET when those clash)."""
    names = []
    for side, word in ((source, "SOURCE"), (target, "TARGET")):
        names.append(database_name(side.url) or word if is_url(side.spec) else side.name)
    if names[0] == names[1]:
        names = [n if not is_url(side.spec) else word
                 for n, side, word in zip(names, (source, target), ("SOURCE", "TARGET"))]
    return Side(source.spec, names[0], source.url), Side(target.spec, names[1], target.url)


def resolve_pair(project, source_spec: str, target_spec: str, progress: Progress = no_progress,
                 cancelled: Cancelled = never_cancelled) -> tuple[Side, Side]:
    """Both sides, named for people; two identical specs are one clear sentence."""
    if source_spec == target_spec:
        raise DriftdeckError(f"SOURCE and TARGET are both {source_spec}: name two different databases.")
    source = resolve(project, source_spec, target_spec, progress)
    check(cancelled)
    target = resolve(project, target_spec, source_spec, progress)
    check(cancelled)
    return short_names(source, target)


def side_label(side: Side) -> str:
    """The catalog label of a side: its name, or its masked URL."""
    return side.name if not is_url(side.spec) else mask_url(side.url)


def compare(source: Side, target: Side, *, schemas=None, exclude=(), grants=False, owners=False,
            progress: Progress = no_progress, cancelled: Cancelled = never_cancelled, meanwhile=None):
    """Both snapshots (in parallel, read-only) and their drift. ``meanwhile`` (no arguments) runs
    in this thread while the snapshots wait on the servers: to import what comes next, say."""
    from tui.pg.catalog import snapshot

    def snap(side: Side):
        return snapshot(side.url, label=side_label(side), read_only=True, schemas=schemas or None, exclude=exclude,
                        grants=grants, owners=owners)

    with ThreadPoolExecutor(max_workers=2) as pool:
        fs, ft = pool.submit(snap, source), pool.submit(snap, target)
        from tui.schema.diff import diff

        if meanwhile is not None:
            meanwhile()
        src, tgt = fs.result(), ft.result()
    check(cancelled)
    return diff(src, tgt)


def plan_settings(project) -> tuple[str, str]:
    """(lock_timeout, statement_timeout) the generated SQL sets: the project's, else the defaults."""
    if project is None:
        return LOCK_TIMEOUT, STATEMENT_TIMEOUT
    return project.apply.lock_timeout, project.apply.statement_timeout
