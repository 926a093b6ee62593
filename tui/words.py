"""Small wording helpers for messages people read (possessives of environment names)."""

from __future__ import annotations


def possessive(name: str) -> str:
    """``prod's``, ``the migrations'`` (the replayed folder), ``Jones'``.

    >>> possessive("migrations"), possessive("prod")
    ("the migrations'", "prod's")
    """
    if name == "migrations" or name.startswith("migrations:"):
        return "the migrations'"
    return f"{name}'" if name.endswith("s") else f"{name}'s"
