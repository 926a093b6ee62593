"""The Drift pane: what differs between SOURCE and TARGET as a live tree, the detail of each node,
and a migration from just the changes picked.

Keys: `r` refresh (a newer refresh cancels the running one, its query too), `g` the node's SQL
(shown by itself on drifts up to :data:`AUTO_SQL_CHANGES` changes), `l` live refresh
every :data:`LIVE_SECONDS` s, `/` filter, space select, `n` new migration from the selection
(opens in Review). The databases stay open between refreshes (:mod:`tui.app.panes.drift_session`):
an unchanged pair costs one small query per side. All database work runs in thread workers
that post messages; a failure shows the error panel with a retry key. The tree is
:mod:`tui.app.panes.drift_tree`, the detail beside it :mod:`tui.app.panes.drift_detail`, the
line over them :mod:`tui.app.panes.drift_status`.
"""

from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static, Tree
from textual.worker import Worker, WorkerState, get_current_worker

from tui.app.messages import OpenInReview
from tui.app.panes.base import Pane
from tui.app.panes.drift_detail import DriftDetail
from tui.app.panes.drift_session import DriftFailed, DriftLoaded, DriftSession
from tui.app.panes.drift_status import status_line
from tui.app.panes.drift_tree import DriftTree, Node
from tui.errors import DriftdeckError

LIVE_SECONDS = 10
SQL_DELAY = 0.15  # s of cursor rest before the node's SQL is generated
SQL_MAX_OBJECTS = 200  # bigger branches: select fewer to see their SQL here
AUTO_SQL_CHANGES = 400  # bigger drifts: a node's SQL on `g` (generating holds the interpreter for seconds)


class NodeSql(Message):
    def __init__(self, node: Node, sql: str) -> None:
        super().__init__()
        self.node, self.sql = node, sql


