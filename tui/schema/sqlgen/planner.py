"""The planner behind :func:`tui.schema.sqlgen.generate` (pure): what to emit, in which phase, in which order.

    plan_statements(drift, pg_version) -> list[PlannedStatement]

1. :func:`tui.schema.sqlgen.classify.classify` says what each change means (created, dropped,
   replaced, rebuilt, what a rebuild drags along);
2. each change goes to the builder of its object family (``PLANNERS``, by the key's kind),
   which puts statements into :class:`Phase` buckets of the :class:`PlanState`;
3. the passes add what a change implies elsewhere: foreign keys to a rebuilt key,
   dependants created again, views, functions and tables dropped dependants first (after
   detaching what uses a function that goes), privileges;
4. statements are laid out phase by phase; inside ``CREATE_IN_DEPENDENCY_ORDER`` in SOURCE's
   dependency order; constraints are all added ``NOT VALID`` before any is validated. What
   must run outside a transaction (``ADD VALUE``, ``DROP INDEX CONCURRENTLY``) runs before the
   first drop, so an object dropped and created again never spans two steps.

A drift pruned to some of its changes (the console's "generate for a selection") plans only
those; objects the pruned drift does not mention are left as TARGET has them.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.schema.diff import DIFFERS, Change, Drift
from tui.schema.model import RangeType
from tui.schema.ordering import topo_order
from tui.schema.sqlgen.builders.collations import plan_collation
from tui.schema.sqlgen.builders.event_triggers import plan_event_trigger
from tui.schema.sqlgen.builders.foreign_data import detach_wrappers_from_replaced_functions, plan_foreign_data
from tui.schema.sqlgen.builders.functions import plan_function
from tui.schema.sqlgen.builders.grants import plan_privileges
from tui.schema.sqlgen.builders.owners import plan_owners
from tui.schema.sqlgen.builders.replication import plan_publication, plan_subscription, republish_changed_tables
from tui.schema.sqlgen.builders.schemas import plan_extension, plan_schema
from tui.schema.sqlgen.builders.sequences import plan_sequence
from tui.schema.sqlgen.builders.tables import plan_table
from tui.schema.sqlgen.builders.types import plan_type
from tui.schema.sqlgen.builders.views import plan_view
from tui.schema.sqlgen.classify import classify
from tui.schema.sqlgen.passes.dependants import (
    drop_tables, drop_views_and_functions, recreate_dependants, recreate_foreign_keys_to_rekeyed_tables,
)
from tui.schema.sqlgen.passes.type_swaps import keep_range_by_hand, rebuild_enum, swap_domain, swap_range
from tui.schema.sqlgen.state import PlanState
from tui.schema.sqlgen.statement import Phase, PlannedStatement


def _plan_type_change(state: PlanState, c: Change) -> PlanState:
    if c.status == DIFFERS and c.key in state.meaning.domain_swaps:
        return swap_domain(state, c)
    if c.key in state.meaning.enum_rebuilds:
        return rebuild_enum(state, c)
    if c.key in state.meaning.range_swaps:
        return swap_range(state, c)
    if c.key in state.meaning.replaced and isinstance(c.source, RangeType):
        return keep_range_by_hand(state, c)
    return plan_type(state, c)


# the kind of a change's key ("table public.t" → "table") → what plans it
PLANNERS: dict[str, Callable[[PlanState, Change], PlanState]] = {
    "schema": plan_schema,
    "extension": plan_extension,
    "collation": plan_collation,
    "event-trigger": plan_event_trigger,
    "publication": plan_publication,
    "foreign-data-wrapper": plan_foreign_data,
    "server": plan_foreign_data,
    "user-mapping": plan_foreign_data,
    "foreign-table": plan_foreign_data,
    "subscription": plan_subscription,
    "type": _plan_type_change,
    "sequence": plan_sequence,
    "function": plan_function,
    "view": plan_view,
    "table": plan_table,
}

# what a change implies beyond its own object, in this order
PASSES: tuple[Callable[[PlanState], PlanState], ...] = (
    recreate_foreign_keys_to_rekeyed_tables,
    recreate_dependants,
    detach_wrappers_from_replaced_functions,
    drop_views_and_functions,
    drop_tables,
    republish_changed_tables,
    plan_owners,
    plan_privileges,
)


def plan_statements(drift: Drift, pg_version: int) -> list[PlannedStatement]:
    """Every statement that brings TARGET to SOURCE, in the order they run."""
    state = PlanState(drift, pg_version, classify(drift))
    for c in drift.changes:
        planner = PLANNERS.get(c.key.split(" ", 1)[0])
        if planner is not None:
            state = planner(state, c)
    state.rekeyed_tables |= {state.target.tables[k].qname for k in state.meaning.replaced if k in state.target.tables}
    for run in PASSES:
        state = run(state)
    return _lay_out(state)


def _owner_edges(keys) -> list[tuple[str, str]]:
    """A trigger, policy or rule created in dependency order comes after its table, view or foreign table."""
    out = []
    for key in keys:
        kind, _, rest = key.partition(" ")
        if kind in ("trigger", "policy", "rule"):
            owner = rest.rsplit(" ", 1)[0]
            out += [(key, "table " + owner), (key, "view " + owner), (key, "foreign-table " + owner)]
    return out


def _lay_out(state: PlanState) -> list[PlannedStatement]:
    """Phase by phase; objects created in dependency order; constraints validated after all are added."""
    by_phase = state.by_phase
    keys = state.created_by_key.keys()
    edges = list(state.source.depends) + state.meaning.dependant_edges + _owner_edges(keys)
    for key in topo_order(keys, edges):
        by_phase[Phase.CREATE_IN_DEPENDENCY_ORDER].extend(state.created_by_key[key])
    # nothing outside a transaction between a drop and its re-creation: such statements go first
    for phase in [p for p in by_phase if Phase.DROP_TRIGGERS <= p <= Phase.CREATE_IN_DEPENDENCY_ORDER]:
        by_phase[Phase.OUTSIDE_A_TRANSACTION_FIRST] += [s for s in by_phase[phase] if not s.transactional]
        by_phase[phase] = [s for s in by_phase[phase] if s.transactional]
    for phase in (Phase.ADD_CONSTRAINTS_AND_INDEXES, Phase.ADD_FOREIGN_KEYS):
        by_phase[Phase.VALIDATE_CONSTRAINTS] += [s for s in by_phase[phase] if s.isolated]
        by_phase[phase] = [s for s in by_phase[phase] if not s.isolated]
    out: list[PlannedStatement] = []
    for phase in sorted(by_phase):
        out += by_phase[phase]
    return out
