"""Types that cannot be altered in place (pure): enum rebuilds, domain base-type swaps, range type swaps.

- **Enum rebuild** (a label removed or reordered): the old type is renamed to
  ``<name>__driftdeck_old``, the new one created, every column recast through text, and the
  old type dropped at the end.
- **Domain swap** (the base type or collation changes; ``ALTER DOMAIN`` cannot do that):
  the new domain is created as ``<name>__driftdeck_new``, each column that uses the old one
  (or an array of it) is converted with ``ALTER COLUMN ... TYPE new USING col::base::new``
  (defaults dropped before and set again after), the old domain is dropped and the new one
  renamed. Views, triggers and policies over those columns, and functions and views that use
  the domain, are dropped and created again around it (they are ``Classification.dependants``:
  the columns count as type changes). A domain no column uses is simply dropped and created again. When
  something else holds the domain (another type, a generated column, a column whose
  SOURCE type differs) the swap is not attempted and the plan falls back to a held-back
  DROP + CREATE.
- **Range swap** (a range type's definition changes; ranges cannot be altered): each column
  of the range or of its multirange (or arrays of them) is turned into text, the old type
  dropped (its multirange type and constructor functions go with it), the new one created
  (they come with it), and the columns converted back (``USING col::new_range``); defaults
  are dropped before and set again after, and so are the indexes and constraints on those
  columns (unchanged ones: the table's plan handles the others), as text can hold neither.
  Views, functions, triggers and policies over the columns or on the type are dependants, as
  for a domain swap. A range that a foreign key, another type or a generated column holds is
  not swapped: its DROP + CREATE is written commented out, even with ``--unsafe``, saying why.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tui.schema.describe import type_change_rewrites
from tui.schema.diff import DESTRUCTIVE, LOCKING, Change
from tui.schema.model import Catalog, Domain, RangeType, Table, split_qname
from tui.schema.model_foreign import ForeignTable
from tui.schema.sqlgen.builders.types import create_type, drop_type, plan_type
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.builders.tables import replica_identity
from tui.schema.sqlgen.statement import BY_HAND, Phase, PlannedStatement, comment, statement, with_risk
from tui.sqlquote import quote_ident


def _sibling(qname: str, name: str, suffix: str) -> tuple[str, str]:
    """(raw name, qualified quoted name) of ``<name><suffix>`` in the schema of ``qname``."""
    raw = f"{name}{suffix}"[:63]
    schema, _ = split_qname(qname)
    quoted = quote_ident(raw)
    return raw, f"{schema}.{quoted}" if schema else quoted


# ---------------------------------------------------------------- enums

def rebuild_enum(state: PlanState, c: Change) -> PlanState:
    """Rename the old enum aside, create the new one, recast its columns through text, drop the old one last."""
    s, t = c.source, c.target
    old_name, old_q = _sibling(t.qname, t.name, "__driftdeck_old")
    reason = c.reason
    state.emit(Phase.SET_ASIDE, statement(f"ALTER TYPE {t.qname} RENAME TO \"{old_name}\"", DESTRUCTIVE, reason,
                                          rollback=f"ALTER TYPE {old_q} RENAME TO {t.name}", key=c.key))
    stmts = create_type(s)
    for table, col in state.meaning.enum_recasts.get(c.key, ()):
        q = table.qname
        is_array = col.type.endswith("[]")
        newtype = s.qname + ("[]" if is_array else "")
        src_table = state.source.tables_and_foreign_tables.get(table.key)
        src_col = next((x for x in src_table.columns if x.name == col.name), None) if src_table else None
        if col.default is not None:
            stmts.append(statement(f"ALTER TABLE {q} ALTER COLUMN {col.qname} DROP DEFAULT", key=c.key))
        stmts.append(_retyped(table, col, newtype, f"text{'[]' if is_array else ''}::{newtype}", c.key))
        default = src_col.default if src_col is not None else None
        if default is not None and not (src_col.identity or src_col.generated):
            stmts.append(statement(f"ALTER TABLE {q} ALTER COLUMN {col.qname} SET DEFAULT {default}", key=c.key))
    state.create(c.key, with_risk(stmts, DESTRUCTIVE, reason))
    state.emit(Phase.FINISH, statement(f"DROP TYPE IF EXISTS {old_q}", DESTRUCTIVE, reason, key=c.key))
    return state


# ---------------------------------------------------------------- domains

def find_domain_swaps(src: Catalog, tgt: Catalog, dropped: set[str], replaced: set[str]) -> dict[str, list]:
    """``{domain key: [(TARGET table, TARGET column, SOURCE column)]}`` for replaced domains that can be swapped."""
    out: dict[str, list] = {}
    for key in sorted(replaced):
        s, t = src.types.get(key), tgt.types.get(key)
        if not (isinstance(s, Domain) and isinstance(t, Domain)):
            continue
        if any(dep != key and dep.startswith("type ") and dep not in dropped for dep, ref in tgt.depends if ref == key):
            continue  # another type (domain, composite) is built on it
        cols, ok = [], True
        for tkey, table in tgt.tables_and_foreign_tables.items():
            if tkey in dropped or tkey in replaced:
                continue
            src_table = src.tables_and_foreign_tables.get(tkey)  # None when a subset of the drift leaves its drop out
            src_cols = {x.name: x for x in src_table.columns} if src_table else {}
            for col in table.columns:
                if col.type not in (t.qname, t.qname + "[]"):
                    continue
                sc = src_cols.get(col.name)
                if sc is None or sc.type != col.type or col.generated or sc.generated:
                    ok = False
                cols.append((table, col, sc))
        if ok:
            out[key] = cols
    return out


def swap_domain(state: PlanState, c: Change) -> PlanState:
    """The statements that give domain ``c`` its new base type (see the module docstring)."""
    s, t = c.source, c.target
    cols = state.meaning.domain_swaps[c.key]
    if not cols:
        why = f"no column uses it: dropped and created again with base type {s.base}"
        state.create(c.key, with_risk([drop_type(t)] + create_type(s), LOCKING, why))
        return state
    # a domain with constraints makes PostgreSQL rewrite the table even when the base types are binary compatible
    rewrite = s.collation != t.collation or type_change_rewrites(t.base, s.base) or bool(s.constraints) or s.not_null
    risk = DESTRUCTIVE if rewrite else LOCKING
    why = (f"base type {t.base} → {s.base}: new domain, {len(cols)} column(s) converted"
           + (" (rewrites the tables under an exclusive lock; fails if a value does not convert)" if rewrite else ""))
    tmp_name, tmp_q = _sibling(s.qname, s.name, "__driftdeck_new")
    stmts = [x._replace(key=c.key) for x in create_type(replace(s, name=tmp_name, qname=tmp_q))]
    stmts += _defaults_dropped(cols, c.key)
    stmts += [_retyped(table, col, f"{tmp_q}{_arr(col)}", f"{s.base}{_arr(col)}::{tmp_q}{_arr(col)}", c.key)
              for table, col, _ in cols]
    stmts.append(statement(f"DROP DOMAIN {t.qname}", key=c.key))
    stmts.append(statement(f"ALTER DOMAIN {tmp_q} RENAME TO {split_qname(s.qname)[1]}", key=c.key))
    state.create(c.key, with_risk(stmts + _defaults_set_again(cols, c.key), risk, why))
    return state


def _arr(col) -> str:
    return "[]" if col.type.endswith("[]") else ""


def _retyped(table, col, new_type: str, cast: str, key: str) -> PlannedStatement:
    """A column's new type; a foreign table's takes no USING (it converts no data)."""
    if isinstance(table, ForeignTable):
        return statement(f"ALTER FOREIGN TABLE {table.qname} ALTER COLUMN {col.qname} TYPE {new_type}", key=key)
    return statement(f"ALTER TABLE {table.qname} ALTER COLUMN {col.qname} TYPE {new_type} USING {col.qname}::{cast}",
                     key=key)


def _defaults_dropped(cols, key: str) -> list[PlannedStatement]:
    return [statement(f"ALTER TABLE {table.qname} ALTER COLUMN {col.qname} DROP DEFAULT", key=key)
            for table, col, _ in cols if col.default is not None]


def _defaults_set_again(cols, key: str) -> list[PlannedStatement]:
    """SOURCE's defaults of swapped columns, once they have their new type."""
    return [statement(f"ALTER TABLE {table.qname} ALTER COLUMN {sc.qname} SET DEFAULT {sc.default}", key=key)
            for table, _, sc in cols if sc.default is not None and not sc.identity]


