"""Rewrite rules (pure): CREATE [OR REPLACE] RULE, DROP RULE, their enabled state and comment.

A rule hangs off a table or view like a trigger: dropped early (``Phase.DROP_TRIGGERS``,
before what it uses can go), created late (``Phase.FINISH``, once every table, view and
function exists). A changed definition is replaced in place (``CREATE OR REPLACE RULE``);
the enabled state is an ``ALTER TABLE`` (PostgreSQL refuses it on views, whose rules are
always enabled).
"""

from __future__ import annotations

from tui.schema.diff import DESTRUCTIVE, SAFE
from tui.schema.model import Rule
from tui.schema.sqlgen.builders.triggers import TRIGGER_STATE
from tui.schema.sqlgen.statement import PlannedStatement, comment, statement


def _or_replace(r: Rule) -> str:
    return "CREATE OR REPLACE RULE" + r.definition[len("CREATE RULE"):]


def create_rule(owner, r: Rule, old: Rule | None = None) -> list[PlannedStatement]:
    """The rule (replacing TARGET's ``old`` in place when given), its state and comment."""
    sql = _or_replace(r) if old is not None else r.definition
    undo = _or_replace(old) if old is not None else f"DROP RULE IF EXISTS {r.qname} ON {owner.qname}"
    out = [statement(sql, SAFE, "creates the rule" if old is None else "replaces the rule", rollback=undo, key=owner.key)]
    was = old.enabled if old is not None else "O"
    if r.enabled != was:
        out.append(rule_state(owner, r, was))
    old_comment = old.comment if old is not None else None
    if r.comment != old_comment:
        out.append(comment(f"RULE {r.qname} ON {owner.qname}", r.comment, old_comment, key=owner.key))
    return out


def rule_state(owner, r: Rule, old: str) -> PlannedStatement:
    return statement(f"ALTER TABLE {owner.qname} {TRIGGER_STATE[r.enabled]} RULE {r.qname}", SAFE, "rule state",
                     rollback=f"ALTER TABLE {owner.qname} {TRIGGER_STATE[old]} RULE {r.qname}", key=owner.key)


def drop_rule(owner, r: Rule, risk=DESTRUCTIVE, reason="drops the rule") -> PlannedStatement:
    return statement(f"DROP RULE IF EXISTS {r.qname} ON {owner.qname}", risk, reason, rollback=r.definition, key=owner.key)
