"""What the Review, Migrations and Apply panes share: they read their data when first shown (and
again when TARGET changes or on Refresh), in thread workers whose failures become the error
panel — one sentence and a retry key — never a crash (DESIGN.md rule 4).

A subclass names its worker groups in ``WORK_GROUPS``, reads in :meth:`LoadingPane.load`,
posts :class:`WorkFailed` for a :class:`tui.errors.DriftdeckError`, and says which widget
takes the focus when the pane is shown (``FOCUS``), so its keys are in the footer at once.
"""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.message import Message
from textual.worker import Worker, WorkerState

from tui.app.panes.base import Pane


class WorkFailed(Message):
    """A worker's one-sentence failure (a DriftdeckError), with what to run on retry."""

    def __init__(self, sentence: str, retry: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.sentence, self.retry = sentence, retry


class LoadingPane(Pane):
    """A pane that loads lazily, follows TARGET, and shows worker failures in the error panel."""

    WORK_GROUPS: tuple[str, ...] = ()
    FAILED = "Reading failed"  # how an unexpected worker error is introduced
    FOCUS = ""  # selector of the widget focused when the pane is shown

    def __init__(self, project, **kwargs) -> None:
        super().__init__(project, **kwargs)
        self.target: str | None = None
        self._stale = True

    def load(self) -> None:
        """Start reading (a subclass's workers)."""

    def on_mount(self) -> None:
        from textual.widgets import TabbedContent

        tabs = next((a for a in self.ancestors if isinstance(a, TabbedContent)), None)
        if tabs is not None:  # a tab switched before the first frame sends no Show: follow the tab too
            self.watch(tabs, "active", self._tab_activated, init=False)
        if not hasattr(self.app, "target"):  # hosted outside the shell (tests, tools): the review target
            from tui.migrations.status import default_review_env

            env = default_review_env(self.project)
            self.target = env.name if env else None
            self.reload()

    def _tab_activated(self, active: str) -> None:
        if active and active == getattr(self.parent, "id", None):
            self.call_after_refresh(self.on_show)

    def pair_changed(self, source: str | None, target: str | None) -> None:
        if target != self.target:
            self.target = target
            self._stale = True
            if self.is_shown():
                self.reload()

    def on_show(self) -> None:
        if self._stale:
            self.reload()
        if self.FOCUS:
            self.take_focus(self.query_one(self.FOCUS))

    def reload(self) -> None:
        self._stale = False
        self.clear_error()
        self.load()

    def stop_work(self) -> None:
        for group in self.WORK_GROUPS:
            self.workers.cancel_group(self, group)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group in self.WORK_GROUPS:
            err = event.worker.error
            self.show_error(f"{self.FAILED}: {type(err).__name__}: {err}", self.reload)

    @on(WorkFailed)
    def _work_failed(self, message: WorkFailed) -> None:
        self.failed()
        self.show_error(message.sentence, message.retry or self.reload)

    def failed(self) -> None:
        """Clear what would mislead next to the error panel (default: nothing)."""
