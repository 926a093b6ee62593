"""Small wording helpers for messages people read (possessives of environment names, saved times)."""

from __future__ import annotations


def possessive(name: str) -> str:
    """``prod's``, ``the migrations'`` (the replayed folder), ``Jones'``.

    >>> possessive("migrations"), possessive("prod")
    ("the migrations'", "prod's")
    """
    if name == "migrations" or name.startswith("migrations:"):
        return "the migrations'"
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def when_text(stamp: str | None) -> str:
    """A saved ISO time as a person reads it (``2026-03-02 14:05 UTC``); the text as it is when it is no time."""
    from datetime import datetime, timezone

    try:
        return f"{datetime.fromisoformat(stamp).astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
    except (TypeError, ValueError):
        return str(stamp)
