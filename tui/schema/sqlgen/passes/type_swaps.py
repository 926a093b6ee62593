"""Types that cannot be altered in place (pure): enum rebuilds and domain base-type swaps.

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
"""

from __future__ import annotations

from dataclasses import replace

from tui.schema.describe import type_change_rewrites
from tui.schema.diff import DESTRUCTIVE, LOCKING, Change
from tui.schema.model import Catalog, Domain, split_qname
from tui.schema.sqlgen.builders.types import create_type, drop_type
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, statement, with_risk
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
        src_table = state.source.tables.get(table.key)
        src_col = next((x for x in src_table.columns if x.name == col.name), None) if src_table else None
        if col.default is not None:
            stmts.append(statement(f"ALTER TABLE {q} ALTER COLUMN {col.qname} DROP DEFAULT", key=c.key))
        stmts.append(statement(f"ALTER TABLE {q} ALTER COLUMN {col.qname} TYPE {newtype} USING "
                               f"{col.qname}::text{'[]' if is_array else ''}::{newtype}", key=c.key))
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
        for tkey, table in tgt.tables.items():
            if tkey in dropped or tkey in replaced:
                continue
            src_table = src.tables.get(tkey)  # None when a subset of the drift leaves the table's drop out
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
    stmts = [replace(x, key=c.key) for x in create_type(replace(s, name=tmp_name, qname=tmp_q))]
    for table, col, _ in cols:
        if col.default is not None:
            stmts.append(statement(f"ALTER TABLE {table.qname} ALTER COLUMN {col.qname} DROP DEFAULT", key=c.key))
    for table, col, _ in cols:
        arr = "[]" if col.type.endswith("[]") else ""
        stmts.append(statement(f"ALTER TABLE {table.qname} ALTER COLUMN {col.qname} TYPE {tmp_q}{arr} "
                               f"USING {col.qname}::{s.base}{arr}::{tmp_q}{arr}", key=c.key))
    stmts.append(statement(f"DROP DOMAIN {t.qname}", key=c.key))
    stmts.append(statement(f"ALTER DOMAIN {tmp_q} RENAME TO {split_qname(s.qname)[1]}", key=c.key))
    for table, col, sc in cols:
        if sc.default is not None and not sc.identity:
            stmts.append(statement(f"ALTER TABLE {table.qname} ALTER COLUMN {sc.qname} SET DEFAULT {sc.default}",
                                   key=c.key))
    state.create(c.key, with_risk(stmts, risk, why))
    return state
