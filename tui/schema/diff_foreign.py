"""How two foreign data wrappers, servers, user mappings or foreign tables of the same name differ (pure).

Option values that look secret are compared as read but shown masked. A server whose
wrapper or type changes, and a foreign table whose server, parent or partition bound changes, cannot be altered:
they are dropped and created again (``reason`` says so). A foreign table holds no rows
here, so dropping one of its columns loses no data: such parts are ``locking``, not
``destructive``.
"""

from __future__ import annotations

from tui.schema.change import (
    DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, attr_change, diff_named, part_change,
)
from tui.schema.model import Constraint
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable, UserMapping
from tui.schema.secrets import masked_options


def _opts(options) -> str:
    return ", ".join(f"{n} '{v}'" for n, v in masked_options(options)) or "(none)"


def _common(key: str, s, t, parts: list[Change]) -> None:
    if s.options != t.options:
        parts.append(attr_change(key, "options", _opts(s.options), _opts(t.options)))
    if getattr(s, "comment", None) != getattr(t, "comment", None):
        parts.append(attr_change(key, "comment", s.comment, t.comment))
    if getattr(s, "grants", ()) != getattr(t, "grants", ()):  # a user mapping has none
        parts.append(attr_change(key, "privileges", s.grants, t.grants))


def foreign_parts(s, t) -> tuple[list[Change], str, str]:
    """``(parts, risk, reason)`` for any foreign-data object; a reason means dropped and created again."""
    parts: list[Change] = []
    key = s.key
    if isinstance(s, ForeignDataWrapper):
        if (s.handler, s.validator) != (t.handler, t.validator):
            parts.append(attr_change(key, "handler and validator", (s.handler, s.validator), (t.handler, t.validator)))
    elif isinstance(s, ForeignServer):
        if (s.wrapper, s.type) != (t.wrapper, t.type):
            return [], LOCKING, "wrapper or type changes: the server is dropped and created again"
        if s.version != t.version:
            parts.append(attr_change(key, "version", s.version, t.version))
    elif isinstance(s, ForeignTable):
        if s.server != t.server:
            return [], LOCKING, "server changes: the foreign table is dropped and created again"
        if (s.partition_of, s.partition_bound, s.inherits) != (t.partition_of, t.partition_bound, t.inherits):
            return [], LOCKING, "partition or inheritance changes: the foreign table is dropped and created again"
        parts += _columns(key, s, t)
        parts += diff_named("constraint", key, s.constraints, t.constraints, _constraint_change,
                            lambda c: (SAFE, "a check the remote data is assumed to meet"), "drops the constraint")
    elif not isinstance(s, UserMapping):
        raise TypeError(s)
    _common(key, s, t, parts)
    return parts, SAFE, ""


def _constraint_change(s: Constraint, t: Constraint):
    if s.definition != t.definition:
        return SAFE, "definition changes: dropped and added again"
    return (SAFE, "comment changes") if s.comment != t.comment else (None, "")


def _columns(key: str, s: ForeignTable, t: ForeignTable) -> list[Change]:
    """Columns compared with their options (a foreign table's columns carry OPTIONS of their own)."""
    src, tgt = {c.name: c for c in s.columns}, {c.name: c for c in t.columns}
    out = []
    for name, a in src.items():
        b = tgt.get(name)
        if b is None:
            out.append(part_change("column", key, a, ONLY_SOURCE, a, None))
        elif (a, s.options_of(name)) != (b, t.options_of(name)):
            out.append(part_change("column", key, a, DIFFERS, a, b, SAFE, "column or its options change"))
    out += [part_change("column", key, b, ONLY_TARGET, None, b, LOCKING, "drops the column (the remote data stays)")
            for name, b in tgt.items() if name not in src]
    return out
