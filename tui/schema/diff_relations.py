"""How two tables or two views of the same name differ (pure): their columns, constraints,
indexes, triggers, rules and policies, and a table's own settings (row level security,
replica identity, logging, storage options, inheritance, partition).

Each part's risk says what applying it costs: a column type that rewrites the table, a column
dropped with its data, a constraint that builds an index. ``table_parts`` and ``view_parts``
return ``(parts, risk, reason)``; a reason on the object itself means it is replaced (a table
whose partitioning changes, a view that cannot be replaced in place).
"""

from __future__ import annotations

from tui.schema.change import (
    DESTRUCTIVE, LOCKING, SAFE, Change, attr_change, comment_and_privileges, diff_named, worst,
)
from tui.schema.describe import replica_identity_sql, type_change_rewrites
from tui.schema.model import CONSTRAINT_KINDS, Column, Constraint, Index, Policy, Rule, Table, Trigger, View


def _column_change(s: Column, t: Column):
    reasons, risk = [], SAFE
    if s.type != t.type or s.collation != t.collation:
        if s.collation != t.collation or type_change_rewrites(t.type, s.type):
            risk = DESTRUCTIVE
            reasons.append(f"type {t.type} → {s.type} rewrites the table under an exclusive lock and may fail or lose data")
        else:
            risk = worst(risk, LOCKING)
            reasons.append(f"type {t.type} → {s.type} (no rewrite, brief exclusive lock)")
    if s.generated != t.generated or (s.generated and s.default != t.default):
        risk = DESTRUCTIVE
        reasons.append("generated expression changes: the column is dropped and added again")
    elif s.default != t.default:
        reasons.append(f"default {t.default or '(none)'} → {s.default or '(none)'}")
    if s.identity != t.identity:
        risk = worst(risk, LOCKING)
        reasons.append("identity changes")
    elif s.identity_options != t.identity_options:
        reasons.append("identity sequence options change")
    if s.storage != t.storage:
        reasons.append("storage changes")
    if s.compression != t.compression:
        reasons.append("compression changes")
    if s.not_null != t.not_null:
        if s.not_null:
            risk = worst(risk, LOCKING)
            reasons.append("becomes NOT NULL (checked through a validated CHECK constraint)")
        else:
            reasons.append("becomes nullable")
    if s.comment != t.comment:
        reasons.append("comment changes")
    if s.grants != t.grants:
        reasons.append("privileges change")
    return risk, "; ".join(reasons)


def column_add_risk(s: Column):
    """``(risk, reason)`` of adding SOURCE's column to TARGET's table."""
    if s.not_null and s.default is None and not s.identity and not s.generated:
        return LOCKING, "NOT NULL column without default: fails if the table has rows"
    if s.generated == "s" or s.identity:
        return LOCKING, "stored generated / identity column rewrites the table"
    return SAFE, ""


def constraint_change(s: Constraint, t: Constraint):
    """``(risk, reason)`` of a constraint of a table or domain both sides have; risk None when nothing to do."""
    if s.kind == t.kind and s.definition == t.definition:
        if s.validated and not t.validated:
            return SAFE, "to be validated"
        if not s.validated and t.validated:
            return None, ""  # a validated constraint already satisfies a NOT VALID one
        if s.comment != t.comment:
            return SAFE, "comment changes"
        return None, ""
    return LOCKING, "definition changes: dropped and added again"


def constraint_add_risk(s: Constraint):
    if s.kind in ("p", "u", "x"):
        return LOCKING, f"{CONSTRAINT_KINDS[s.kind]} builds an index"
    return SAFE, "added NOT VALID, then validated"


def _index_change(s: Index, t: Index):
    if s.definition != t.definition:
        return LOCKING, "definition changes: rebuilt concurrently"
    if s.valid and not t.valid:
        return LOCKING, "invalid in TARGET: rebuilt concurrently"
    if s.comment != t.comment:
        return SAFE, "comment changes"
    return None, ""


def _compare_definition_state_comment(on_definition: tuple[str, str]):
    """The comparison of a trigger or a rule: its definition, then its enabled state, then its comment."""
    def compare(s: Trigger | Rule, t: Trigger | Rule):
        if s.definition != t.definition:
            return on_definition
        if s.enabled != t.enabled:
            return SAFE, "enabled state changes"
        return SAFE, "comment changes"
    return compare


