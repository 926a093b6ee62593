"""The typed state a plan is built in (pure): what the drift means, and the statements emitted so far.

:class:`Classification` is computed once from the drift (:func:`tui.schema.sqlgen.classify.classify`)
and only read afterwards. :class:`PlanState` collects statements: by :class:`Phase`, and, for
:attr:`Phase.CREATE_IN_DEPENDENCY_ORDER`, by object key (ordered at the end by SOURCE's
dependencies plus :attr:`Classification.dependant_edges`). Builders and passes take the state and
return it; nothing else is shared between them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from tui.schema.diff import Change, Drift
from tui.schema.model import Catalog, Column, Policy, Table, Trigger, View
from tui.schema.sqlgen.statement import Phase, PlannedStatement

# (TARGET table, TARGET column, SOURCE column or None) converted by a domain or range swap
SwappedColumn = tuple[Table, Column, Column | None]


@dataclass
class SubObjects:
    """Triggers, policies and rules by key (``"trigger public.t tr"``, ``"rule public.t r"``) with their owner, on each side."""

    source: dict[str, tuple[Table | View, Trigger | Policy]]
    target: dict[str, tuple[Table | View, Trigger | Policy]]


@dataclass
class Classification:
    """What each top-level change of the drift means for the plan."""

    created: set[str]  # only in SOURCE
    dropped: set[str]  # only in TARGET
    replaced: set[str]  # dropped and created again: kind changes, views/functions that cannot be replaced, rebuilt tables, domains with a new base
    enum_rebuilds: set[str]  # enums whose labels were removed or reordered
    domain_swaps: dict[str, list[SwappedColumn]]  # replaced domains swapped under a temporary name
    range_swaps: dict[str, list[SwappedColumn]]  # replaced range types whose columns go through text meanwhile
    enum_recasts: dict[str, list[tuple[Table, Column]]]  # enum key → TARGET columns recast to the rebuilt enum
    dependants: dict[str, str]  # views, functions, triggers, policies, rules dropped and created around a rebuild → its root
    dependant_edges: list[tuple[str, str]]  # (dependant, root): ordering edges beside SOURCE's dependencies
    sub_objects: SubObjects

    @property
    def rebuilt_tables(self) -> set[str]:
        return {k for k in self.replaced if k.startswith("table ")}


@dataclass
class PlanState:
    """Statements emitted so far, and the facts passes hand to each other."""

    drift: Drift
    pg_version: int
    meaning: Classification
    by_phase: dict[Phase, list[PlannedStatement]] = field(default_factory=lambda: defaultdict(list))
    created_by_key: dict[str, list[PlannedStatement]] = field(default_factory=lambda: defaultdict(list))
    rekeyed_tables: set[str] = field(default_factory=set)  # qnames whose primary key / unique constraint is dropped or changed
    foreign_keys_planned: set[tuple[str, str]] = field(default_factory=set)  # (table key, constraint name)
    readded_columns: set[tuple[str, str]] = field(default_factory=set)  # (table key, column): dropped and added again

    @property
    def source(self) -> Catalog:
        return self.drift.source

    @property
    def target(self) -> Catalog:
        return self.drift.target

    @cached_property
    def target_roles(self) -> set[str] | None:
        """TARGET's role names (None: not read, nothing checked): a statement naming another role is written
        commented out (:func:`~tui.schema.sqlgen.statement.for_role`)."""
        return set(self.target.roles) if self.target.roles else None

    @cached_property
    def top(self) -> dict[str, Change]:
        """The drift's top-level changes by key."""
        return {c.key: c for c in self.drift.changes}

    def emit(self, phase: Phase, stmts) -> None:
        if isinstance(stmts, PlannedStatement):
            stmts = [stmts]
        self.by_phase[phase].extend(stmts)

    def create(self, key: str, stmts) -> None:
        """Statements that create or alter ``key`` in SOURCE's dependency order."""
        self.created_by_key[key].extend(stmts)
