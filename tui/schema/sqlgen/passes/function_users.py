"""What must happen around a function the plan drops or replaces (pure): a pass over the plan state.

PostgreSQL refuses ``DROP FUNCTION`` while anything still uses it. Views, functions,
triggers and policies that use it are dropped and created again by the planner already
(``Classification.dependants``); this module handles the users that hang off tables and domains —
column defaults, generated columns, check and exclusion constraints, index expressions,
domain defaults and checks — and tables that are dropped. One rule for all of them:

- a dropped function that tables or domains which stay use is dropped *late*
  (``Phase.DROP_FUNCTIONS_AFTER_THEIR_USERS``) after they are altered, so a default moves
  from the old function to a new one in a single ``SET DEFAULT`` — unless something it
  references is dropped early (with the views, or set aside) or a new function of the same
  name comes (it may differ in parameter names only); a function that
  only dropped tables use (a default, check, index, trigger or policy) is dropped right after
  the tables (``DROP_FUNCTIONS_OF_DROPPED_TABLES``); the rest with the views;
- otherwise — the function is replaced in place (drop + create), or a user reads the same in
  SOURCE and would keep pointing at the old function — the user is *detached* before the
  drop (defaults, generated columns and domain parts in ``DETACH_FROM_FUNCTIONS``, constraints
  and indexes with the other drops) and attached again from SOURCE once the function exists.

Users come from TARGET's ``pg_depend`` and, for index expressions and exclusion constraints
that it does not cover, from the definitions' text (read with an empty search_path, so calls
are schema-qualified: ``public.f(``).

    plan_function_users(state) -> (state, {function key: Phase of its DROP})
"""

from __future__ import annotations

import re
from collections import defaultdict

from tui.schema.diff import DESTRUCTIVE, LOCKING
from tui.schema.model import Domain
from tui.schema.model_foreign import ForeignTable
from tui.schema.sqlgen.builders.constraints import add_constraint, drop_constraint
from tui.schema.sqlgen.builders.indexes import create_index, drop_index
from tui.schema.sqlgen.builders.tables import add_column, drop_column
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, comment, statement

# when DROP FUNCTION runs
EARLY, AFTER_TABLES, LATE = (Phase.DROP_VIEWS_AND_FUNCTIONS, Phase.DROP_FUNCTIONS_OF_DROPPED_TABLES,
                             Phase.DROP_FUNCTIONS_AFTER_THEIR_USERS)


def _any_call(qnames) -> re.Pattern:
    """A call of any of ``qnames`` in deparsed (schema-qualified) SQL; group 1 is the name called."""
    return re.compile(r'(?<![\w."$])(' + "|".join(re.escape(q) for q in qnames) + r")\(")


def _call(qname: str) -> re.Pattern:
    """A call of ``qname``."""
    return _any_call((qname,))


def _owner(key: str) -> str:
    """The table/view key of a trigger or policy key (``"trigger public.t tr"`` → ``"table public.t"``)."""
    kind, _, rest = key.partition(" ")
    if kind in ("trigger", "policy"):
        return "table " + rest.rsplit(" ", 1)[0]
    return key