# ---------------------------------------------------------------- ranges

_MULTIRANGE = re.compile(r"MULTIRANGE_TYPE_NAME = (\S+?)(?:,|$)")


def multirange_of(t: RangeType) -> str | None:
    """The qualified name of a range's multirange type, as ``format_type`` writes column types."""
    m = _MULTIRANGE.search(t.definition)
    if m is None:
        return None
    name = m.group(1)
    return name if "." in name else f"{split_qname(t.qname)[0]}.{name}"


def _held_by(src: Catalog, tgt: Catalog, table: Table, column: str) -> tuple[list, list, str]:
    """TARGET's indexes and constraints on ``column`` (by the definition's words) that SOURCE keeps as they are:
    ``(indexes, constraints, why they cannot be dropped and created again around the swap)``. Those that change
    are dropped before and created after by the table's own plan."""
    word = re.compile(rf'(?<![\w"]){re.escape(column)}(?![\w"])')
    src_table = src.tables_and_foreign_tables.get(table.key)
    kept_idx = {(i.name, i.definition) for i in getattr(src_table, "indexes", ())}
    kept_con = {(c.name, c.kind, c.definition) for c in src_table.constraints} if src_table else set()
    idx = [i for i in getattr(table, "indexes", ()) if word.search(i.definition) and (i.name, i.definition) in kept_idx]
    con = [c for c in table.constraints if word.search(c.definition) and (c.name, c.kind, c.definition) in kept_con]
    referenced = any(f" REFERENCES {table.qname}(" in fk.definition for other in tgt.tables.values()
                     for fk in other.constraints if fk.kind == "f")
    if any(c.kind == "f" or (c.kind in ("p", "u") and referenced) for c in con):
        return idx, con, f"a foreign key holds column {column} of {table.qname}"
    return idx, con, ""


