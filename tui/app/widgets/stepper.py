"""The wizard's stepper: one line naming every step, the done ones ticked, the current one highlighted,
a failed or cancelled one crossed out in red. It fits 80 columns (ticks are dropped first when tight)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

DONE, CURRENT, FAILED, TODO = "done", "current", "failed", "todo"
SEPARATOR = " › "


class Stepper(Static):
    """``Stepper(steps)`` with ``steps`` as (id, title); ``show(current, states)`` redraws it."""

    DEFAULT_CSS = """
    Stepper { height: 1; padding: 0 1; background: $boost; }
    """

    def __init__(self, steps, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.steps = tuple(steps)
        self.current = self.steps[0][0]
        self.states: dict[str, str] = {}

    def show(self, current: str, states: dict[str, str]) -> None:
        self.current, self.states = current, dict(states)
        self.update(self.text())

    def state_of(self, step: str) -> str:
        if step in self.states:
            return self.states[step]
        return CURRENT if step == self.current else TODO

    def text(self, marks: bool = True) -> Text:
        out = Text()
        for n, (step, title) in enumerate(self.steps):
            if n:
                out.append(SEPARATOR, style="dim")
            state = self.state_of(step)
            if state == DONE:
                out.append(("✓" if marks else "") + title, style="green")
            elif state == FAILED:
                out.append("✗" + title, style="bold red")
            elif step == self.current:
                out.append(f" {title} ", style="bold reverse")
            else:
                out.append(title, style="dim")
        return out

    def on_resize(self) -> None:
        self.update(self.text())

    def render(self):
        text = self.text()
        if self.size.width and text.cell_len > self.size.width:
            text = self.text(marks=False)
        return text
