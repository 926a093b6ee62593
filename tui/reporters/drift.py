"""Drift for people and for scripts: a rich tree and a stable JSON document (rich loaded only for the tree).

``drift_tree(drift, source_name, target_name) -> rich.tree.Tree``: ``+`` green = only in
SOURCE (will be created in TARGET), ``−`` red = only in TARGET (would be dropped), ``~``
yellow = differs; risk shown as ``[destructive]`` / ``[locking]``.

``drift_json(drift, plan=None) -> dict`` — the JSON format (``format: "driftdeck.drift/1"``)::

    {
      "format": "driftdeck.drift/1",
      "source": {"label": str, "server_version_num": int},
      "target": {"label": str, "server_version_num": int},
      "drift": bool,                    # true also when only kinds not compared differ (exit code 2)
      "summary": {"only_in_source": int, "only_in_target": int, "differs": int,
                  "destructive": int, "locking": int},
      "schemas": [                      # sorted by name; "" holds database-level objects (extensions)
        {"name": str, "status": str | null,       # status of the schema itself, null when both have it
         "objects": [NODE, ...]}
      ],
      "renames": [{"kind": str, "parent": str, "old": str, "new": str}],   # possible renames, never applied
      "not_compared": [                 # kinds driftdeck does not compare, when either side has some
        {"kind": str, "source_count": int, "target_count": int, "source": [str], "target": [str],
         "differs": bool}               # names differ, or one of the same name is defined differently
      ],
      "statements": [                   # only with a plan
        {"sql": str,                    # secret values (passwords, secret-looking options) masked
         "risk": str, "reason": str, "transactional": bool, "commented_out": bool}
      ]
    }
    NODE = {"kind": str,                # table, column, constraint, index, view, function, enum, …
            "key": str,                 # stable identity key, e.g. "table public.users/column email"
            "name": str,
            "status": "only-in-source" | "only-in-target" | "differs",
            "risk": "safe" | "locking" | "destructive",
            "reason": str,
            "before": str | null,       # TARGET's definition
            "after": str | null,        # SOURCE's definition
            "rename_of": str | null,    # key of the other half of a possible rename
            "parts": [NODE, ...]}

Keys are emitted in this order; new keys may be added, existing ones keep their meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is loaded by drift_tree only: --format json/sql never needs it
    from rich.text import Text
    from rich.tree import Tree

from tui.schema.diff import DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, Change, Drift
from tui.schema.not_compared import sentence

FORMAT = "driftdeck.drift/1"
_SYMBOL = {ONLY_SOURCE: ("+", "green"), ONLY_TARGET: ("−", "red"), DIFFERS: ("~", "yellow")}
_RISK_STYLE = {DESTRUCTIVE: "bold red", LOCKING: "magenta"}


def node_json(c: Change) -> dict:
    return {
        "kind": c.kind,
        "key": c.key,
        "name": c.name,
        "status": c.status,
        "risk": c.risk,
        "reason": c.reason,
        "before": c.before,
        "after": c.after,
        "rename_of": c.rename_of,
        "parts": [node_json(p) for p in c.parts],
    }


def summary(drift: Drift) -> dict:
    out = {"only_in_source": 0, "only_in_target": 0, "differs": 0, "destructive": 0, "locking": 0}
    for c in drift.changes:
        for n in c.walk():
            if n.parts and n.status == DIFFERS:
                continue
            out[n.status.replace("-", "_")] += 1
            if n.risk in (DESTRUCTIVE, LOCKING):
                out[n.risk] += 1
    return out


def drift_json(drift: Drift, plan=None) -> dict:
    doc = {
        "format": FORMAT,
        "source": {"label": drift.source.label, "server_version_num": drift.source.server_version_num},
        "target": {"label": drift.target.label, "server_version_num": drift.target.server_version_num},
        "drift": drift.differs,
        "summary": summary(drift),
        "schemas": [
            {
                "name": g.name,
                "status": g.change.status if g.change else None,
                "objects": [node_json(c) for c in g.objects],
            }
            for g in drift.groups
        ],
        "renames": [{"kind": r.kind, "parent": r.parent, "old": r.old, "new": r.new} for r in drift.renames],
        "not_compared": [
            {"kind": nc.kind, "source_count": len(nc.source), "target_count": len(nc.target),
             "source": list(nc.source), "target": list(nc.target), "differs": nc.differs}
            for nc in drift.not_compared
        ],
    }
    if plan is not None:
        doc["statements"] = [
            {"sql": s.shown_sql, "risk": s.risk, "reason": s.reason, "transactional": s.transactional,
             "commented_out": s.commented_out}
            for s in plan.statements
        ]
    return doc


def _short(text: str | None, limit: int = 60) -> str | None:
    if text is None:
        return None
    one = " ".join(text.split())
    return one if len(one) <= limit else None


def _column_facets(c: Change) -> str:
    s, t = c.source, c.target
    out = []
    if (s.type, s.collation) != (t.type, t.collation):
        out.append(f"type {t.type}{' COLLATE ' + t.collation if t.collation else ''} → {s.type}"
                   f"{' COLLATE ' + s.collation if s.collation else ''}")
    if s.generated != t.generated or (s.generated and s.default != t.default):
        out.append("generated expression")
    elif s.default != t.default:
        out.append(f"default {t.default or '(none)'} → {s.default or '(none)'}")
    if s.not_null != t.not_null:
        out.append("NOT NULL" if s.not_null else "nullable")
    if s.identity != t.identity:
        out.append("identity")
    if s.comment != t.comment:
        out.append("comment")
    return ", ".join(out)


def _label(c: Change, source_name: str, target_name: str) -> Text:
    from rich.text import Text

    sym, colour = _SYMBOL[c.status]
    t = Text()
    t.append(f"{sym} ", style=f"bold {colour}")
    t.append(f"{c.kind} ", style="dim")
    t.append(c.name, style=colour)
    if c.status == ONLY_SOURCE:
        t.append(f"  only in {source_name}", style="dim")
    elif c.status == ONLY_TARGET:
        t.append(f"  only in {target_name}", style="dim")
    else:
        before, after = _short(c.before), _short(c.after)
        facets = _column_facets(c) if c.kind == "column" else None
        if facets:
            t.append(f"  {facets}", style="dim")
        elif c.kind == "attribute" and before and after and before != after:
            t.append(f"  {before} → {after}", style="dim")
        elif c.reason:
            t.append(f"  {c.reason}", style="dim")
    if c.risk in _RISK_STYLE:
        t.append(f"  [{c.risk}]", style=_RISK_STYLE[c.risk])
    if c.rename_of:
        t.append("  possible rename", style="cyan")
    return t


def _add(branch: Tree, c: Change, source_name: str, target_name: str) -> None:
    node = branch.add(_label(c, source_name, target_name))
    for p in c.parts:
        _add(node, p, source_name, target_name)


def drift_tree(drift: Drift, source_name: str, target_name: str) -> Tree:
    from rich.text import Text
    from rich.tree import Tree

    root = Tree(Text.assemble(("drift ", "bold"), (source_name, "bold green"), " → ", (target_name, "bold red"),
                              ("   (+ only in ", "dim"), (source_name, "dim"), (", − only in ", "dim"),
                              (target_name, "dim"), (", ~ differs)", "dim")))
    if drift.not_compared:
        differs = any(nc.differs for nc in drift.not_compared)
        root.add(Text(sentence(drift.not_compared, source_name, target_name), style="bold yellow" if differs else "dim"))
    for g in drift.groups:
        if g.change is not None:
            _add(root, g.change, source_name, target_name)
            if not g.objects:
                continue
        label = Text(f"schema {g.name}" if g.name else "database", style="bold")
        branch = root.add(label)
        for c in g.objects:
            _add(branch, c, source_name, target_name)
    return root


def summary_line(drift: Drift, source_name: str, target_name: str) -> str:
    s = summary(drift)
    if drift.is_empty and drift.differs:
        return (f"No drift in what driftdeck compares, but {target_name} and {source_name} differ in objects it does"
                " not compare (listed above): check them by hand.")
    if drift.is_empty:
        same = " (the objects of kinds it does not compare are the same on both sides)" if drift.not_compared else ""
        return f"No drift: {target_name} matches the schema of {source_name}{same}."
    parts = [f"{s['only_in_source']} only in {source_name}", f"{s['only_in_target']} only in {target_name}",
             f"{s['differs']} different"]
    risky = []
    if s["destructive"]:
        risky.append(f"{s['destructive']} destructive")
    if s["locking"]:
        risky.append(f"{s['locking']} locking")
    line = "Drift: " + ", ".join(parts) + (f" ({', '.join(risky)})" if risky else "") + "."
    if drift.renames:
        line += f" {len(drift.renames)} possible rename(s): check before applying."
    return line
