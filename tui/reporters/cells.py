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
PLACE_MIN = 8  # characters of a URL's host part kept before its database name


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


def middle_url(url: str, width: int) -> str:
    """A URL (or ``host:port/db``) shortened to ``width`` with its database name kept whole: the
    query (``?sslmode=…``) is cut first, then the middle of the part before the database (in a
    narrow column, all of it).

    >>> middle_url("postgresql://app@db-primary.example.com:5432/app_production?sslmode=require", 40)
    'postgresql:…le.com:5432/app_production?…'
    """
    if len(url) <= width or width <= 1:
        return middle(url, width)
    head, query, _ = url.partition("?")
    start = head.find("://") + 3 if "://" in head else 0
    cut = head.rfind("/")
    if cut < start:  # no database in it
        return middle(url, width)
    place, db = head[:cut], head[cut:]
    for tail in (db + (f"?{ELLIPSIS}" if query else ""), db):
        room = width - len(tail)
        if room >= PLACE_MIN:
            return middle(place, room) + tail
    return ELLIPSIS + middle(db, width - 1)  # a narrow column: the database alone


class Middle:
    """A cell that shortens its text in the middle to the width it is rendered at (one line);
    ``url=True``: a URL, whose database name stays whole (:func:`middle_url`)."""

    def __init__(self, text: str, style: str = "", url: bool = False) -> None:
        self.text = text
        self.style = style
        self.shorten = middle_url if url else middle

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement(min(len(self.text), MIN_WIDTH), len(self.text))

    def __rich_console__(self, console, options):
        yield Text(self.shorten(self.text, options.max_width), style=self.style, no_wrap=True, overflow="crop")
