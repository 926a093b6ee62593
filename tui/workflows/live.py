"""Live drift: SOURCE and TARGET kept open, re-read only when their catalogs changed.

    live = LiveDrift(project, "dev", "prod", progress, cancelled)   # resolves (replays) once
    result = live.refresh()          # RefreshResult(drift, changed, source, target)
    live.cancel()                    # from another thread: interrupts both running queries
    live.close()
    changed_keys(previous_drift, drift)   # the changes new or different since the previous refresh

An unchanged pair costs one small query per side (:mod:`tui.pg.catalog_watch`) and returns
the previous :class:`~tui.schema.diff.Drift` object as is (``changed`` False).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from tui.workflows.drift import Side, resolve_pair, side_label
from tui.workflows.hooks import Cancelled, Progress, check, never_cancelled, no_progress


@dataclass(frozen=True)
class RefreshResult:
    drift: object  # tui.schema.diff.Drift
    changed: bool  # False: neither catalog changed since the previous refresh (same Drift object)
    source: Side
    target: Side


class LiveDrift:
    """A SOURCE/TARGET pair kept warm between refreshes."""

    def __init__(self, project, source_spec: str, target_spec: str, progress: Progress = no_progress,
                 cancelled: Cancelled = never_cancelled, *, schemas=None, exclude=(), grants=False) -> None:
        from tui.pg.catalog_watch import CatalogWatch

        self.source, self.target = resolve_pair(project, source_spec, target_spec, progress, cancelled)
        kw = dict(schemas=schemas or None, exclude=exclude, grants=grants)
        self.watches = (CatalogWatch(self.source.url, label=side_label(self.source), **kw),
                        CatalogWatch(self.target.url, label=side_label(self.target), **kw))
        self._drift = None
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="driftdeck-live")

    def refresh(self, cancelled: Cancelled = never_cancelled, *, force: bool = False) -> RefreshResult:
        """Both catalogs (warm), and the drift re-computed only when either changed."""
        from tui.schema.diff import diff

        fs, ft = (self._pool.submit(w.snapshot, force=force) for w in self.watches)
        (src, src_changed), (tgt, tgt_changed) = fs.result(), ft.result()
        check(cancelled)
        if self._drift is not None and not (src_changed or tgt_changed):
            return RefreshResult(self._drift, False, self.source, self.target)
        self._drift = diff(src, tgt)
        return RefreshResult(self._drift, True, self.source, self.target)

    def cancel(self) -> None:
        for w in self.watches:
            w.cancel()

    def close(self) -> None:
        for w in self.watches:
            w.close()
        self._pool.shutdown(wait=False)


def changed_keys(previous, drift) -> set[str]:
    """The keys of the changes (objects and their parts) of ``drift`` that ``previous`` did not
    have, or had in another state (status, risk, reason or either definition)."""

    def states(d) -> dict[str, tuple]:
        return {n.key: (n.status, n.risk, n.reason, n.before, n.after) for c in d.changes for n in c.walk()}

    before = states(previous)
    return {k for k, v in states(drift).items() if before.get(k) != v}
