"""Enums, domains and composite types altered in place (pure); rebuilds and swaps are :mod:`tui.schema.sqlgen.passes.type_swaps`."""

from __future__ import annotations

from dataclasses import replace

from tui.schema.describe import column_sql, describe
from tui.schema.diff import DESTRUCTIVE, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change
from tui.schema.model import CompositeType, Domain, EnumType
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, comment, comment_target, statement, with_risk
from tui.sqlquote import quote_literal


def create_type(t) -> list[PlannedStatement]:
    """CREATE TYPE / DOMAIN with the definition the drift tree shows (:func:`describe`).

    CREATE DOMAIN has no NOT VALID: such domain constraints are added afterwards.
    """
    if isinstance(t, Domain):
        created = replace(t, constraints=tuple(c for c in t.constraints if c.validated))
        out = [statement("CREATE " + describe(created), rollback=f"DROP DOMAIN IF EXISTS {t.qname}", key=t.key)]
        out += [
            statement(f"ALTER DOMAIN {t.qname} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", key=t.key)
            for c in t.constraints
            if not c.validated
        ]
    else:  # enum or composite type
        out = [statement("CREATE " + describe(t), rollback=f"DROP TYPE IF EXISTS {t.qname}", key=t.key)]
    if t.comment:
        out.append(comment(comment_target(t), t.comment, key=t.key))
    for c in t.constraints if isinstance(t, Domain) else ():
        if c.comment:
            out.append(comment(f"CONSTRAINT {c.qname} ON DOMAIN {t.qname}", c.comment, key=t.key))
    return out


def drop_type(t, reason="drops the type") -> PlannedStatement:
    word = "DOMAIN" if isinstance(t, Domain) else "TYPE"
    return statement(f"DROP {word} IF EXISTS {t.qname}", DESTRUCTIVE, reason, rollback=create_type(t)[0].sql, key=t.key)


def enum_add_values(s: EnumType, t: EnumType) -> list[PlannedStatement]:
    """ADD VALUE for each new label, positioned like SOURCE; each outside a transaction."""
    current = list(t.labels)
    out = []
    for i, label in enumerate(s.labels):
        if label in current:
            continue
        prev = next((x for x in reversed(s.labels[:i]) if x in current), None)
        if prev is not None:
            where = f" AFTER {quote_literal(prev)}"
            current.insert(current.index(prev) + 1, label)
        else:
            nxt = next((x for x in s.labels[i + 1:] if x in current), None)
            where = f" BEFORE {quote_literal(nxt)}" if nxt is not None else ""
            current.insert(current.index(nxt) if nxt is not None else len(current), label)
        out.append(statement(f"ALTER TYPE {s.qname} ADD VALUE IF NOT EXISTS {quote_literal(label)}{where}", SAFE,
                             "adds an enum value (cannot be used in the same transaction)", transactional=False,
                             rollback=None, key=s.key))
    return out


