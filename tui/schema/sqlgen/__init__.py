"""Production-safe SQL that brings TARGET to SOURCE's schema (pure): ``generate(drift) -> MigrationPlan``.

    generate(drift, *, unsafe=False, pg_version=None, lock_timeout="5s",
             statement_timeout="15min") -> MigrationPlan
    MigrationPlan.statements   tuple[PlannedStatement]: sql, risk, reason, transactional, commented_out, rollback
    MigrationPlan.steps()      consecutive statements grouped: one transaction, or one non-transactional statement
    MigrationPlan.sql()        the full script: SET lock_timeout/statement_timeout at the top, BEGIN/COMMIT
                               blocks, non-transactional steps (CONCURRENTLY, ADD VALUE) separated and labelled
    MigrationPlan.rollback_sql()  what undoes the executed statements, in reverse order

Order: create schemas/extensions → drop triggers, policies, constraints, indexes → drop
views and functions (dependants first, from TARGET's ``pg_depend``) → drop tables → create
and alter types, sequences, functions, tables and views in SOURCE's dependency order →
indexes and constraints → triggers, policies, RLS, comments, ownership → drop the rest.
Objects that depend on something being rebuilt (a view on a column whose type changes, a
function taking an enum that is rebuilt) are dropped and created again around it; defaults,
checks, indexes and domains that use a function being dropped or replaced are detached
first, or the function is dropped after they change. A domain whose base type changes is
swapped: created under a temporary name, its columns converted, the old one dropped.
With ``--grants`` (catalogs read with grants) object and column privileges are compared.

Safe by default: ``CREATE INDEX CONCURRENTLY`` as its own step, checks and foreign keys
``NOT VALID`` then ``VALIDATE``, ``SET NOT NULL`` through a validated CHECK, PK/unique
through a concurrently built index, ``IF [NOT] EXISTS`` guards. Destructive statements
(drops of what only TARGET has, rewriting type changes, enum rebuilds) are emitted
commented out with their reason unless ``unsafe``, and the rest is planned without them
(:mod:`tui.schema.sqlgen.hold_back`): what runs never depends on what is held back. Renames are never applied: possible
renames are listed as comments for a person to decide.
"""

from __future__ import annotations

from tui.defaults import LOCK_TIMEOUT, STATEMENT_TIMEOUT
from tui.schema.diff import Drift
from tui.schema.sqlgen.plan import MigrationPlan, Step
from tui.schema.sqlgen.statement import Phase, PlannedStatement

__all__ = ["generate", "MigrationPlan", "PlannedStatement", "Phase", "Step"]


def generate(drift: Drift, *, unsafe: bool = False, pg_version: int | None = None, lock_timeout: str = LOCK_TIMEOUT,
             statement_timeout: str = STATEMENT_TIMEOUT) -> MigrationPlan:
    """The statements that bring TARGET to SOURCE (see the module docstring)."""
    from tui.schema.sqlgen.hold_back import hold_back_destructive
    from tui.schema.sqlgen.planner import plan_statements

    version = pg_version or drift.target.server_version_num or 180000
    if version < 1000:  # given as a major version
        version *= 10000
    stmts = plan_statements(drift, version)
    if not unsafe:  # planned without what is held back, which follows commented out
        stmts = hold_back_destructive(drift, stmts, lambda pruned: plan_statements(pruned, version))
    return MigrationPlan(tuple(stmts), drift.source.label, drift.target.label, lock_timeout, statement_timeout, unsafe,
                         drift.renames, drift.not_compared)
