"""The planner behind :func:`tui.schema.sqlgen.generate` (pure): what to emit, in which phase, in which order.

Phases (lower runs first): 10 schemas/extensions, 20–23 drops of triggers, policies,
constraints and indexes, 29 defaults and domain parts detached from a function that goes,
30 drops of views/functions (TARGET's dependants first), 31 enum renames, 35 table drops,
36 functions only dropped tables used, 40 creates/alters of types, sequences, functions,
tables and views in SOURCE's dependency order, 41 functions dropped after the tables and
domains that used them change, 50 indexes and constraints, 55 foreign keys, 60 triggers,
policies, RLS, comments and ownership, 65 drops of types and sequences, 70 schema/extension
drops. Function users: :mod:`tui.schema.sqlgen_fnusers`; enum rebuilds and domain swaps:
:mod:`tui.schema.sqlgen_types`; privileges: :mod:`tui.schema.sqlgen_grants`; what a rebuild drags
along and the drops of phases 22/30/35: :mod:`tui.schema.sqlgen_dependants`.
"""

from __future__ import annotations

from collections import defaultdict

from tui.schema import sqlgen_parts as P
from tui.schema import sqlgen_tables as T
from tui.schema.diff import (
    DESTRUCTIVE, DIFFERS, LOCKING, ONLY_SOURCE, ONLY_TARGET, SAFE, Change, Drift,
    enum_addable, function_replaceable, needs_table_rebuild, view_replaceable,
)
from tui.schema.model import CompositeType, Domain, EnumType, Function, Table, View
from tui.schema.ordering import topo_order
from tui.schema.sqlgen_collations import plan_collation
from tui.schema.sqlgen_dependants import drop_tables, drop_views_functions, recreate_dependants, referencing_fks
from tui.schema.sqlgen_event_triggers import plan_event_trigger
from tui.schema.sqlgen_parts import Statement, with_risk
from tui.schema.sqlgen_types import domain_swaps, enum_rebuild, swap_domain


def _parts(change: Change, kind: str, *statuses) -> list[Change]:
    return [p for p in change.parts if p.kind == kind and (not statuses or p.status in statuses)]