def alter_domain(s: Domain, t: Domain) -> list[PlannedStatement]:
    out = []
    if s.default != t.default:
        sql = f"ALTER DOMAIN {s.qname} " + (f"SET DEFAULT {s.default}" if s.default is not None else "DROP DEFAULT")
        back = f"ALTER DOMAIN {s.qname} " + (f"SET DEFAULT {t.default}" if t.default is not None else "DROP DEFAULT")
        out.append(statement(sql, rollback=back, key=s.key))
    if s.not_null != t.not_null:
        word = "SET NOT NULL" if s.not_null else "DROP NOT NULL"
        back = "DROP NOT NULL" if s.not_null else "SET NOT NULL"
        out.append(statement(f"ALTER DOMAIN {s.qname} {word}", LOCKING if s.not_null else SAFE,
                             "checks every column of the domain" if s.not_null else "", rollback=f"ALTER DOMAIN {s.qname} {back}", key=s.key))
    src, tgt = {c.name: c for c in s.constraints}, {c.name: c for c in t.constraints}
    for name, c in tgt.items():
        if name not in src or (src[name].kind, src[name].definition) != (c.kind, c.definition):
            out.append(statement(f"ALTER DOMAIN {s.qname} DROP CONSTRAINT IF EXISTS {c.qname}",
                                 DESTRUCTIVE if name not in src else LOCKING, "drops a domain constraint",
                                 rollback=f"ALTER DOMAIN {s.qname} ADD CONSTRAINT {c.qname} {c.definition}", key=s.key))
    for name, c in src.items():
        old = tgt.get(name)
        if old is None or (old.kind, old.definition) != (c.kind, c.definition):
            out.append(statement(f"ALTER DOMAIN {s.qname} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", SAFE,
                                 "added NOT VALID", rollback=f"ALTER DOMAIN {s.qname} DROP CONSTRAINT IF EXISTS {c.qname}", key=s.key))
            if c.validated:
                out.append(statement(f"ALTER DOMAIN {s.qname} VALIDATE CONSTRAINT {c.qname}", LOCKING, "checks every column of the domain", key=s.key))
        elif c.validated and not old.validated:
            out.append(statement(f"ALTER DOMAIN {s.qname} VALIDATE CONSTRAINT {c.qname}", LOCKING, "checks every column of the domain", key=s.key))
        if c.comment != (old.comment if old is not None and (old.kind, old.definition) == (c.kind, c.definition) else None):
            out.append(comment(f"CONSTRAINT {c.qname} ON DOMAIN {s.qname}", c.comment, old.comment if old else None,
                               key=s.key))
    return out


def alter_composite(s: CompositeType, t: CompositeType) -> list[PlannedStatement]:
    out = []
    src, tgt = {a.name: a for a in s.attributes}, {a.name: a for a in t.attributes}
    for name, a in tgt.items():
        if name not in src:
            out.append(statement(f"ALTER TYPE {s.qname} DROP ATTRIBUTE IF EXISTS {a.qname}", DESTRUCTIVE, "drops an attribute",
                                 rollback=f"ALTER TYPE {s.qname} ADD ATTRIBUTE {column_sql(a)}", key=s.key))
    for name, a in src.items():
        old = tgt.get(name)
        if old is None:
            out.append(statement(f"ALTER TYPE {s.qname} ADD ATTRIBUTE {column_sql(a)}",
                                 rollback=f"ALTER TYPE {s.qname} DROP ATTRIBUTE IF EXISTS {a.qname}", key=s.key))
        elif (old.type, old.collation) != (a.type, a.collation):
            coll = f" COLLATE {a.collation}" if a.collation else ""
            out.append(statement(f"ALTER TYPE {s.qname} ALTER ATTRIBUTE {a.qname} TYPE {a.type}{coll}", LOCKING, "attribute type changes",
                                 rollback=f"ALTER TYPE {s.qname} ALTER ATTRIBUTE {a.qname} TYPE {old.type}", key=s.key))
    return out


def plan_type(state: PlanState, c: Change) -> PlanState:
    """A type created, dropped, replaced (held back: DROP + CREATE) or altered in place."""
    s, t = c.source, c.target
    if c.status == ONLY_SOURCE:
        state.create(c.key, create_type(s))
    elif c.status == ONLY_TARGET:
        state.emit(Phase.DROP_TYPES_AND_SEQUENCES, drop_type(t))
    elif c.key in state.meaning.replaced:
        state.emit(Phase.SET_ASIDE, with_risk([drop_type(t)], DESTRUCTIVE, c.reason))
        state.create(c.key, with_risk(create_type(s), DESTRUCTIVE, c.reason))
    else:
        if isinstance(s, EnumType) and s.labels != t.labels:
            state.create(c.key, enum_add_values(s, t))
        elif isinstance(s, Domain):
            state.create(c.key, alter_domain(s, t))
        elif isinstance(s, CompositeType):
            state.create(c.key, alter_composite(s, t))
        if s.comment != t.comment:
            state.emit(Phase.FINISH, comment(comment_target(s), s.comment, t.comment, key=c.key))
    return state
