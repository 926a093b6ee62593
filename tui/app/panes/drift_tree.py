"""The drift tree: schema → object kind → object → parts, loaded lazily, with selection and a filter.

Every node shows its marker (``+`` only in SOURCE: will be created, ``−`` only in TARGET:
would be dropped, ``~`` differs), its name in its risk colour (safe / locking / destructive),
and branches show their counts. Children are added when a branch is first expanded, in
chunks, so a drift of thousands of tables opens at once and stays responsive. Space selects
changes (a branch: everything under it); ``selected`` holds their keys for "new migration
from selection". Changes new or different since the previous refresh carry a ``•``.
Possible renames sit in their own branch as "renamed X → Y?".
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.schema.change import DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, Change

MARK = {ONLY_SOURCE: ("+", "green"), ONLY_TARGET: ("−", "red"), DIFFERS: ("~", "yellow")}
RISK_STYLE = {DESTRUCTIVE: "bold red", LOCKING: "magenta"}
CHUNK = 250  # children added per frame when a big branch opens
AUTO_EXPAND = 150  # drifts with at most this many nodes open fully


@dataclass
class Node:
    """What a tree node stands for."""

    level: str  # "schema", "kind", "object", "part", "renames", "rename"
    title: str
    change: Change | None = None
    children: list = field(default_factory=list)  # Node (schema, kind) or Change (object, part), not yet added
    loaded: bool = False
    owner: str | None = None  # a part's object key

    def objects(self) -> list[Change]:
        """The whole objects under this node (what selecting a branch selects)."""
        if self.level == "object":
            return [self.change]
        if self.level == "part":
            return []
        out = [self.change] if self.change is not None else []
        for child in self.children:
            out += child.objects() if isinstance(child, Node) else [child]
        return out

    def changes(self):
        """Every object/part change under this node (itself included)."""
        if self.change is not None:
            yield self.change
        for child in self.children:
            if isinstance(child, Node):
                yield from child.changes()
            else:
                yield child


def _matches(change: Change, needle: str) -> bool:
    return any(needle in n.key.lower() or needle in n.name.lower() or needle in n.reason.lower()
               for n in change.walk())


def build(drift, needle: str = "") -> list[Node]:
    """The top-level nodes for ``drift``, filtered to changes matching ``needle`` (case-insensitive)."""
    needle = needle.strip().lower()
    out: list[Node] = []
    if drift.renames and not needle:
        out.append(Node("renames", "possible renames", children=[
            Node("rename", f"renamed {r.old} → {r.new}?  ({r.kind} in {r.parent})") for r in drift.renames]))
    for g in drift.groups:
        objects = [o for o in g.objects if not needle or _matches(o, needle)]
        schema_change = g.change if g.change is not None and (not needle or _matches(g.change, needle)) else None
        if not objects and schema_change is None:
            continue
        by_kind: dict[str, list[Change]] = {}
        for o in objects:
            by_kind.setdefault(o.kind, []).append(o)
        kinds = [Node("kind", kind, children=items) for kind, items in by_kind.items()]
        out.append(Node("schema", g.name or "database", schema_change, kinds))
    return out


def counts_text(changes) -> Text:
    """`` 12  +7 −1 ~4`` for a branch."""
    c = Counter(ch.status for ch in changes)
    text = Text(f"  {sum(c.values())}", style="bold")
    for status in (ONLY_SOURCE, ONLY_TARGET, DIFFERS):
        if c[status]:
            symbol, style = MARK[status]
            text.append(f" {symbol}{c[status]}", style=style)
    worst = Counter(ch.risk for ch in changes)
    if worst[DESTRUCTIVE]:
        text.append(f"  {worst[DESTRUCTIVE]} destructive", style=RISK_STYLE[DESTRUCTIVE])
    if worst[LOCKING]:
        text.append(f"  {worst[LOCKING]} locking", style=RISK_STYLE[LOCKING])
    return text


class DriftTree(Tree[Node]):
    """The drift as a lazy tree (see the module docstring)."""

    BINDINGS = [
        Binding("space", "toggle_selected", "Select", id="drift-select"),
        Binding("enter", "select_cursor", "Open", show=False),
    ]

    class SelectionChanged(Message):
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, **kwargs) -> None:
        super().__init__("drift", **kwargs)
        self.show_root = False
        self.guide_depth = 3
        self.selected: set[str] = set()
        self.fresh: set[str] = set()  # keys new or changed since the previous refresh
        self.drift = None
        self._loading: set[int] = set()

    # ------------------------------------------------------------ building
    def show_drift(self, drift, needle: str = "", fresh: set[str] | None = None) -> None:
        """Replace the tree's content with ``drift`` (filtered by ``needle``), keeping open branches open."""
        was_open = {self._path(n) for n in self._all_nodes() if n.is_expanded}
        cursor = self._path(self.cursor_node) if self.cursor_node is not None else None
        self.drift = drift
        self.fresh = fresh or set()
        live = {n.key for c in drift.changes for n in c.walk()}
        self.selected &= live
        self.clear()
        tops = build(drift, needle)
        for top in tops:
            self._add(self.root, top)
        small = sum(1 for c in drift.changes for _ in c.walk()) <= AUTO_EXPAND
        if small or needle:
            for node in list(self.root.children):
                self._expand_deep(node, objects=small)
        else:
            for node in list(self.root.children):
                if self._path(node) in was_open or len(tops) == 1:
                    node.expand()
        if cursor is not None:
            self._restore_cursor(cursor, was_open)
        else:
            self.move_cursor(self._first_object())

    def _first_object(self) -> TreeNode[Node] | None:
        for node in self._walk_visible():
            if node.data is not None and node.data.level == "object":
                return node
        return None

    def _walk_visible(self):
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            yield node
            if node.is_expanded:
                stack.extend(reversed(node.children))

    def _expand_deep(self, node: TreeNode[Node], objects: bool = False) -> None:
        self._load_now(node)
        node.expand()
        levels = ("schema", "kind", "renames", "object") if objects else ("schema", "kind", "renames")
        for child in node.children:
            if child.allow_expand and child.data is not None and child.data.level in levels:
                self._expand_deep(child, objects)

    def _restore_cursor(self, path: tuple, was_open: set) -> None:
        for node in self._all_nodes():
            if self._path(node) in was_open and node.allow_expand and not node.is_expanded:
                self._load_now(node)
                node.expand()
        for node in self._all_nodes():
            if self._path(node) == path:
                self.move_cursor(node)
                return

    def _all_nodes(self):
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children)

    @staticmethod
    def _path(node: TreeNode[Node]) -> tuple:
        out = []
        while node is not None and node.data is not None:
            out.append(node.data.change.key if node.data.change is not None else node.data.title)
            node = node.parent
        return tuple(reversed(out))

    def _add(self, parent: TreeNode[Node], item) -> TreeNode[Node]:
        if isinstance(item, Node):
            data = item
        elif parent.data is not None and parent.data.level == "kind":
            data = Node("object", item.name, item, list(item.parts))
        else:
            data = Node("part", item.name, item, list(item.parts), owner=parent.data.change.key if parent.data else None)
        expandable = bool(data.children)
        node = parent.add(self.label(data), data=data, allow_expand=expandable)
        return node

    def label(self, data: Node) -> Text:
        """The text a node shows (marker, selection, name in its risk colour, counts, reason)."""
        change = data.change
        text = Text()
        if data.level not in ("renames", "rename"):
            state = self.selection_state(data)
            text.append({"all": "◉ ", "some": "◐ ", "none": "○ "}[state], style="dim" if state == "none" else "bold cyan")
        if data.level in ("schema", "kind", "renames"):
            text.append(data.title, style="bold")
            if data.level == "schema" and change is not None:
                symbol, style = MARK[change.status]
                text.append(f" {symbol} schema", style=style)
            text.append_text(counts_text(list(data.changes())) if data.level != "renames" else Text(f"  {len(data.children)}"))
            return text
        if data.level == "rename":
            text.append(data.title, style="italic yellow")
            return text
        symbol, style = MARK[change.status]
        text.append(f"{symbol} ", style=f"bold {style}")
        name = change.name if data.level == "object" else f"{change.kind} {change.name}"
        text.append(name, style=RISK_STYLE.get(change.risk, ""))
        if change.risk != "safe":
            text.append(f" [{change.risk}]", style=RISK_STYLE[change.risk])
        if data.level == "object" and change.parts:
            text.append_text(counts_text(change.parts))
        elif change.reason and change.reason != "created":
            text.append(f"  {change.reason}", style="dim")
        if any(n.key in self.fresh for n in change.walk()):
            text.append("  • new", style="bold cyan")
        return text

    # ------------------------------------------------------------ lazy loading
    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        node = event.node
        if node.data is not None and not node.data.loaded:
            if len(node.data.children) > CHUNK:
                self._load_chunked(node)
            else:
                self._load_now(node)

    def _load_now(self, node: TreeNode[Node]) -> None:
        data = node.data
        if data is None or data.loaded:
            return
        data.loaded = True
        for child in data.children:
            self._add(node, child)

    def _load_chunked(self, node: TreeNode[Node]) -> None:
        data = node.data
        data.loaded = True
        self.run_worker(self._add_in_chunks(node, list(data.children)), group="tree-load", exclusive=False)

    async def _add_in_chunks(self, node: TreeNode[Node], items: list) -> None:
        for i in range(0, len(items), CHUNK):
            if not self._alive(node):
                return
            for item in items[i:i + CHUNK]:
                self._add(node, item)
            await asyncio.sleep(0)

    def _alive(self, node: TreeNode[Node]) -> bool:
        """False for a node a refresh removed (it has no path back to the root any more)."""
        n = node
        while n.parent is not None:
            if n not in n.parent.children:
                return False
            n = n.parent
        return n is self.root

    # ------------------------------------------------------------ selection
    def selection_state(self, data: Node) -> str:
        """"all", "some" or "none" of the changes under ``data`` are selected."""
        if data.level == "part":
            key = data.change.key
            return "all" if key in self.selected or data.owner in self.selected else "none"
        objects = data.objects()
        if objects and all(o.key in self.selected for o in objects):
            return "all"
        if any(o.key in self.selected or any(p.key in self.selected for p in o.walk()) for o in objects):
            return "some"
        return "none"

    def action_toggle_selected(self) -> None:
        node = self.cursor_node
        if node is None or node.data is None or node.data.level in ("renames", "rename"):
            return
        data = node.data
        if data.level == "part":
            key, owner = data.change.key, data.owner
            if owner in self.selected:  # the whole object was chosen: keep its other parts
                self.selected.discard(owner)
                siblings = node.parent.data.change.parts if node.parent and node.parent.data else ()
                self.selected |= {p.key for p in siblings if p.key != key}
            elif key in self.selected:
                self.selected.discard(key)
            else:
                self.selected.add(key)
        else:
            objects = data.objects()
            if self.selection_state(data) == "all":
                for o in objects:
                    self.selected -= {n.key for n in o.walk()}
            else:
                for o in objects:
                    self.selected -= {n.key for n in o.walk()}
                    self.selected.add(o.key)
        self._relabel_path(node)
        self.post_message(self.SelectionChanged(len(self.selected)))

    def _relabel_path(self, node: TreeNode[Node]) -> None:
        for n in [node, *self._descendants(node)]:
            if n.data is not None:
                n.set_label(self.label(n.data))
        parent = node.parent
        while parent is not None and parent.data is not None:
            parent.set_label(self.label(parent.data))
            parent = parent.parent

    @staticmethod
    def _descendants(node: TreeNode[Node]):
        stack = list(node.children)
        while stack:
            n = stack.pop()
            yield n
            stack.extend(n.children)