class DriftPane(Pane):
    """What differs between environments, and the SQL that brings TARGET in line."""

    DEFAULT_CSS = """
    DriftPane { layout: vertical; }
    DriftPane #drift-status { height: 1; padding: 0 1; color: $text-muted; }
    DriftPane #drift-filter { display: none; height: 3; }
    DriftPane #drift-filter.shown { display: block; }
    DriftPane #drift-body { height: 1fr; }
    DriftPane DriftTree { width: 1fr; height: 1fr; }
    DriftPane DriftDetail { width: 1fr; height: 1fr; border-left: vkey $panel-lighten-2; }
    """
    BINDINGS = [
        Binding("l", "toggle_live", "Live", id="drift-live"),
        Binding("slash", "filter", "Filter", id="drift-filter"),
        Binding("n", "new_migration", "New migration", id="drift-new"),
        Binding("g", "node_sql", "SQL", show=False, id="drift-sql"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, project, **kwargs) -> None:
        super().__init__(project, **kwargs)
        self.drift = None
        self.pair: tuple[str | None, str | None] = (None, None)
        self.names = ("SOURCE", "TARGET")
        self.needle = ""
        self.live = False
        self.generation = 0
        self.reading = False  # a refresh is running (not Widget.loading: that covers the pane and blocks its keys)
        self.last_read: float | None = None
        self.fresh_count = 0
        self.clock_format = "%H:%M:%S"  # tests freeze it
        self.session = DriftSession(project)
        self._live_timer = None
        self._sql_timer = None
        self._filter_timer = None

    def compose(self) -> ComposeResult:
        yield Static("", id="drift-status")  # the filter box goes under it on the first `/`
        with Horizontal(id="drift-body"):
            yield DriftTree(id="drift-tree")
            yield DriftDetail(id="drift-detail")

    def on_mount(self) -> None:
        self._live_timer = self.set_interval(LIVE_SECONDS, self._live_tick, pause=True)
        self._show_status()
        self.call_after_refresh(self._first_focus)
        self.call_after_refresh(self._mount_filter)  # after the first paint, ready before anyone presses /

    def _mount_filter(self):
        """The filter box (hidden until `/`), mounted once."""
        from textual.widgets import Input

        if not self.query("#drift-filter"):
            return self.mount(Input(placeholder="filter: part of a name, kind or reason (enter: back to the tree,"
                                                " escape: clear)", id="drift-filter"), after="#drift-status")
        return None

    def _first_focus(self) -> None:
        """At start the tree takes the keys (the shell focuses nothing itself)."""
        if self.app.focused is None and self._tab_active():
            self.screen.set_focus(self.tree)  # now: Widget.focus() is deferred, and could land after a tab switch

    def _tab_active(self) -> bool:
        """Is this pane's tab the one shown? (A late Show or refresh must not pull the user back here.)"""
        from textual.widgets import TabbedContent

        tabs = self.screen.query(TabbedContent)
        return not tabs or tabs.first().active == getattr(self.parent, "id", None)

    def on_show(self) -> None:
        """Shown: the tree takes the keys (unless the filter box has them)."""
        focused = self.app.focused
        if (focused is None or self not in focused.ancestors) and self._tab_active():
            self.screen.set_focus(self.tree)

    @property
    def tree(self) -> DriftTree:
        return self.query_one(DriftTree)

    # ------------------------------------------------------------ the pane contract
    def pair_changed(self, source: str | None, target: str | None) -> None:
        if (source, target) == self.pair:
            return
        self.pair = (source, target)
        self.names = (source or "SOURCE", target or "TARGET")
        self.query_one(DriftDetail).set_names(*self.names)
        self.session.close()
        self.drift = None
        self.tree.selected.clear()
        self.tree.clear()
        self.query_one(DriftDetail).show(None)
        self.reload()

    def reload(self, force: bool = False) -> None:
        """Read both sides again; a running refresh (and its query) is cancelled first."""
        source, target = self.pair
        if not source or not target:
            self._show_status()
            return
        self.clear_error()
        self.generation += 1
        self.reading = True
        self.session.cancel()
        self._show_status()
        self._refresh(source, target, self.generation, force)

    def stop_work(self) -> None:
        self.generation += 1
        self.session.close(wait=2.0)

    def on_unmount(self) -> None:
        self.stop_work()

    # ------------------------------------------------------------ workers
    @work(thread=True, exclusive=True, exit_on_error=False, group="drift")
    def _refresh(self, source: str, target: str, generation: int, force: bool) -> None:
        worker = get_current_worker()
        started = time.perf_counter()
        try:
            result = self.session.read(source, target, lambda: worker.is_cancelled,
                                       lambda: generation == self.generation, force)
        except DriftdeckError as err:
            if not worker.is_cancelled and generation == self.generation:
                self.post_message(DriftFailed(str(err), generation))
            return
        if result is not None and not worker.is_cancelled:
            self.post_message(DriftLoaded(result, generation, time.perf_counter() - started))

    @work(thread=True, exclusive=True, exit_on_error=False, group="drift-sql")
    def _generate_sql(self, node: Node, drift) -> None:
        from tui.workflows.new import preview_sql

        worker = get_current_worker()
        keys = {node.change.key} if node.level == "part" else {c.key for c in node.objects()}
        sql = preview_sql(self.project, drift, keys)
        if not worker.is_cancelled:
            self.post_message(NodeSql(node, sql))

    @work(thread=True, exclusive=True, exit_on_error=False, group="drift-new")
    def _write_migration(self, name: str, drift, keys: set[str]) -> None:
        from tui.workflows.new import from_changes, write

        try:
            path = write(self.project, name, from_changes(self.project, drift, keys))
        except DriftdeckError as err:
            self.app.call_from_thread(self.app.notify, str(err), severity="error", title="New migration")
            return
        self.post_message(OpenInReview(path))
        self.app.call_from_thread(self.app.notify, f"Created {path.name}", title="New migration")

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        err = event.worker.error
        what = {"drift": "the drift could not be read", "drift-sql": "the SQL for this node could not be generated",
                "drift-new": "the migration could not be written"}.get(event.worker.group, "something failed")
        text = str(err).splitlines()[0] if str(err) else ""
        if event.worker.group == "drift":
            self.reading = False
            self._show_status()
        self.show_error(f"{what}: {type(err).__name__}{': ' + text if text else ''}.",
                        self.reload if event.worker.group == "drift" else None)

    # ------------------------------------------------------------ results
    @on(DriftLoaded)
    def _loaded(self, message: DriftLoaded) -> None:
        if message.generation != self.generation:
            return
        self.reading = False
        self.last_read = time.time()
        result = message.result
        self.names = (result.source.name, result.target.name)
        self.query_one(DriftDetail).set_names(*self.names)
        if result.changed or self.drift is None:
            previous = self.drift
            fresh = set()
            if previous is not None:
                from tui.workflows.live import changed_keys

                fresh = changed_keys(previous, result.drift)
            self.fresh_count = len(fresh)
            self.drift = result.drift
            self.tree.show_drift(result.drift, self.needle, fresh)
            if self.tree.cursor_node is not None and self.tree.cursor_node.data is not None:
                self._highlight(self.tree.cursor_node.data)
        else:
            self.fresh_count = 0
        self._show_status()

    @on(DriftFailed)
    def _failed(self, message: DriftFailed) -> None:
        if message.generation != self.generation:
            return
        self.reading = False
        self._show_status()
        self.show_error(message.sentence, self.reload)

    def _show_status(self) -> None:
        self.query_one("#drift-status", Static).update(status_line(
            self.pair, self.names, self.drift, reading=self.reading, last_read=self.last_read,
            clock_format=self.clock_format, fresh_count=self.fresh_count,
            live_every=LIVE_SECONDS if self.live else None, selected=len(self.tree.selected)))

    # ------------------------------------------------------------ tree events
    @on(Tree.NodeHighlighted)
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is not None:
            self._highlight(event.node.data)

    def _highlight(self, data: Node) -> None:
        self.query_one(DriftDetail).show(data)
        if self._sql_timer is not None:
            self._sql_timer.stop()
        if data.level in ("rename", "renames") or self.drift is None:
            return
        if data.level not in ("part", "object") and len(data.objects()) > SQL_MAX_OBJECTS:
            self.query_one(DriftDetail).show_sql(f"-- {len(data.objects())} objects: open the branch to see each one's SQL")
            return
        if len(self.drift.changes) > AUTO_SQL_CHANGES:
            self.query_one(DriftDetail).show_sql(
                f"-- {len(self.drift.changes):,} changes: press g for this node's SQL")
            return
        drift = self.drift
        self._sql_timer = self.set_timer(SQL_DELAY, lambda: self._generate_sql(data, drift))

    def action_node_sql(self) -> None:
        """`g`: the SQL of the node under the cursor, on demand (large drifts)."""
        node = self.tree.cursor_node
        if node is None or node.data is None or node.data.level in ("rename", "renames") or self.drift is None:
            return
        if node.data.level not in ("part", "object") and len(node.data.objects()) > SQL_MAX_OBJECTS:
            return
        self.query_one(DriftDetail).show_sql(None, pending=True)
        self._generate_sql(node.data, self.drift)

    @on(NodeSql)
    def _node_sql(self, message: NodeSql) -> None:
        node = self.tree.cursor_node
        if node is not None and node.data is message.node:
            self.query_one(DriftDetail).show_sql(message.sql)

    @on(DriftTree.SelectionChanged)
    def _selection_changed(self) -> None:
        self._show_status()

    # ------------------------------------------------------------ actions
    def action_toggle_live(self) -> None:
        self.live = not self.live
        if self.live:
            self._live_timer.resume()
            self.notify(f"Live refresh: every {LIVE_SECONDS} s.", timeout=2)
        else:
            self._live_timer.pause()
        self._show_status()

    def _live_tick(self) -> None:
        if self.live and not self.reading and self.is_on_screen:
            self.reload()

    async def action_filter(self) -> None:
        mounting = self._mount_filter()  # `/` pressed before the first paint is over
        if mounting is not None:
            await mounting
        box = self.query_one("#drift-filter")
        box.add_class("shown")
        self.screen.set_focus(box)  # now, so the next keys typed land in the box

    def action_clear_filter(self) -> None:
        for box in self.query("#drift-filter"):
            box.value = ""
            box.remove_class("shown")
        self._apply_filter("")
        self.tree.focus()

    def on_input_changed(self, event) -> None:
        if event.input.id != "drift-filter":
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
        value = event.value
        self._filter_timer = self.set_timer(0.2, lambda: self._apply_filter(value))

    def on_input_submitted(self, event) -> None:
        if event.input.id != "drift-filter":
            return
        self._apply_filter(event.value)
        self.tree.focus()

    def _apply_filter(self, needle: str) -> None:
        if needle == self.needle:
            return
        self.needle = needle
        if self.drift is not None:
            self.tree.show_drift(self.drift, needle, self.tree.fresh)

    def action_new_migration(self) -> None:
        from tui.app.widgets.prompt import Prompt
        from tui.workflows.new import default_name

        keys = set(self.tree.selected)
        drift = self.drift
        if drift is None or not keys:
            self.notify("Select changes with space first, then press n.", severity="warning")
            return

        def named(name: str | None) -> None:
            if name:  # after the prompt is gone and focus is back in the tree
                self.call_after_refresh(self._write_migration, name, drift, keys)

        self.app.push_screen(Prompt(
            f"New migration from {len(keys)} selected change(s): its name",
            default_name(drift, keys),
            "Written into the project's migrations folder, then opened in Review. Escape cancels.",
        ), named)