def range_swap_blocker(src: Catalog, tgt: Catalog, key: str, dropped: set[str], replaced: set[str]):
    """``(columns, why not)``: the TARGET columns a range swap converts, or the reason it cannot be swapped."""
    s, t = src.types[key], tgt.types[key]
    if any(dep != key and dep.startswith("type ") and dep not in dropped for dep, ref in tgt.depends if ref == key):
        return [], "another type is built on it"
    old_multi, new_multi = multirange_of(t), multirange_of(s)
    types = {t.qname, t.qname + "[]"} | ({old_multi, old_multi + "[]"} if old_multi else set())
    cols = []
    for tkey, table in tgt.tables_and_foreign_tables.items():
        if tkey in dropped or tkey in replaced:
            continue
        src_table = src.tables_and_foreign_tables.get(tkey)
        src_cols = {x.name: x for x in src_table.columns} if src_table else {}
        for col in table.columns:
            if col.type not in types:
                continue
            sc = src_cols.get(col.name)
            where = f"column {col.qname} of {table.qname}"
            if sc is None or sc.type != col.type or (old_multi != new_multi and col.type.startswith(old_multi or "")):
                return [], f"the type of {where} changes too"
            if col.generated or sc.generated:
                return [], f"{where} is generated"
            why_not = _held_by(src, tgt, table, col.qname)[2]
            if why_not:
                return [], why_not
            cols.append((table, col, sc))
    return cols, ""