def plan_function_users(state: PlanState) -> tuple[PlanState, dict[str, Phase]]:
    """Emit detach/attach statements; return the phase of each dropped/replaced function's DROP."""
    meaning = state.meaning
    doomed = {k for k in meaning.dropped | meaning.replaced if k.startswith("function ") and k in state.target.functions}
    if not doomed:
        return state, {}
    tgt = state.target
    calls = {f: _call(tgt.functions[f].qname) for f in doomed}
    users: dict[str, set[str]] = defaultdict(set)
    refs: dict[str, set[str]] = defaultdict(set)
    for dep, ref in tgt.depends:
        if ref in doomed:
            users[ref].add(dep)
        if dep in doomed:
            refs[dep].add(ref)
    # index expressions and exclusion constraints are not in depends: their text is searched, once,
    # for a call of any doomed function (one pattern per function would be tables x functions searches)
    by_name: dict[str, list[str]] = defaultdict(list)
    for f in doomed:
        by_name[tgt.functions[f].qname].append(f)
    any_call = _any_call(by_name)
    for tkey, table in tgt.tables.items():
        texts = [i.definition for i in table.indexes] + [c.definition for c in table.constraints if c.kind == "x"]
        for x in texts:
            for m in any_call.finditer(x):
                for f in by_name[m.group(1)]:
                    users[f].add(tkey)

    # a new function of the same name may have the same argument types (only parameter names differ): drop first
    created_names = {state.source.functions[k].qname for k in meaning.created if k in state.source.functions}
    gone_early = meaning.replaced | set(meaning.dependants) | {k for k in meaning.dropped if k.startswith(("table ", "view "))}
    deferrable: dict[str, bool] = {}

    def can_defer(f: str, seen: tuple = ()) -> bool:
        if f not in deferrable:
            deferrable[f] = f in meaning.dropped and tgt.functions[f].qname not in created_names and not any(
                r in gone_early or (r in doomed and (r in seen or not can_defer(r, seen + (f,)))) for r in refs[f])
        return deferrable[f]

    phase = {}
    for f in doomed:
        owners = {_owner(u) for u in users[f]} - doomed
        gone = {o for o in owners if o in meaning.dropped or o in meaning.replaced}
        kept = {o for o in owners - gone if o in tgt.tables or o in tgt.foreign_tables or o in tgt.types}
        phase[f] = EARLY
        if kept and can_defer(f):
            phase[f] = LATE
        elif any(o.startswith("table ") for o in gone):
            phase[f] = AFTER_TABLES
    changed = True
    while changed:  # a function is dropped after the dropped functions that use it
        changed = False
        for f in doomed:
            for u in users[f]:
                if u in doomed and phase[u] > phase[f]:
                    phase[f], changed = phase[u], True

    holders, src_holders = tgt.tables_and_foreign_tables, state.source.tables_and_foreign_tables
    tables = {_owner(u) for f in doomed for u in users[f] if _owner(u) in holders}
    for tkey in sorted(tables):
        if tkey not in meaning.dropped and tkey not in meaning.replaced and tkey in src_holders:
            _table(state, holders[tkey], src_holders[tkey], calls, phase)
    domains = {u for f in doomed for u in users[f] if isinstance(tgt.types.get(u), Domain)}
    for dkey in sorted(domains):
        _domain(state, tgt.types[dkey], state.source.types.get(dkey), calls, phase)
    return state, phase


def _using(text: str | None, calls, phase) -> list[str]:
    """The doomed functions ``text`` calls, early-dropped ones first (empty when none)."""
    if not text:
        return []
    return sorted((f for f, pat in calls.items() if pat.search(text)), key=lambda f: phase[f])


def _why(state: PlanState, fs) -> str:
    return f"detached from {fs[0]} while it is {'dropped' if fs[0] in state.meaning.dropped else 'dropped and created again'}"


