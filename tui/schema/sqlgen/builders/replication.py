"""Publications and subscriptions (pure).

Publications are created late (``Phase.FINISH``, once their tables and schemas exist) and
dropped early (``Phase.DROP_TRIGGERS``). A member whose column list or row filter changes, or that stops being
published, leaves the publication early (a published column cannot be dropped or retyped)
and comes back late; so does a member with a row filter or column list whose table's
columns change type (PostgreSQL refuses to retype a column a row filter uses), and a member
whose table is dropped and created again comes back late (:func:`republish_changed_tables`).
Subscriptions are created ``connect = false`` (no connection to the
publisher, no slot, no copy) and enabled separately when SOURCE's is; publications are
switched ``WITH (refresh = false)``; dropping one first detaches its slot (``slot_name =
NONE``), which is left on the publisher. Their owner is compared and set without ``--owners``; an
``OWNER TO`` a role TARGET does not have is written commented out, saying so (:func:`for_role`).
"""

from __future__ import annotations

from tui.schema.describe_replication import (
    CREATE_OPTIONS, publication_objects, publication_options, publication_sql, subscription_options, subscription_sql,
)
from tui.schema.diff import DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.diff_replication import RECREATE_OPTIONS
from tui.schema.model_replication import Publication, Subscription
from tui.schema.secrets import conninfo_secrets
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, for_role, statement
from tui.sqlquote import quote_literal, unquote

EARLY, LATE = Phase.DROP_TRIGGERS, Phase.FINISH


def owner_to(what: str, s, old: str | None, roles) -> PlannedStatement:
    """``ALTER PUBLICATION|SUBSCRIPTION name OWNER TO`` SOURCE's owner (``old``: TARGET's, to undo it)."""
    head = f"ALTER {what} {s.qname} OWNER TO "
    st = statement(head + s.owner, rollback=head + old if old else None, key=s.key)
    return for_role(st, unquote(s.owner), roles)


def create_publication(p: Publication, risk=SAFE, reason="creates the publication", roles=None) -> list[PlannedStatement]:
    out = [statement(publication_sql(p), risk, reason, rollback=f"DROP PUBLICATION IF EXISTS {p.qname}", key=p.key)]
    if p.owner:
        out.append(owner_to("PUBLICATION", p, None, roles))
    if p.comment is not None:
        out.append(comment(f"PUBLICATION {p.qname}", p.comment, key=p.key))
    return out


def drop_publication(p: Publication, risk=DESTRUCTIVE, reason="drops the publication") -> PlannedStatement:
    return statement(f"DROP PUBLICATION IF EXISTS {p.qname}", risk, reason, rollback=publication_sql(p), key=p.key)


