"""Objects of kinds driftdeck does not compare, side by side (pure): never a false "no drift".

Each catalog carries ``not_compared``: ``(kind, name, digest)`` rows for the kinds listed in
:mod:`tui.pg.catalog_not_compared`. :func:`not_compared` groups them per kind for both sides;
a kind *differs* when the two sides have different names, or an object of the same name
with a different definition (the digest). ``driftdeck drift`` reports every kind either side
has, and exits 2 (drift) when any of them differs, whatever else it found.

    not_compared(source, target) -> tuple[NotCompared, ...]
    side_summary(items, side) -> "3 foreign servers, 1 publication"   (side: "source" | "target")
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.schema.model import Catalog


@dataclass(frozen=True)
class NotCompared:
    """One kind of object driftdeck does not compare, as found on each side."""

    kind: str  # singular label ("foreign server"); the plural takes an "s"
    source: tuple[str, ...]  # names in SOURCE
    target: tuple[str, ...]  # names in TARGET
    differs: bool  # the names differ, or an object of the same name is defined differently

    def label(self, count: int) -> str:
        return f"{count} {self.kind}{'' if count == 1 else 's'}"


def not_compared(source: Catalog, target: Catalog) -> tuple[NotCompared, ...]:
    by_kind: dict[str, tuple[dict, dict]] = {}
    for i, cat in enumerate((source, target)):
        for kind, name, digest in cat.not_compared:
            by_kind.setdefault(kind, ({}, {}))[i][name] = digest
    return tuple(
        NotCompared(kind, tuple(sorted(s)), tuple(sorted(t)), s != t)
        for kind, (s, t) in sorted(by_kind.items())
    )


def side_summary(items: tuple[NotCompared, ...], side: str) -> str:
    """``"3 foreign servers, 1 publication"`` for the kinds ``side`` ("source"/"target") has; "" when none."""
    return ", ".join(nc.label(len(getattr(nc, side))) for nc in items if getattr(nc, side))


def sentence(items: tuple[NotCompared, ...], source_name: str, target_name: str) -> str:
    """One line for people: what is not compared on each side and whether it differs ("" when nothing)."""
    if not items:
        return ""
    src, tgt = side_summary(items, "source"), side_summary(items, "target")
    if src == tgt and not any(nc.differs for nc in items):
        return f"not compared: {src} on both {source_name} and {target_name} (same names and definitions)"
    sides = [f"{text} on {name}" for text, name in ((src, source_name), (tgt, target_name)) if text]
    differing = ", ".join(nc.kind + "s" for nc in items if nc.differs)
    return f"not compared: {'; '.join(sides)} — {differing} differ: check them by hand"
