"""The header strip: each environment in promotion order with its status (reachable, version, protected)."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Static

from tui.pg.health import EnvStatus


class EnvBadge(Static):
    """One environment: name, protection, and what the last probe said."""

    def __init__(self, name: str, protected: bool) -> None:
        super().__init__(id=f"env-{name}", classes="env-badge")
        self.env_name = name
        self.protected = protected
        self.set_class(protected, "protected")
        self.status: EnvStatus | None = None

    def on_mount(self) -> None:
        self.show_checking()

    def show_checking(self) -> None:
        self.status = None
        self.remove_class("ok", "down")
        self.update(self._label("checking…"))

    def show(self, status: EnvStatus) -> None:
        self.status = status
        self.set_class(status.reachable, "ok")
        self.set_class(not status.reachable, "down")
        self.tooltip = status.problem
        self.update(self._label(f"● PostgreSQL {status.version}" if status.reachable else "✕ unreachable"))

    def _label(self, state: str) -> str:
        lock = " 🔒" if self.protected else ""
        return f"[b]{self.env_name}[/b]{lock}  {state}"


class EnvBar(Horizontal):
    """All environments, left to right in promotion order."""

    def __init__(self, names: list[str], protected: set[str]) -> None:
        super().__init__(id="envbar")
        self._names = names
        self._protected = protected

    def compose(self):
        if not self._names:
            yield Static("No environments configured: add [environments.NAME] to driftdeck.toml.", markup=False, classes="env-empty")
        for name in self._names:
            yield EnvBadge(name, name in self._protected)

    def mark_checking(self) -> None:
        for badge in self.query(EnvBadge):
            badge.show_checking()

    def update_statuses(self, statuses: list[EnvStatus]) -> None:
        by_name = {s.name: s for s in statuses}
        for badge in self.query(EnvBadge):
            if badge.env_name in by_name:
                badge.show(by_name[badge.env_name])
