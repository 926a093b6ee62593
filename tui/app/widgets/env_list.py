"""The environments: a sidebar at ≥ 100 columns, a compact bar at 80 (CSS breakpoints in driftdeck.tcss).

Each card shows the name, SOURCE/TARGET role, protected badge, masked host (one line, shortened
before the database name), server version or why it is unreachable (visible, not only in a
tooltip), pending migrations and the last apply. On a focused card `s` makes it SOURCE and `t` TARGET; the links on the card do the
same with the mouse. ``migrations`` (the folder replayed) is offered as a SOURCE only.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.widgets import Static

from tui.app.messages import PairChosen
from tui.reporters.cells import middle_url

MIGRATIONS = "migrations"


class EnvsChecked(Message):
    """Posted by the worker that probes the environments (``infos``: list of workflows.envs.EnvInfo)."""

    def __init__(self, infos: list) -> None:
        super().__init__()
        self.infos = infos


def short_problem(problem: str | None) -> str:
    """The reason without the leading ``environment NAME:`` (the card already names it)."""
    text = (problem or "unreachable").rstrip(".")
    head, sep, rest = text.partition(": ")
    return rest if sep and head.startswith("environment ") else text


class EnvCard(Static, can_focus=True):
    """One environment (or the migrations folder as SOURCE)."""

    BINDINGS = [
        Binding("s", "choose('source')", "Make SOURCE", id="env-source"),
        Binding("t", "choose('target')", "Make TARGET", id="env-target"),
        Binding("enter", "choose('target')", "Make TARGET", show=False),
    ]

    def __init__(self, name: str, protected: bool = False, description: str = "") -> None:
        super().__init__(classes="env-card", markup=True)
        self.env_name = name
        self.protected = protected
        self.description = description
        self.info = None  # EnvInfo once checked
        self.checked = name == MIGRATIONS
        self.role = ""  # "SOURCE", "TARGET" or ""
        self.compact = False  # the two-line form of the bar at < 100 columns
        self.set_class(protected, "protected")

    def on_mount(self) -> None:
        self._render_card()

    def on_resize(self) -> None:
        self._render_card()

    def show_checking(self) -> None:
        if self.env_name != MIGRATIONS:
            self.info, self.checked = None, False
            self.remove_class("ok", "down")
        self._render_card()

    def show(self, info) -> None:
        self.info, self.checked = info, True
        self.set_class(info.reachable, "ok")
        self.set_class(not info.reachable, "down")
        self.tooltip = info.problem or info.url
        self._render_card()

    def set_role(self, role: str) -> None:
        self.role = role
        self.set_class(role == "SOURCE", "source")
        self.set_class(role == "TARGET", "target")
        self._render_card()

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._render_card()

    def _render_card(self) -> None:
        name, info = self.env_name, self.info
        role = f" [reverse] {self.role} [/reverse]" if self.role else ""
        lock = (" [b $warning]🔒[/]" if self.compact else " [b $warning]🔒 protected[/]") if self.protected else ""
        if name == MIGRATIONS:
            lines = ["[dim]the folder, replayed[/dim]", "[@click=choose('source')]make source[/]"]
        elif not self.checked:
            lines = ["[dim]checking…[/dim]"]
        elif self.compact:
            pending = f" · {info.pending} pending" if info.reachable and info.pending else ""
            lines = [f"[$success]●[/] {info.version}{pending}" if info.reachable
                     else f"[$error]✕ {short_problem(info.problem)}[/]"]
        else:
            state = (f"[$success]●[/] PostgreSQL {info.version}" if info.reachable
                     else f"[$error]✕ {short_problem(info.problem)}[/]")
            width = self.content_size.width  # 0 before the first layout: then in full, and again on resize
            host = middle_url(info.host, width) if width else info.host  # one line, the database kept
            lines = [state, f"[dim]{host}[/dim]", _pending_text(info),
                     "[@click=choose('source')]make source[/] · [@click=choose('target')]make target[/]"]
        self.update("\n".join(x for x in [f"[b]{name}[/b]{role}{lock}", *lines] if x))

    def action_choose(self, role: str) -> None:
        if role == "target" and self.env_name == MIGRATIONS:
            role = "source"
        self.post_message(PairChosen(**{role: self.env_name}))


def _pending_text(info) -> str:
    parts = []
    if info.pending is not None:
        parts.append(f"{info.pending} pending" if info.pending else "up to date")
    if info.last_apply is not None and info.last_apply.at is not None:
        who = f" by {info.last_apply.by}" if info.last_apply.by else ""
        parts.append(f"applied {info.last_apply.at:%Y-%m-%d}{who}")
    return " · ".join(parts)


class EnvList(Container):
    """All environments in promotion order, then ``migrations``."""

    def __init__(self, project) -> None:
        super().__init__(id="envs")
        self.project = project

    def compose(self) -> ComposeResult:
        if not self.project.environments:
            yield Static("No environments: add [environments.NAME] to driftdeck.toml, or set DATABASE_URL.",
                         markup=False, classes="env-empty")
        for env in self.project.environments:
            yield EnvCard(env.name, env.protected, env.description)
        yield EnvCard(MIGRATIONS)

    def on_resize(self) -> None:
        compact = self.app.size.width < 100
        for card in self.cards():
            card.set_compact(compact)

    def cards(self) -> list[EnvCard]:
        return list(self.query(EnvCard))

    def card(self, name: str) -> EnvCard:
        return next(c for c in self.cards() if c.env_name == name)

    def focus_list(self) -> None:
        cards = self.cards()
        if cards:
            cards[0].focus()

    def mark_checking(self) -> None:
        for card in self.cards():
            card.show_checking()

    def update_statuses(self, message: EnvsChecked) -> None:
        by_name = {i.name: i for i in message.infos}
        for card in self.cards():
            if card.env_name in by_name:
                card.show(by_name[card.env_name])

    def show_pair(self, source: str | None, target: str | None) -> None:
        for card in self.cards():
            card.set_role("SOURCE" if card.env_name == source else "TARGET" if card.env_name == target else "")
