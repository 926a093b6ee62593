"""GRANT / REVOKE statements from two ACLs (pure), for ``driftdeck drift --grants``: objects and columns.

An ACL is PostgreSQL's ``aclitem[]`` as text (``grantee=privileges/grantor``, an empty grantee
is PUBLIC, ``*`` after a letter marks WITH GRANT OPTION). Grantors are ignored: only who
may do what is compared. An object without an ACL (``()``) has its default privileges, which
are not compared with an explicit list.
"""

from __future__ import annotations

from tui.schema.diff import DIFFERS, SAFE
from tui.schema.model import (
    CompositeType, Domain, EnumType, Function, RangeType, Schema, Sequence, Table, View,
)
from tui.schema.model_foreign import ForeignDataWrapper, ForeignServer, ForeignTable
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement, for_role, statement
from tui.sqlquote import role

PRIVILEGES = {
    "r": "SELECT", "w": "UPDATE", "a": "INSERT", "d": "DELETE", "D": "TRUNCATE", "x": "REFERENCES",
    "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE", "c": "CONNECT", "T": "TEMPORARY", "m": "MAINTAIN",
}


def parse_acl(items) -> dict[str, set[tuple[str, bool]]]:
    """``{grantee: {(privilege, with_grant_option)}}``; grantee "PUBLIC" for the empty name."""
    out: dict[str, set[tuple[str, bool]]] = {}
    for item in items:
        grantee, _, rest = item.partition("=")
        privs = rest.split("/", 1)[0]
        grantee = grantee.strip('"') if grantee.startswith('"') else grantee
        who = grantee or "PUBLIC"
        found = out.setdefault(who, set())
        i = 0
        while i < len(privs):
            letter = privs[i]
            option = i + 1 < len(privs) and privs[i + 1] == "*"
            if letter in PRIVILEGES:
                found.add((PRIVILEGES[letter], option))
            i += 2 if option else 1
    return out


def grant_statements(target: str, desired, current, key: str = "", *, column: str | None = None,
                     lost=None, revoked=None, roles=None) -> list[PlannedStatement]:
    """REVOKE what only ``current`` grants, GRANT what only ``desired`` grants, on ``target`` ("TABLE x").

    ``column`` (quoted) makes them column privileges (``GRANT SELECT (c) ON TABLE x``).
    ``revoked`` collects ``{grantee: (privileges revoked, grant options revoked)}``; pass it as
    ``lost`` for the columns of the same table: a table-level REVOKE takes the column
    privileges with it, so they are granted again where still wanted. ``roles`` (TARGET's role
    names): a GRANT to a role TARGET does not have is written commented out, saying so.
    """
    if not desired and not current:
        return []
    want, have = parse_acl(desired), parse_acl(current)
    for who, (privs, options) in (lost or {}).items():
        if who in have:
            have[who] = {(p, o and p not in options) for p, o in have[who] if p not in privs}
    out: list[PlannedStatement] = []

    def add(word: str, privs, who: str, back_word: str, tail: str = "", back_tail: str = "") -> None:
        text = ", ".join(f"{p} ({column})" if column else p for p in privs)
        to, back_to = ("TO", "FROM") if word.startswith("GRANT") else ("FROM", "TO")
        st = statement(f"{word} {text} ON {target} {to} {role(who)}{tail}", SAFE,
                       "column privileges" if column else "privileges",
                       rollback=f"{back_word} {text} ON {target} {back_to} {role(who)}{back_tail}", key=key)
        out.append(for_role(st, who, roles))

    for who in sorted(set(want) | set(have)):
        w, h = want.get(who, set()), have.get(who, set())
        wp, hp = {p for p, _ in w}, {p for p, _ in h}
        wo, ho = {p for p, o in w if o}, {p for p, o in h if o}
        gone, demoted = sorted(hp - wp), sorted((ho - wo) & wp)
        if revoked is not None and (gone or demoted):
            revoked[who] = (set(gone), set(demoted))
        if gone:
            add("REVOKE", gone, who, "GRANT")
        if demoted:
            add("REVOKE GRANT OPTION FOR", demoted, who, "GRANT", back_tail=" WITH GRANT OPTION")
        if wp - wo - hp:
            add("GRANT", sorted(wp - wo - hp), who, "REVOKE")
        if wo - ho:
            add("GRANT", sorted(wo - ho), who, "REVOKE GRANT OPTION FOR", tail=" WITH GRANT OPTION")
    return out