_trigger_change = _compare_definition_state_comment((LOCKING, "definition changes: dropped and created again"))
_rule_change = _compare_definition_state_comment((SAFE, "definition changes (CREATE OR REPLACE RULE)"))


def _policy_change(s: Policy, t: Policy):
    return SAFE, "policy changes"


def trigger_parts(key, s, t) -> list[Change]:
    """The triggers of a table, view or foreign table."""
    return diff_named("trigger", key, s.triggers, t.triggers, _trigger_change, lambda x: (SAFE, ""), "drops the trigger")


def _triggers_and_rules(key, s, t) -> list[Change]:
    """Triggers (INSTEAD OF ones on views too) and rules of a table or view."""
    return trigger_parts(key, s, t) + diff_named("rule", key, s.rules, t.rules, _rule_change, lambda x: (SAFE, ""),
                                                 "drops the rule")


def _index_parts(key, src, tgt):
    return diff_named("index", key, src, tgt, _index_change, lambda x: (SAFE, "built concurrently"), "drops the index")


def needs_table_rebuild(s: Table, t: Table) -> bool:
    """Partitioning scheme changes cannot be altered in place."""
    return s.partitioned != t.partitioned or s.partition_key != t.partition_key


def view_replaceable(s: View, t: View) -> bool:
    """CREATE OR REPLACE VIEW works: same kind, old columns kept as a prefix with the same names and types."""
    if s.materialized or t.materialized:
        return False
    if len(s.columns) < len(t.columns):
        return False
    return all((a.name, a.type, a.collation) == (b.name, b.type, b.collation) for a, b in zip(s.columns, t.columns))


def table_parts(s: Table, t: Table) -> tuple[list[Change], str, str]:
    """``(parts, risk, reason)`` of two tables of the same name."""
    if needs_table_rebuild(s, t):
        return [], DESTRUCTIVE, "partitioning changes: the table is dropped and created again"
    key = s.key
    parts = []
    parts += diff_named("column", key, s.columns, t.columns, _column_change, column_add_risk, "drops the column and its data")
    parts += diff_named(
        "constraint", key, s.constraints, t.constraints, constraint_change, constraint_add_risk, "drops the constraint",
    )
    parts += _index_parts(key, s.indexes, t.indexes)
    parts += _triggers_and_rules(key, s, t)
    parts += diff_named(
        "policy", key, s.policies, t.policies, _policy_change, lambda x: (SAFE, ""), "drops the policy"
    )
    if s.rls != t.rls:
        parts.append(attr_change(key, "row level security", s.rls, t.rls, SAFE if s.rls else DESTRUCTIVE,
                           "enables row level security" if s.rls else "disables row level security"))
    if s.rls_forced != t.rls_forced:
        parts.append(attr_change(key, "force row level security", s.rls_forced, t.rls_forced))
    if (s.replica_identity, s.replica_index) != (t.replica_identity, t.replica_index):
        parts.append(attr_change(key, "replica identity", replica_identity_sql(s.replica_identity, s.replica_index),
                                 replica_identity_sql(t.replica_identity, t.replica_index)))
    if s.unlogged != t.unlogged:
        parts.append(attr_change(key, "unlogged", s.unlogged, t.unlogged, LOCKING, "SET LOGGED/UNLOGGED rewrites the table"))
    if s.options != t.options:
        parts.append(attr_change(key, "storage options", s.options, t.options))
    if s.inherits != t.inherits:
        parts.append(attr_change(key, "inherits", s.inherits, t.inherits, LOCKING, "inheritance changes"))
    if (s.partition_of, s.partition_bound) != (t.partition_of, t.partition_bound):
        parts.append(attr_change(key, "partition of", (s.partition_of, s.partition_bound), (t.partition_of, t.partition_bound),
                           LOCKING, "partition is detached / attached"))
    parts += comment_and_privileges(key, s, t)
    return parts, SAFE, ""


def view_parts(s: View, t: View) -> tuple[list[Change], str, str]:
    """``(parts, risk, reason)`` of two views (or materialized views) of the same name."""
    risk, reason = SAFE, ""
    if s.definition != t.definition or s.options != t.options or s.materialized != t.materialized:
        if view_replaceable(s, t):
            risk, reason = SAFE, "definition changes (CREATE OR REPLACE)"
        else:
            risk, reason = LOCKING, "definition changes: dropped and created again with its dependants"
    parts = _index_parts(s.key, s.indexes, t.indexes) + _triggers_and_rules(s.key, s, t)
    return parts + comment_and_privileges(s.key, s, t), risk, reason
