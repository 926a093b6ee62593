"""The drift tree's node (:class:`Change`), its statuses and risk levels, and the helpers every
kind's comparison uses (pure). :mod:`tui.schema.diff` and the per-family diff modules build
the tree from these; everything here is re-exported by ``tui.schema.diff``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.risk import DRIFT_RISKS

ONLY_SOURCE = "only-in-source"
ONLY_TARGET = "only-in-target"
DIFFERS = "differs"

SAFE, LOCKING, DESTRUCTIVE = DRIFT_RISKS  # mapped to the review's low/medium/high in tui.risk
_RISK_ORDER = {SAFE: 0, LOCKING: 1, DESTRUCTIVE: 2}


def worst(*risks: str) -> str:
    return max(risks, key=lambda r: _RISK_ORDER[r]) if risks else SAFE


@dataclass(frozen=True)
class Change:
    """One node of the drift tree: an object or a part of one (column, constraint, index…)."""

    kind: str
    key: str
    name: str
    status: str
    source: object = None
    target: object = None
    risk: str = SAFE
    reason: str = ""
    parts: tuple["Change", ...] = ()
    rename_of: str | None = None  # key of the other half of a possible rename

    @property
    def before(self) -> str | None:
        from tui.schema.describe import describe  # on use: the console's first screen imports this module

        return describe(self.target) if self.target is not None else None

    @property
    def after(self) -> str | None:
        from tui.schema.describe import describe

        return describe(self.source) if self.source is not None else None

    def walk(self):
        yield self
        for p in self.parts:
            yield from p.walk()


# ---------------------------------------------------------------- helpers

def by_name(items) -> dict:
    return {i.name: i for i in items}


def part_change(kind, parent_key, obj, status, source=None, target=None, risk=SAFE, reason="", name=None):
    name = name or obj.name
    return Change(kind, f"{parent_key}/{kind} {name}", name, status, source, target, risk, reason)


def diff_named(kind, parent_key, src_items, tgt_items, compare, add_risk, drop_reason, label=None):
    """Parts of one kind (columns, constraints, …) compared by name."""
    src, tgt = by_name(src_items), by_name(tgt_items)
    out = []
    for name, s in src.items():
        t = tgt.get(name)
        k = label(s) if label else kind
        if t is None:
            risk, reason = add_risk(s)
            out.append(part_change(k, parent_key, s, ONLY_SOURCE, s, None, risk, reason))
        elif s != t:
            risk, reason = compare(s, t)
            if risk is not None:
                out.append(part_change(k, parent_key, s, DIFFERS, s, t, risk, reason))
    for name, t in tgt.items():
        if name not in src:
            out.append(part_change(label(t) if label else kind, parent_key, t, ONLY_TARGET, None, t, DESTRUCTIVE, drop_reason))
    return out


def attr_change(parent_key, name, s, t, risk=SAFE, reason=""):
    return Change("attribute", f"{parent_key}/attribute {name}", name, DIFFERS, s, t, risk, reason or f"{name} changes")


def comment_and_privileges(key, s, t) -> list[Change]:
    """The comment and privileges parts of an object that has both (a table, a view, a function, a type…)."""
    out = [attr_change(key, "comment", s.comment, t.comment)] if s.comment != t.comment else []
    if s.grants != t.grants:
        out.append(attr_change(key, "privileges", s.grants, t.grants))
    return out
