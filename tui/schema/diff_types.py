"""How two user-defined types of the same name differ (pure): enums, domains, range types and
composite types.

``type_parts`` returns ``(parts, risk, reason)``; a reason on the type itself means more than
an ALTER: an enum that loses or reorders labels is rebuilt (its columns recast), a domain
whose base type changes and a range type whose definition changes are dropped and created
again. Labels only added are ``ADD VALUE``s.
"""

from __future__ import annotations

from tui.schema.change import DESTRUCTIVE, LOCKING, SAFE, Change, attr_change, comment_and_privileges, diff_named
from tui.schema.diff_relations import constraint_add_risk, constraint_change
from tui.schema.model import CompositeType, Domain, EnumType, RangeType


def enum_addable(s: EnumType, t: EnumType) -> bool:
    """TARGET's labels appear in SOURCE in the same order: only ADD VALUE is needed."""
    it = iter(s.labels)
    return all(any(x == y for y in it) for x in t.labels)


def _enum(s: EnumType, t: EnumType):
    parts = comment_and_privileges(s.key, s, t)
    if s.labels == t.labels:
        return parts, SAFE, ""
    if enum_addable(s, t):
        return parts, SAFE, "values added: " + ", ".join(x for x in s.labels if x not in t.labels)
    return parts, DESTRUCTIVE, "values removed or reordered: the type is rebuilt and columns recast"


def _domain(s: Domain, t: Domain):
    if (s.base, s.collation) != (t.base, t.collation):  # replaced: its comment and privileges come with it
        return [], DESTRUCTIVE, "base type changes: the domain is dropped and created again"
    key, parts = s.key, []
    if s.default != t.default:
        parts.append(attr_change(key, "default", s.default, t.default))
    if s.not_null != t.not_null:
        parts.append(attr_change(key, "not null", s.not_null, t.not_null, LOCKING if s.not_null else SAFE))
    parts += diff_named("constraint", key, s.constraints, t.constraints, constraint_change, constraint_add_risk,
                        "drops the constraint")
    return parts + comment_and_privileges(key, s, t), SAFE, ""


def _range(s: RangeType, t: RangeType):
    parts = comment_and_privileges(s.key, s, t)
    if s.definition != t.definition:
        return parts, DESTRUCTIVE, "range definition changes: the type is dropped and created again"
    return parts, SAFE, ""


def _composite(s: CompositeType, t: CompositeType):
    parts = diff_named("attribute", s.key, s.attributes, t.attributes,
                       lambda a, b: (LOCKING, "attribute type changes"), lambda a: (SAFE, ""), "drops the attribute")
    return parts + comment_and_privileges(s.key, s, t), SAFE, ""


_BY_TYPE = {EnumType: _enum, Domain: _domain, RangeType: _range, CompositeType: _composite}


def type_parts(s, t) -> tuple[list[Change], str, str]:
    """``(parts, risk, reason)`` of two types of the same name and kind, comment and privileges included."""
    return _BY_TYPE[type(s)](s, t)
