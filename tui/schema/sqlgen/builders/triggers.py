"""Triggers, policies and row level security (pure); the trigger and rule parts of a table or view that stays."""

from __future__ import annotations

from tui.schema.describe import policy_sql
from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE
from tui.schema.model import Policy, Table, Trigger
from tui.schema.sqlgen.statement import PlannedStatement, comment, statement

# ALTER TABLE … / ALTER EVENT TRIGGER … for each enabled state (pg_trigger.tgenabled, pg_event_trigger.evtenabled)
TRIGGER_STATE = {"O": "ENABLE", "D": "DISABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}


def create_trigger(owner, tr: Trigger) -> list[PlannedStatement]:
    out = [statement(tr.definition, SAFE, "creates the trigger", rollback=f"DROP TRIGGER IF EXISTS {tr.qname} ON {owner.qname}", key=owner.key)]
    if tr.enabled != "O":
        out.append(trigger_state(owner, tr, "O"))
    if tr.comment:
        out.append(comment(f"TRIGGER {tr.qname} ON {owner.qname}", tr.comment, key=owner.key))
    return out


def trigger_state(owner, tr: Trigger, old: str) -> PlannedStatement:
    return statement(f"ALTER TABLE {owner.qname} {TRIGGER_STATE[tr.enabled]} TRIGGER {tr.qname}", SAFE, "trigger state",
                     rollback=f"ALTER TABLE {owner.qname} {TRIGGER_STATE[old]} TRIGGER {tr.qname}", key=owner.key)


def drop_trigger(owner, tr: Trigger, risk=DESTRUCTIVE, reason="drops the trigger") -> PlannedStatement:
    return statement(f"DROP TRIGGER IF EXISTS {tr.qname} ON {owner.qname}", risk, reason, rollback=tr.definition, key=owner.key)


def create_policy(t: Table, p: Policy) -> list[PlannedStatement]:
    out = [statement(policy_sql(p, t.qname), SAFE, "creates the policy", rollback=f"DROP POLICY IF EXISTS {p.qname} ON {t.qname}", key=t.key)]
    if p.comment:
        out.append(comment(f"POLICY {p.qname} ON {t.qname}", p.comment, key=t.key))
    return out


def drop_policy(t: Table, p: Policy, risk=DESTRUCTIVE, reason="drops the policy") -> PlannedStatement:
    return statement(f"DROP POLICY IF EXISTS {p.qname} ON {t.qname}", risk, reason, rollback=policy_sql(p, t.qname), key=t.key)


def rls(t: Table, enabled: bool, forced: bool, old_enabled: bool, old_forced: bool) -> list[PlannedStatement]:
    out = []
    if enabled != old_enabled:
        out.append(statement(f"ALTER TABLE {t.qname} {'ENABLE' if enabled else 'DISABLE'} ROW LEVEL SECURITY",
                             SAFE if enabled else DESTRUCTIVE, "row level security" if enabled else "disables row level security: every row becomes visible",
                             rollback=f"ALTER TABLE {t.qname} {'DISABLE' if enabled else 'ENABLE'} ROW LEVEL SECURITY", key=t.key))
    if forced != old_forced:
        out.append(statement(f"ALTER TABLE {t.qname} {'' if forced else 'NO '}FORCE ROW LEVEL SECURITY", SAFE, "forced row level security",
                             rollback=f"ALTER TABLE {t.qname} {'NO ' if forced else ''}FORCE ROW LEVEL SECURITY", key=t.key))
    return out


def plan_trigger_and_rule_changes(state, c, s, t) -> None:
    """Trigger and rule parts of a table or view that stays (a view's INSTEAD OF triggers and rules too)."""
    from tui.schema.sqlgen.builders.rules import create_rule, drop_rule
    from tui.schema.sqlgen.statement import Phase

    q = s.qname
    for p in c.parts:
        if p.kind not in ("trigger", "rule"):
            continue
        trigger = p.kind == "trigger"
        sub_key = f"{p.kind} {q} {(p.source or p.target).qname}"
        if p.status == ONLY_TARGET:
            state.emit(Phase.DROP_TRIGGERS, drop_trigger(t, p.target) if trigger else drop_rule(t, p.target))
        elif sub_key in state.meaning.dependants:
            continue  # dropped and created again around what it uses
        elif p.status == ONLY_SOURCE:
            state.emit(Phase.FINISH, create_trigger(s, p.source) if trigger else create_rule(s, p.source))
        elif not trigger:
            state.emit(Phase.FINISH, create_rule(s, p.source, p.target))
        elif p.source.definition == p.target.definition:
            if p.source.enabled != p.target.enabled:
                state.emit(Phase.FINISH, trigger_state(s, p.source, p.target.enabled))
            if p.source.comment != p.target.comment:
                state.emit(Phase.FINISH, comment(f"TRIGGER {p.source.qname} ON {q}", p.source.comment, p.target.comment,
                                                 key=c.key))
        else:
            state.emit(Phase.DROP_TRIGGERS, drop_trigger(t, p.target, LOCKING, "definition changes"))
            state.create(sub_key, create_trigger(s, p.source))  # in the transaction that dropped it
