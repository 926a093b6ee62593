"""Table cells for terminal output: long URLs and file names shortened in the middle, never broken.

A URL or file name folded over two lines cannot be copied or clicked; cut at the end, it
loses the part that tells two apart (the database, the migration's name). :class:`Middle`
keeps both ends and puts ``…`` in the middle, at whatever width the table gives the column.
"""

from __future__ import annotations

from rich.measure import Measurement
from rich.text import Text

ELLIPSIS = "…"
MIN_WIDTH = 16  # a column is never squeezed below this for a middle-shortened cell


def middle(text: str, width: int) -> str:
    """``text`` shortened to ``width`` characters by replacing its middle with ``…``."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    keep = width - 1
    head = (keep + 1) // 2
    tail = keep - head
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


class Middle:
    """A cell that shortens its text in the middle to the width it is rendered at (one line)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement(min(len(self.text), MIN_WIDTH), len(self.text))

    def __rich_console__(self, console, options):
        yield Text(middle(self.text, options.max_width), style=self.style, no_wrap=True, overflow="crop")
