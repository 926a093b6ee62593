"""The Friday sync's entry on the home screen: one line at the right of the title bar, ``f Friday sync``,
with the step a started sync was left on (read from ``.driftdeck/friday.json``). ``f`` or a click opens
the Friday sync screen, which resumes at that step. The saved step is read after the first paint."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.errors import DriftdeckError


def _label() -> Text:
    return Text.assemble((" f ", "bold reverse"), "Friday sync")


def entry_text(project) -> Text:
    """``f Friday sync`` and where a started sync stands (``› Review 4/7``, or ``› done``)."""
    from tui.workflows import friday

    text = _label()
    try:
        state = friday.load(project)
    except DriftdeckError:
        return text.append(" › unreadable state", style="red")
    if state.started_at is None:
        return text
    if set(friday.STEP_IDS) <= set(state.done):
        return text.append(" › done", style="green")
    title = friday.STEPS[state.index][1]
    return text.append(f" › {title} {state.index + 1}/{len(friday.STEPS)}", style="bold")


class FridayEntry(Static):
    """Shows :func:`entry_text`; ``refresh_state()`` reads the saved step again."""

    def __init__(self, project, **kwargs) -> None:
        super().__init__(_label(), **kwargs)
        self.project = project
        self.tooltip = "The weekly path: environments, drift, a migration, review, staging, prod, summary"

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_state)

    def refresh_state(self) -> None:
        self.update(entry_text(self.project))

    def on_click(self) -> None:
        self.app.run_action("friday_sync")