def _plan(pl: PlanState, c: Change, create, drop, alter) -> PlanState:
    """Created late, dropped early, dropped and created again when the change says why, else altered."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        pl.emit(LATE, create(s, roles=pl.target_roles))
    elif c.status == ONLY_TARGET:
        pl.emit(EARLY, drop(t))
    elif c.reason:
        pl.emit(EARLY, drop(t, c.risk, c.reason))
        pl.emit(LATE, create(s, c.risk, c.reason, pl.target_roles))
    else:
        alter(pl, c, s, t)
    return pl


def plan_publication(pl: PlanState, c: Change) -> PlanState:
    return _plan(pl, c, create_publication, drop_publication, _alter_publication)


def _alter_publication(pl, c: Change, s: Publication, t: Publication) -> None:
    q = s.qname
    gone = [p.target for p in c.parts if p.kind == "published table" and p.target is not None]
    come = [p.source for p in c.parts if p.kind == "published table" and p.source is not None]
    gone_schemas = [p.name for p in c.parts if p.kind == "published schema" and p.status == ONLY_TARGET]
    new_schemas = [p.name for p in c.parts if p.kind == "published schema" and p.status == ONLY_SOURCE]
    if gone or gone_schemas:
        objects = [f"TABLE {x.table}" for x in gone] + [f"TABLES IN SCHEMA {x}" for x in gone_schemas]
        pl.emit(EARLY, statement(f"ALTER PUBLICATION {q} DROP {', '.join(objects)}", LOCKING,
                          "stops publishing (the changed ones come back below)",
                          rollback=f"ALTER PUBLICATION {q} ADD {publication_objects(tuple(gone), tuple(gone_schemas))}",
                          key=c.key))
    if come or new_schemas:
        pl.emit(LATE, statement(f"ALTER PUBLICATION {q} ADD {publication_objects(tuple(come), tuple(new_schemas))}", SAFE,
                         "starts publishing", key=c.key))
    for p in c.parts:
        if p.name == "options":
            pl.emit(LATE, statement(f"ALTER PUBLICATION {q} SET ({publication_options(s)})",
                             rollback=f"ALTER PUBLICATION {q} SET ({publication_options(t)})", key=c.key))
        elif p.name == "owner":
            pl.emit(LATE, owner_to("PUBLICATION", s, t.owner, pl.target_roles))
        elif p.name == "comment":
            pl.emit(LATE, comment(f"PUBLICATION {q}", s.comment, t.comment, key=c.key))


def _retyped_tables(pl: PlanState) -> set[str]:
    """Qualified names of TARGET tables some column of which changes type or collation."""
    m = pl.meaning
    out = {table.qname for swaps in (m.domain_swaps, m.range_swaps) for cols in swaps.values() for table, _, _ in cols}
    out |= {table.qname for cols in m.enum_recasts.values() for table, _ in cols}
    for c in pl.drift.changes:
        if c.key.startswith("table ") and c.status == DIFFERS and any(
                p.kind == "column" and p.status == DIFFERS
                and (p.source.type, p.source.collation) != (p.target.type, p.target.collation) for p in c.parts):
            out.add(c.target.qname)
    return out


def republish_changed_tables(pl: PlanState) -> PlanState:
    """Members of publications that stay whose table is dropped and created again (published again late), or
    whose row filter or column list sits on columns that change type (they leave early and come back late)."""
    rebuilt = {pl.target.tables[k].qname for k in pl.meaning.replaced if k in pl.target.tables}
    retyped = _retyped_tables(pl)
    if not (rebuilt or retyped):
        return pl
    for key, t in pl.target.publications.items():
        s, c = pl.source.publications.get(key), pl.top.get(key)
        if s is None or (c is not None and (c.status != DIFFERS or c.reason)):
            continue  # created, dropped or created again with everything it lists
        planned = {p.name for p in c.parts if p.kind == "published table"} if c is not None else set()
        wanted = {x.table: x for x in s.tables}
        leave = [x for x in t.tables if x.table in retyped and (x.where or x.columns)
                 and x.table in wanted and x.table not in planned]
        back = [wanted[x.table] for x in t.tables if x.table in wanted and x.table not in planned
                and (x.table in rebuilt or x in leave)]
        if leave:
            pl.emit(EARLY, statement(f"ALTER PUBLICATION {t.qname} DROP {', '.join(f'TABLE {x.table}' for x in leave)}",
                                     LOCKING, "leaves while its columns change type (comes back below)",
                                     rollback=f"ALTER PUBLICATION {t.qname} ADD {publication_objects(tuple(leave), ())}",
                                     key=key))
        if back:
            pl.emit(LATE, statement(f"ALTER PUBLICATION {t.qname} ADD {publication_objects(tuple(back), ())}", SAFE,
                                    "published again once its table is changed or created again", key=key))
    return pl


# ---------------------------------------------------------------- subscriptions

def create_subscription(s: Subscription, risk=SAFE, reason="creates the subscription (connect = false)",
                        roles=None) -> list[PlannedStatement]:
    out = [statement(subscription_sql(s, s.conninfo), risk, reason, rollback=None, key=s.key,
                     secrets=conninfo_secrets(s.conninfo))]
    if s.owner:
        out.append(owner_to("SUBSCRIPTION", s, None, roles))
    if s.enabled and s.slot_name is not None:
        out.append(_enable(s, True))
    if s.comment is not None:
        out.append(comment(f"SUBSCRIPTION {s.qname}", s.comment, key=s.key))
    return out


def _enable(s: Subscription, on: bool) -> PlannedStatement:
    return statement(f"ALTER SUBSCRIPTION {s.qname} {'ENABLE' if on else 'DISABLE'}", SAFE,
              "starts replicating (the slot must exist on the publisher)" if on else "stops replicating",
              rollback=f"ALTER SUBSCRIPTION {s.qname} {'DISABLE' if on else 'ENABLE'}", key=s.key)


def drop_subscription(t: Subscription, risk=DESTRUCTIVE, reason="drops the subscription") -> list[PlannedStatement]:
    out = [_enable(t, False).with_risk(risk, reason)] if t.enabled else []
    if t.slot_name is not None:
        out.append(statement(f"ALTER SUBSCRIPTION {t.qname} SET (slot_name = NONE)", risk,
                      f"{reason}; its slot {t.slot_name} stays on the publisher (drop it there)", key=t.key))
    out.append(statement(f"DROP SUBSCRIPTION IF EXISTS {t.qname}", risk, reason, key=t.key))
    return out


def plan_subscription(pl: PlanState, c: Change) -> PlanState:
    return _plan(pl, c, create_subscription, drop_subscription, _alter_subscription)


def _alter_subscription(pl, c: Change, s: Subscription, t: Subscription) -> None:
    q = s.qname
    names = {p.name for p in c.parts}
    out: list[PlannedStatement] = []
    disable_meanwhile = "slot name" in names and t.enabled
    if disable_meanwhile:
        out.append(_enable(t, False).with_risk(LOCKING, "disabled while its slot name changes"))
    if "connection" in names:
        out.append(statement(f"ALTER SUBSCRIPTION {q} CONNECTION {quote_literal(s.conninfo)}", key=c.key,
                             secrets=conninfo_secrets(s.conninfo)))
    if "publications" in names:
        out.append(statement(f"ALTER SUBSCRIPTION {q} SET PUBLICATION {', '.join(s.publications)} WITH (refresh = false)", SAFE,
                      "publications change (run ALTER SUBSCRIPTION … REFRESH PUBLICATION once the publisher is reachable)",
                      rollback=f"ALTER SUBSCRIPTION {q} SET PUBLICATION {', '.join(t.publications)} WITH (refresh = false)",
                      key=c.key))
    settable = [o for o in CREATE_OPTIONS if o not in RECREATE_OPTIONS and s.option(o) != t.option(o)]
    changed = subscription_options(s, settable, all_values=True)
    if "slot name" in names:
        changed.append(f"slot_name = {quote_literal(s.slot_name) if s.slot_name is not None else 'NONE'}")
    if changed:
        out.append(statement(f"ALTER SUBSCRIPTION {q} SET ({', '.join(changed)})", key=c.key))
    enabled_now = t.enabled and not disable_meanwhile
    if enabled_now != (s.enabled and s.slot_name is not None):
        out.append(_enable(s, not enabled_now))
    if "owner" in names:
        out.append(owner_to("SUBSCRIPTION", s, t.owner, pl.target_roles))
    if "comment" in names:
        out.append(comment(f"SUBSCRIPTION {q}", s.comment, t.comment, key=c.key))
    pl.emit(LATE, out)