def column_grants(target: str, s, t, key: str, lost=None, readded=(), roles=None) -> list[PlannedStatement]:
    """Column privileges of table/view ``s`` against ``t`` (None: everything is new); ``readded`` columns start empty."""
    have = {c.name: c.grants for c in t.columns} if t is not None else {}
    out: list[PlannedStatement] = []
    for col in s.columns:
        current = () if col.name in readded else have.get(col.name, ())
        out += grant_statements(target, col.grants, current, key, column=col.qname, lost=lost, roles=roles)
    return out


def _grant_target(obj) -> str | None:
    if isinstance(obj, (Table, View, ForeignTable)):
        return f"TABLE {obj.qname}"
    if isinstance(obj, Sequence):
        return f"SEQUENCE {obj.qname}"
    if isinstance(obj, Function):
        return f"{'PROCEDURE' if obj.kind == 'p' else 'FUNCTION'} {obj.grant_signature}"
    if isinstance(obj, Schema):
        return f"SCHEMA {obj.qname}"
    if isinstance(obj, Domain):
        return f"DOMAIN {obj.qname}"
    if isinstance(obj, (EnumType, CompositeType, RangeType)):
        return f"TYPE {obj.qname}"
    if isinstance(obj, ForeignServer):
        return f"FOREIGN SERVER {obj.qname}"
    if isinstance(obj, ForeignDataWrapper):
        return f"FOREIGN DATA WRAPPER {obj.qname}"
    return None


def _created_with(obj) -> tuple[str, ...]:
    """The privileges an object has when created (besides its owner's): functions are executable by PUBLIC, types
    usable by PUBLIC."""
    if isinstance(obj, Function):
        return ("=X",)
    return ("=U",) if isinstance(obj, (Domain, EnumType, CompositeType, RangeType)) else ()


def plan_grants(drift, source, replaced: set[str], recreated: set[str], readded=()) -> list[PlannedStatement]:
    """Statements for changed ACLs (objects and columns), and the ACLs of objects the plan (re)creates.

    ``readded``: ``(table key, column name)`` pairs the plan drops and adds again (their
    privileges start empty); columns whose generated expression changes are found here.
    """
    out: list[PlannedStatement] = []
    done = set()
    again = set(readded)
    roles = set(drift.target.roles) if drift.target.roles else None
    for c in drift.changes:
        for p in c.parts:
            if p.kind == "column" and p.status == DIFFERS and (
                    p.source.generated != p.target.generated or (p.source.generated and p.source.default != p.target.default)):
                again.add((c.key, p.name))
    for c in drift.changes:
        s, t = c.source, c.target
        where = _grant_target(s) if s is not None else None
        if where is None:
            continue
        fresh = t is None or type(t) is not type(s) or c.key in replaced or c.key in recreated
        revoked: dict = {}
        out += grant_statements(where, s.grants, _created_with(s) if fresh else t.grants, key=c.key, revoked=revoked,
                                roles=roles)
        if isinstance(s, (Table, View, ForeignTable)):
            out += column_grants(where, s, None if fresh else t, c.key, revoked, {n for k, n in again if k == c.key},
                                 roles)
        done.add(c.key)
    for key in sorted(recreated - done):
        obj = source.get(key)
        if obj is not None and _grant_target(obj):
            out += grant_statements(_grant_target(obj), obj.grants, _created_with(obj), key=key, roles=roles)
            if isinstance(obj, (View, ForeignTable)):
                out += column_grants(_grant_target(obj), obj, None, key, roles=roles)
    return out


def plan_privileges(state: PlanState) -> PlanState:
    """Privileges (only with --grants): changed ACLs, and the ACLs of everything (re)created."""
    if state.source.grants and state.target.grants:
        meaning = state.meaning  # foreign tables recreated with their server are replaced but not in the drift;
        # a rebuilt enum is a new type
        state.emit(Phase.FINISH, plan_grants(state.drift, state.source, set(meaning.replaced),
                                             set(meaning.dependants) | meaning.replaced | meaning.enum_rebuilds,
                                             state.readded_columns))
    return state
