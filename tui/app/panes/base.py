"""What every pane is: a widget built with the project, told when SOURCE/TARGET change and asked to reload.

The contract (app.py's docstring says the same from the shell's side):

- ``XPane(project)`` composes its own content; it reads the app's selection from
  ``self.app.source`` / ``self.app.target`` (environment names, or ``"migrations"`` as SOURCE).
- ``pair_changed(source, target)`` is called on every pane when the selection changes.
- ``reload()`` is called by the shell's Refresh (`r`, palette "Refresh") when the pane is shown.
- Blocking work runs in thread workers that post messages; a failure becomes
  ``self.show_error(sentence, retry)`` (the error panel with a retry key), never a crash.
- ``stop_work()`` is called on quit (q, ctrl+c, SIGTERM, SIGHUP): cancel running queries.
- To open a migration in Review, post :class:`tui.app.messages.OpenInReview`.
- Pane-specific keys go in ``BINDINGS``; the footer shows them while the pane has focus.
"""

from __future__ import annotations

from typing import Callable

from textual.widget import Widget

from tui.config import Project


class Pane(Widget):
    """Base of the four panes (see the module docstring for the contract)."""

    DEFAULT_CSS = """
    Pane { height: 1fr; }
    """

    def __init__(self, project: Project, **kwargs) -> None:
        super().__init__(**kwargs)
        self.project = project

    def is_shown(self) -> bool:
        """Whether this pane's tab is the one shown (outside tabs: whether it is displayed)."""
        from textual.widgets import TabbedContent, TabPane

        tabs = next((a for a in self.ancestors if isinstance(a, TabbedContent)), None)
        if tabs is None:
            return self.display
        active = tabs.active or next((p.id for p in tabs.query(TabPane)), None)  # "" until the tabs have mounted
        return active == getattr(self.parent, "id", None)

    def take_focus(self, widget: Widget) -> None:
        """Focus ``widget`` once the screen is refreshed, if this pane's tab is then still the one
        shown and focus is elsewhere (checked at that moment: a tab switched in between must not
        be switched back, which focusing a widget in a hidden tab does)."""

        def apply() -> None:
            if not self.is_shown():
                return
            focused = self.app.focused
            if focused is None or self not in focused.ancestors:
                self.screen.set_focus(widget)

        self.call_after_refresh(apply)

    def pair_changed(self, source: str | None, target: str | None) -> None:
        """SOURCE or TARGET changed (default: nothing to do)."""

    def reload(self) -> None:
        """Refresh what the pane shows (default: nothing to do)."""

    def stop_work(self) -> None:
        """Cancel running queries before the app exits (default: nothing running)."""

    def show_error(self, sentence: str, retry: Callable[[], None] | None = None) -> None:
        """Show one sentence and a retry key over the pane (the shell's error panel)."""
        from tui.app.widgets.error_panel import ErrorPanel

        for old in self.query(ErrorPanel):
            old.remove()
        self.mount(ErrorPanel(sentence, retry), before=0 if self.children else None)

    def clear_error(self) -> None:
        from tui.app.widgets.error_panel import ErrorPanel

        for old in self.query(ErrorPanel):
            old.remove()