def _table(state: PlanState, t, s, calls, phase) -> None:
    q = t.qname

    def detach(stmt, fs) -> None:  # held back with the function when it is held back
        state.emit(Phase.DETACH_FROM_FUNCTIONS, stmt._replace(needed_for=fs[0]))

    def attach_again(stmt) -> None:
        state.create(t.key, [stmt])
    src_cols = {c.name: c for c in s.columns}
    for col in t.columns:
        fs = _using(col.default, calls, phase)
        if not fs:
            continue
        sc = src_cols.get(col.name)
        same = sc is not None and (sc.default, sc.generated, sc.type, sc.collation) == (
            col.default, col.generated, col.type, col.collation)
        if not same and phase[fs[0]] == LATE:
            continue  # the column changes in CREATE_IN_DEPENDENCY_ORDER, the function goes after
        if col.generated:
            state.readded_columns.add((t.key, col.name))
            detach(drop_column(t, col, f"generated column {_why(state, fs)}: dropped and added again"
                                       " (its data is recomputed)"), fs)
            if same:
                attach_again(add_column(s, sc))
            continue
        detach(statement(f"ALTER TABLE {q} ALTER COLUMN {col.qname} DROP DEFAULT", LOCKING, _why(state, fs),
                         rollback=f"ALTER TABLE {q} ALTER COLUMN {col.qname} SET DEFAULT {col.default}", key=t.key), fs)
        if same:
            attach_again(statement(f"ALTER TABLE {q} ALTER COLUMN {sc.qname} SET DEFAULT {sc.default}", LOCKING,
                                   "default attached again",
                                   rollback=f"ALTER TABLE {q} ALTER COLUMN {sc.qname} DROP DEFAULT", key=t.key))
    # constraints and indexes that change are dropped anyway; unchanged ones go and come back
    src_cons = {c.name: c for c in s.constraints}
    for con in t.constraints:
        fs = _using(con.definition, calls, phase)
        sc = src_cons.get(con.name)
        if fs and sc is not None and (sc.kind, sc.definition) == (con.kind, con.definition):
            state.emit(Phase.DROP_CONSTRAINTS_AND_INDEXES, drop_constraint(t, con, LOCKING, _why(state, fs)))
            state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, statement(  # a foreign table's check is never validated
                f"ALTER FOREIGN TABLE {s.qname} ADD CONSTRAINT {sc.qname} {sc.definition}", key=s.key)
                if isinstance(s, ForeignTable) else add_constraint(s, sc, new_table=False))
            if sc.comment:
                state.emit(Phase.FINISH, comment(f"CONSTRAINT {sc.qname} ON {s.qname}", sc.comment, key=s.key))
    src_idx = {i.name: i for i in getattr(s, "indexes", ())}
    for i in getattr(t, "indexes", ()):
        fs = _using(i.definition, calls, phase)
        si = src_idx.get(i.name)
        if fs and si is not None and si.definition == i.definition:
            state.emit(Phase.DROP_CONSTRAINTS_AND_INDEXES,
                       drop_index(t, i, concurrently=not t.partitioned, risk=LOCKING, reason=_why(state, fs)))
            state.emit(Phase.ADD_CONSTRAINTS_AND_INDEXES, create_index(s, si, concurrently=not s.partitioned))
            if si.comment:
                state.emit(Phase.FINISH, comment(f"INDEX {si.qname}", si.comment, key=s.key))


def _domain(state: PlanState, t: Domain, s, calls, phase) -> None:
    q = t.qname
    kept = isinstance(s, Domain) and t.key not in state.meaning.replaced
    swapped = t.key in state.meaning.domain_swaps  # created again under a new name: the old one is detached like a kept one

    def detach(stmt, fs) -> None:  # held back with the function when it is held back
        state.emit(Phase.DETACH_FROM_FUNCTIONS, stmt._replace(needed_for=fs[0]))

    def attach_again(stmt) -> None:
        state.create(t.key, [stmt])

    def risk(fs) -> str:  # a domain that is dropped loses its parts with it (held back), unless a function is replaced
        return LOCKING if kept or swapped or any(f in state.meaning.replaced for f in fs) else DESTRUCTIVE

    fs = _using(t.default, calls, phase)
    if fs:
        same = kept and s.default == t.default
        if same or not kept or phase[fs[0]] != LATE:
            detach(statement(f"ALTER DOMAIN {q} DROP DEFAULT", risk(fs), _why(state, fs),
                             rollback=f"ALTER DOMAIN {q} SET DEFAULT {t.default}", key=t.key), fs)
        if same:
            attach_again(statement(f"ALTER DOMAIN {q} SET DEFAULT {s.default}", LOCKING, "default attached again",
                                   rollback=f"ALTER DOMAIN {q} DROP DEFAULT", key=t.key))
    src_cons = {c.name: c for c in s.constraints} if kept else {}
    for con in t.constraints:
        fs = _using(con.definition, calls, phase)
        if not fs:
            continue
        sc = src_cons.get(con.name)
        same = sc is not None and (sc.kind, sc.definition) == (con.kind, con.definition)
        if same or not kept or phase[fs[0]] != LATE:
            detach(statement(f"ALTER DOMAIN {q} DROP CONSTRAINT IF EXISTS {con.qname}", risk(fs), _why(state, fs),
                             rollback=f"ALTER DOMAIN {q} ADD CONSTRAINT {con.qname} {con.definition}", key=t.key), fs)
        if same:
            attach_again(statement(f"ALTER DOMAIN {q} ADD CONSTRAINT {sc.qname} {sc.definition} NOT VALID", LOCKING,
                                   "constraint attached again", key=t.key,
                                   rollback=f"ALTER DOMAIN {q} DROP CONSTRAINT IF EXISTS {sc.qname}"))
            if sc.validated:
                attach_again(statement(f"ALTER DOMAIN {q} VALIDATE CONSTRAINT {sc.qname}", LOCKING,
                                       "checks every column of the domain", key=t.key))
