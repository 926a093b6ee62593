"""The up/down split of a migration file, decided once for review, status and the runner.

A file may hold both directions, marked the dbmate way (``-- migrate:up`` / ``-- migrate:down``)
or the goose way (``-- +goose Up`` / ``-- +goose Down``). The part that applies — the one the
review reads, the checksum-independent text status shows and the runner runs — starts after
the first up marker (or at the top) and ends at the first down marker after it. dbmate's
``-- migrate:up transaction:false`` and goose's ``-- +goose NO TRANSACTION`` say the file must
not run inside one transaction. Pure: text in, offsets out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"(?im)^[ \t]*--[ \t]*(?:migrate:(up|down)|\+goose[ \t]+(up|down))\b([^\n]*)$")
_GOOSE_NO_TX = re.compile(r"(?im)^[ \t]*--[ \t]*\+goose[ \t]+no[ \t]+transaction\b")
_NO_TX_OPTION = re.compile(r"(?i)transaction\s*:\s*false")


@dataclass(frozen=True)
class Sections:
    """Where the applying part of a file is: ``text[up_start:up_end]``; the rollback after it."""

    up_start: int
    up_end: int
    down_sql: str | None  # the down section's text (stripped), None when there is none or it is empty
    options: str  # what follows the up marker (dbmate: "transaction:false")
    no_transaction: bool


def split(text: str) -> Sections:
    """The sections of one migration file (see the module docstring)."""
    if "migrate:" not in text and "+goose" not in text:
        return Sections(0, len(text), None, "", False)
    start, end, options, down = 0, len(text), "", None
    seen_up = False
    for m in _MARK.finditer(text):
        which = (m.group(1) or m.group(2) or "").lower()
        if which == "up" and not seen_up:
            seen_up = True
            start, options = m.end(), m.group(3).strip()
        elif which == "down" and m.start() >= start:
            end, down = m.start(), text[m.end():].strip() or None
            break
    no_tx = bool(_NO_TX_OPTION.search(options) or _GOOSE_NO_TX.search(text))
    return Sections(start, end, down, options, no_tx)