def find_range_swaps(src: Catalog, tgt: Catalog, dropped: set[str], replaced: set[str]) -> dict[str, list]:
    """``{range key: [(TARGET table, TARGET column, SOURCE column)]}`` for replaced ranges that columns use and that
    can be swapped."""
    out = {}
    for key in sorted(replaced):
        if isinstance(src.types.get(key), RangeType) and isinstance(tgt.types.get(key), RangeType):
            cols, why_not = range_swap_blocker(src, tgt, key, dropped, replaced)
            if cols and not why_not:
                out[key] = cols
    return out


def swap_range(state: PlanState, c: Change) -> PlanState:
    """Columns of range ``c`` through text while the type is dropped and created again (see the module docstring)."""
    s, t = c.source, c.target
    cols = state.meaning.range_swaps[c.key]
    why = (f"range definition changes: {len(cols)} column(s) converted through text while the type is dropped and"
           " created again (rewrites the tables under an exclusive lock; fails if a value does not convert)")
    drops, back = _indexes_and_constraints_around(state, cols, c.key)
    stmts = drops + _defaults_dropped(cols, c.key)
    stmts += [_retyped(table, col, "text" + _arr(col), "text" + _arr(col), c.key) for table, col, _ in cols]
    stmts += [drop_type(t)] + create_type(s)
    stmts += [_retyped(table, col, sc.type, sc.type, c.key) for table, col, sc in cols]
    stmts += _defaults_set_again(cols, c.key) + back
    state.create(c.key, with_risk(stmts, DESTRUCTIVE, why))
    return state


def _indexes_and_constraints_around(state: PlanState, cols, key: str):
    """Indexes and constraints on the swapped columns (a text column can take neither): dropped before, created
    again after from SOURCE, with their comments and a replica identity that used one of the indexes."""
    drops, back, seen = [], [], set()
    for table, col, _ in cols:
        idx, con, _ = _held_by(state.source, state.target, table, col.qname)
        src_table = state.source.tables_and_foreign_tables[table.key]
        for i in idx:
            if i.qname in seen:
                continue
            seen.add(i.qname)
            drops.append(statement(f"DROP INDEX IF EXISTS {i.qname}", key=key))
            src_i = next(x for x in src_table.indexes if x.name == i.name)
            back.append(statement(src_i.definition, key=key))
            if src_i.comment is not None:
                back.append(comment(f"INDEX {src_i.qname}", src_i.comment, key=key))
            if getattr(table, "replica_identity", "") == "i" and table.replica_index == split_qname(i.qname)[1]:
                back.append(replica_identity(src_table, None)._replace(key=key))
        for x in con:
            if (table.key, x.name) in seen:
                continue
            seen.add((table.key, x.name))
            what = "FOREIGN TABLE" if isinstance(table, ForeignTable) else "TABLE"
            drops.append(statement(f"ALTER {what} {table.qname} DROP CONSTRAINT IF EXISTS {x.qname}", key=key))
            src_x = next(y for y in src_table.constraints if y.name == x.name)
            back.append(statement(f"ALTER {what} {table.qname} ADD CONSTRAINT {src_x.qname} {src_x.definition}",
                                  key=key))
            if src_x.comment is not None:
                back.append(comment(f"CONSTRAINT {src_x.qname} ON {table.qname}", src_x.comment, key=key))
    return drops, back


def keep_range_by_hand(state: PlanState, c: Change) -> PlanState:
    """A changed range no column uses is dropped and created again (held back); one that cannot be swapped is
    written commented out, even with ``--unsafe``, saying why."""
    _, why_not = range_swap_blocker(state.source, state.target, c.key, state.meaning.dropped, state.meaning.replaced)
    if not why_not:
        return plan_type(state, c)
    why = f"range definition changes but the type cannot be swapped ({why_not}): {BY_HAND}"
    stmts = with_risk([drop_type(c.target)] + create_type(c.source), DESTRUCTIVE, why)
    state.emit(Phase.SET_ASIDE, [x.commented() for x in stmts])
    return state