class Planner:
    def __init__(self, drift: Drift, pg_version: int):
        self.drift = drift
        self.src, self.tgt = drift.source, drift.target
        self.version = pg_version
        self.phases: dict[int, list[Statement]] = defaultdict(list)
        self.top = {c.key: c for c in drift.changes}
        self.items: dict[str, list[Statement]] = defaultdict(list)  # phase 40, by object key
        self.extra_edges: list[tuple[str, str]] = []
        self.rekeyed: set[str] = set()  # tables whose primary key / unique constraint is dropped or changed
        self.fk_handled: set[tuple[str, str]] = set()
        self.readded: set[tuple[str, str]] = set()  # (table key, column): dropped and added again around a function

    def emit(self, phase: int, stmts) -> None:
        if isinstance(stmts, Statement):
            stmts = [stmts]
        self.phases[phase].extend(stmts)

    # ------------------------------------------------------------ classification
    def _classify(self) -> None:
        self.created, self.dropped, self.replaced, self.enum_rebuild = set(), set(), set(), set()
        col_roots: set[tuple[str, str]] = set()
        for c in self.drift.changes:
            s, t = c.source, c.target
            if c.status == ONLY_SOURCE:
                self.created.add(c.key)
            elif c.status == ONLY_TARGET:
                self.dropped.add(c.key)
            elif type(s) is not type(t):
                self.replaced.add(c.key)
            elif isinstance(s, View) and (s.definition, s.options, s.materialized) != (t.definition, t.options, t.materialized) \
                    and not view_replaceable(s, t):
                self.replaced.add(c.key)
            elif isinstance(s, Function) and s.definition != t.definition and not function_replaceable(s, t):
                self.replaced.add(c.key)
            elif isinstance(s, Table) and needs_table_rebuild(s, t):
                self.replaced.add(c.key)
            elif isinstance(s, Domain) and (s.base, s.collation) != (t.base, t.collation):
                self.replaced.add(c.key)
            elif isinstance(s, EnumType) and s.labels != t.labels and not enum_addable(s, t):
                self.enum_rebuild.add(c.key)
            if isinstance(s, Table) and c.status == DIFFERS and c.key not in self.replaced:
                for p in _parts(c, "column"):
                    if p.status == ONLY_TARGET:
                        col_roots.add((c.key, p.name))
                    elif p.status == DIFFERS and (
                        (p.source.type, p.source.collation, p.source.generated) != (p.target.type, p.target.collation, p.target.generated)
                        or (p.source.generated and p.source.default != p.target.default)
                    ):
                        col_roots.add((c.key, p.name))
        self.domain_swaps = domain_swaps(self)  # their columns are converted like a type change
        col_roots |= {(table.key, col.name) for cols in self.domain_swaps.values() for table, col, _ in cols}
        # columns of rebuilt enums are recast
        self.recasts: dict[str, list[tuple[Table, object]]] = defaultdict(list)
        for key in self.enum_rebuild:
            q = self.tgt.types[key].qname
            for tkey, table in self.tgt.tables.items():
                if tkey in self.dropped or tkey in self.replaced:
                    continue
                for col in table.columns:
                    if col.type in (q, q + "[]"):
                        self.recasts[key].append((table, col))
                        col_roots.add((tkey, col.name))
        self._dependants(col_roots)

    def _dependants(self, col_roots) -> None:
        """Views, functions, triggers and policies in TARGET that depend on something rebuilt."""
        users: dict[str, set[str]] = defaultdict(set)
        for dep, ref in self.tgt.depends:
            users[ref].add(dep)
        col_users: dict[tuple[str, str], set[str]] = defaultdict(set)
        for dep, ref, col in self.tgt.column_depends:
            col_users[(ref, col)].add(dep)
        todo: list[tuple[str, str]] = []  # (dependant, root)
        for root in col_roots:
            todo += [(d, root[0]) for d in col_users.get(root, ())]
        for key in self.replaced | self.enum_rebuild | {k for k in self.dropped if k.startswith(("view ", "function ", "type "))}:
            todo += [(d, key) for d in users.get(key, ())]
        self.recreate: dict[str, str] = {}
        self.sub_index = self._sub_objects()
        while todo:
            dep, root = todo.pop()
            kind = dep.split(" ", 1)[0]
            if kind not in ("view", "function", "trigger", "policy"):
                continue
            if dep in self.recreate or dep in self.dropped or dep in self.created:
                continue
            if kind in ("view", "function") and (self.src.get(dep) is None or self.tgt.get(dep) is None):
                continue
            if kind in ("trigger", "policy") and (dep not in self.sub_index["src"] or dep not in self.sub_index["tgt"]):
                continue
            self.recreate[dep] = root
            self.extra_edges.append((dep, root))
            if dep in self.replaced:
                continue
            todo += [(d, dep) for d in users.get(dep, ())]
        for key in list(self.recreate):
            if key in self.replaced:
                del self.recreate[key]

    def _sub_objects(self):
        out = {"src": {}, "tgt": {}}
        for side, cat in (("src", self.src), ("tgt", self.tgt)):
            for owner in list(cat.tables.values()) + list(cat.views.values()):
                for tr in owner.triggers:
                    out[side][f"trigger {owner.qname} {tr.qname}"] = (owner, tr)
                for po in getattr(owner, "policies", ()):
                    out[side][f"policy {owner.qname} {po.qname}"] = (owner, po)
        return out

    # ------------------------------------------------------------ main
    def run(self) -> list[Statement]:
        self._classify()
        rebuilt_tables = {k for k in self.replaced if k.startswith("table ")}
        for c in self.drift.changes:
            s, t = c.source, c.target
            kind = c.key.split(" ", 1)[0]
            if kind == "schema":
                if c.status == ONLY_SOURCE:
                    self.emit(10, P.create_schema(s))
                elif c.status == ONLY_TARGET:
                    self.emit(70, P.drop_schema(t))
                elif s.comment != t.comment:
                    self.emit(60, P.comment(f"SCHEMA {s.qname}", s.comment, t.comment, key=c.key))
            elif kind == "extension":
                if c.status == ONLY_SOURCE:
                    self.emit(10, P.create_extension(s))
                elif c.status == ONLY_TARGET:
                    self.emit(70, P.drop_extension(t))
                else:
                    self.emit(10, P.alter_extension(s, t))
            elif kind == "collation":
                plan_collation(self, c)
            elif kind == "event-trigger":
                plan_event_trigger(self, c)
            elif kind == "type":
                self._type(c)
            elif kind == "sequence":
                self._sequence(c)
            elif kind == "function":
                self._function(c)
            elif kind == "view":
                self._view(c)
            elif kind == "table":
                self._table(c, c.key in rebuilt_tables)
        self.rekeyed |= {self.tgt.tables[k].qname for k in self.replaced if k in self.tgt.tables}
        referencing_fks(self)
        recreate_dependants(self)
        drop_views_functions(self)
        drop_tables(self)
        if self.src.grants and self.tgt.grants:
            self._grants()
        order = topo_order(self.items.keys(), list(self.src.depends) + self.extra_edges)
        for key in order:
            self.emit(40, self.items[key])
        for phase in (50, 55):  # add every constraint NOT VALID first, then validate each on its own
            self.phases[57] += [s for s in self.phases[phase] if s.isolated]
            self.phases[phase] = [s for s in self.phases[phase] if not s.isolated]
        out: list[Statement] = []
        for phase in sorted(self.phases):
            out += self.phases[phase]
        return out

    # ------------------------------------------------------------ kinds
    def _type(self, c: Change) -> None:
        s, t = c.source, c.target
        if c.status == ONLY_SOURCE:
            self.items[c.key] += P.create_type(s)
        elif c.status == ONLY_TARGET:
            self.emit(65, P.drop_type(t))
        elif c.key in self.domain_swaps:
            swap_domain(self, c)
        elif c.key in self.replaced:
            self.emit(31, with_risk([P.drop_type(t)], DESTRUCTIVE, c.reason))
            self.items[c.key] += with_risk(P.create_type(s), DESTRUCTIVE, c.reason)
        elif c.key in self.enum_rebuild:
            enum_rebuild(self, c)
        else:
            if isinstance(s, EnumType) and s.labels != t.labels:
                self.items[c.key] += P.enum_add_values(s, t)
            elif isinstance(s, Domain):
                self.items[c.key] += P.alter_domain(s, t)
            elif isinstance(s, CompositeType):
                self.items[c.key] += P.alter_composite(s, t)
            if s.comment != t.comment:
                self.emit(60, P.comment(P.object_comment_target(s), s.comment, t.comment, key=c.key))

    def _sequence(self, c: Change) -> None:
        s, t = c.source, c.target
        if c.status == ONLY_SOURCE:
            self.items[c.key] += P.create_sequence(s)
            if s.owned_by:
                self.emit(60, P.sequence_owner(s, None))
        elif c.status == ONLY_TARGET:
            self.emit(65, P.drop_sequence(t))
        else:
            self.items[c.key] += P.alter_sequence(s, t)
            if s.owned_by != t.owned_by:
                self.emit(60, P.sequence_owner(s, t.owned_by))

    def _function(self, c: Change) -> None:
        s, t = c.source, c.target
        if c.status == ONLY_SOURCE:
            self.items[c.key] += P.create_function(s)
        elif c.status == ONLY_TARGET:
            pass  # dropped with the views, dependants first
        elif c.key in self.replaced:
            self.items[c.key] += P.create_function(s)
        else:
            if s.definition != t.definition:
                self.items[c.key] += P.create_function(s, t)
            elif s.comment != t.comment:
                self.emit(60, P.comment(P.object_comment_target(s), s.comment, t.comment, key=c.key))

    def _view(self, c: Change) -> None:
        s, t = c.source, c.target
        if c.status == ONLY_SOURCE or c.key in self.replaced:
            self.items[c.key] += P.create_view(s)
            self.add_view_indexes(s)
            return
        if c.status == ONLY_TARGET:
            return
        if (s.definition, s.options) != (t.definition, t.options):
            self.items[c.key] += P.create_view(s, t)
        elif s.comment != t.comment:
            self.emit(60, P.comment(P.object_comment_target(s), s.comment, t.comment, key=c.key))
        if c.key not in self.recreate:  # else dropped and created again with all its indexes
            self._index_parts(c, s, concurrently=True)

    def add_view_indexes(self, v: View) -> None:
        for i in v.indexes:
            self.emit(50, T.create_index(v, i, concurrently=False, new=True))
        for tr in v.triggers:
            self.emit(60, T.create_trigger(v, tr))

    def _index_parts(self, c: Change, owner, *, concurrently: bool) -> None:
        for p in _parts(c, "index"):
            if p.status == ONLY_TARGET:
                self.emit(23, T.drop_index(owner, p.target, concurrently=concurrently))
            elif p.status == ONLY_SOURCE:
                self.emit(50, T.create_index(owner, p.source, concurrently=concurrently))
            elif p.source.definition != p.target.definition or (p.source.valid and not p.target.valid):
                self.emit(23, T.drop_index(owner, p.target, concurrently=concurrently, risk=LOCKING, reason="rebuilt"))
                self.emit(50, T.create_index(owner, p.source, concurrently=concurrently))
            elif p.source.comment != p.target.comment:
                self.emit(60, P.comment(f"INDEX {p.source.qname}", p.source.comment, p.target.comment, key=c.key))

    def _table(self, c: Change, rebuilt: bool) -> None:
        s, t = c.source, c.target
        if c.status == ONLY_TARGET:
            return  # phase 35
        if c.status == ONLY_SOURCE or rebuilt:
            stmts = T.create_table(s)
            self.items[c.key] += with_risk(stmts, DESTRUCTIVE, c.reason) if rebuilt else stmts
            self._table_extras_new(s)
            return
        q = s.qname
        items = self.items[c.key]
        for p in c.parts:
            if p.kind != "attribute":
                continue
            if p.name == "unlogged":
                items.append(P.st(f"ALTER TABLE {q} SET {'UNLOGGED' if s.unlogged else 'LOGGED'}", LOCKING, p.reason,
                                  rollback=f"ALTER TABLE {q} SET {'LOGGED' if s.unlogged else 'UNLOGGED'}", key=c.key))
            elif p.name == "storage options":
                gone = sorted({o.split("=")[0] for o in t.options} - {o.split("=")[0] for o in s.options})
                if gone:
                    items.append(P.st(f"ALTER TABLE {q} RESET ({', '.join(gone)})", key=c.key))
                if s.options:
                    items.append(P.st(f"ALTER TABLE {q} SET ({', '.join(s.options)})", key=c.key))
            elif p.name == "inherits":
                for parent in t.inherits:
                    if parent not in s.inherits:
                        items.append(P.st(f"ALTER TABLE {q} NO INHERIT {parent}", LOCKING, p.reason,
                                          rollback=f"ALTER TABLE {q} INHERIT {parent}", key=c.key))
                for parent in s.inherits:
                    if parent not in t.inherits:
                        items.append(P.st(f"ALTER TABLE {q} INHERIT {parent}", LOCKING, p.reason,
                                          rollback=f"ALTER TABLE {q} NO INHERIT {parent}", key=c.key))
            elif p.name == "partition of":
                if t.partition_of:
                    self.emit(31, P.st(f"ALTER TABLE {t.partition_of} DETACH PARTITION {q}", LOCKING, p.reason,
                                       rollback=f"ALTER TABLE {t.partition_of} ATTACH PARTITION {q} {t.partition_bound}", key=c.key))
                if s.partition_of:
                    items.append(P.st(f"ALTER TABLE {s.partition_of} ATTACH PARTITION {q} {s.partition_bound}", LOCKING, p.reason,
                                      rollback=f"ALTER TABLE {s.partition_of} DETACH PARTITION {q}", key=c.key))
            elif p.name in ("row level security", "force row level security"):
                pass
            elif p.name == "comment":
                self.emit(60, P.comment(f"TABLE {q}", s.comment, t.comment, key=c.key))
        inherited = set()  # columns a new parent provides (ATTACH PARTITION / INHERIT merge them)
        for parent in ((s.partition_of,) if s.partition_of else ()) + s.inherits:
            ptable = self.src.tables.get("table " + parent)
            inherited |= {col.name for col in ptable.columns} if ptable else set()
        for p in _parts(c, "column"):
            if p.status == ONLY_TARGET and p.name in inherited:
                continue
            if p.status == ONLY_TARGET:
                items.append(T.drop_column(t, p.target))
            elif p.status == ONLY_SOURCE:
                items.append(T.add_column(s, p.source))
                if p.source.comment:
                    self.emit(60, P.comment(f"COLUMN {q}.{p.source.qname}", p.source.comment, key=c.key))
            else:
                items += T.alter_column(s, p.source, p.target, self.version)
        if s.rls != t.rls or s.rls_forced != t.rls_forced:
            self.emit(60, T.rls(s, s.rls, s.rls_forced, t.rls, t.rls_forced))
        for p in _parts(c, "constraint"):
            con_s, con_t = p.source, p.target
            fk = (con_s or con_t).kind == "f"
            if fk:
                self.fk_handled.add((c.key, p.name))
            elif con_t is not None and con_t.kind in ("p", "u") and (
                    con_s is None or (con_s.kind, con_s.definition) != (con_t.kind, con_t.definition)):
                self.rekeyed.add(q)  # foreign keys that reference this key are dropped and added around it
            if p.status == ONLY_TARGET:
                self.emit(22 if fk else 23, T.drop_constraint(t, con_t))
            elif p.status == ONLY_SOURCE:
                self.emit(55 if fk else 50, T.add_constraint(s, con_s, new_table=False))
            elif (con_s.kind, con_s.definition) != (con_t.kind, con_t.definition):
                self.emit(22 if fk else 23, T.drop_constraint(t, con_t, LOCKING, "definition changes"))
                self.emit(55 if fk else 50, T.add_constraint(s, con_s, new_table=False))
            else:
                if con_s.validated and not con_t.validated:
                    self.emit(55 if fk else 50, P.st(f"ALTER TABLE {q} VALIDATE CONSTRAINT {con_s.qname}", SAFE, "validates", key=c.key))
                if con_s.comment != con_t.comment:
                    self.emit(60, P.comment(f"CONSTRAINT {con_s.qname} ON {q}", con_s.comment, con_t.comment, key=c.key))
        self._index_parts(c, s, concurrently=not s.partitioned)
        for kind, drop, create in (("trigger", T.drop_trigger, T.create_trigger), ("policy", T.drop_policy, T.create_policy)):
            phase = 20 if kind == "trigger" else 21
            for p in _parts(c, kind):
                sub_key = f"{kind} {q} {(p.source or p.target).qname}"
                if p.status == ONLY_TARGET:
                    self.emit(phase, drop(t, p.target))
                elif p.status == ONLY_SOURCE:
                    if sub_key not in self.recreate:
                        self.emit(60, create(s, p.source))
                elif kind == "trigger" and p.source.definition == p.target.definition:
                    if p.source.enabled != p.target.enabled:
                        self.emit(60, T.trigger_state(s, p.source, p.target.enabled))
                    if p.source.comment != p.target.comment:
                        self.emit(60, P.comment(f"TRIGGER {p.source.qname} ON {q}", p.source.comment, p.target.comment, key=c.key))
                elif sub_key not in self.recreate:
                    self.emit(phase, drop(t, p.target, LOCKING, "definition changes"))
                    self.emit(60, create(s, p.source))

    def _table_extras_new(self, s: Table) -> None:
        inline = set(c.name for c in T.inline_constraints(s))
        for con in s.constraints:
            if con.name not in inline:
                self.emit(55 if con.kind == "f" else 50, T.add_constraint(s, con, new_table=True))
        for i in s.indexes:
            self.emit(50, T.create_index(s, i, concurrently=False, new=True))
        for tr in s.triggers:
            self.emit(60, T.create_trigger(s, tr))
        for po in s.policies:
            self.emit(60, T.create_policy(s, po))
        if s.rls or s.rls_forced:
            self.emit(60, T.rls(s, s.rls, s.rls_forced, False, False))
        if s.comment:
            self.emit(60, P.comment(f"TABLE {s.qname}", s.comment, key=s.key))
        for col in s.columns:
            if col.comment:
                self.emit(60, P.comment(f"COLUMN {s.qname}.{col.qname}", col.comment, key=s.key))
        for con in s.constraints:
            if con.comment:
                self.emit(60, P.comment(f"CONSTRAINT {con.qname} ON {s.qname}", con.comment, key=s.key))
        for i in s.indexes:
            if i.comment:
                self.emit(60, P.comment(f"INDEX {i.qname}", i.comment, key=s.key))

    def _grants(self) -> None:
        """Privileges (only with --grants): changed ACLs, and ACLs of everything (re)created."""
        from tui.schema.sqlgen_grants import plan_grants

        self.emit(60, plan_grants(self.drift, self.src, set(self.replaced), set(self.recreate), self.readded))
