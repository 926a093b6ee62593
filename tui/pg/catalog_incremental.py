"""A warm snapshot that re-reads only what changed: the relation part of :func:`tui.pg.catalog.read`
when it is given the previous snapshot's parts.

    Parts(...)                                 # what a snapshot keeps for the next one
    send(run, previous, changed_catalogs)      # queue the change queries (pipeline)
    counts(run) -> (counts, changed)           # each relation's catalog rows (a full snapshot keeps them)
    relations(run, previous, changed_catalogs) -> (fresh, rels, counts, to_read)
    depends(previous, to_read, rows) -> DEPENDS rows

The relations re-read are those whose catalog rows were written, added or deleted since the
previous snapshot, and every relation that depends on one of them or on a function or type
whose definition changed (:mod:`tui.pg.catalog_changes`); every other relation keeps its
previous row and object. The functions, types and every database-wide object are read again
in full (a few queries, cheap), so the result equals a cold snapshot of the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.pg.catalog_relation_queries import RELATIONS
from tui.pg.catalog_routine_queries import FUNCTIONS, TYPES
from tui.pg.catalog_changes import DEPENDANTS, ORDER, RELATION_CHANGES, changed_relations, changed_rows, literal


@dataclass(frozen=True)
class Parts:
    """What a snapshot read, by oid, for a warm snapshot to reuse (see :func:`tui.pg.catalog.read`)."""

    rels: dict  # RELATIONS rows by oid, in the snapshot's order
    objects: dict  # the Table, View, Sequence… built from each (None: skipped)
    functions: dict  # FUNCTIONS rows by oid
    types: dict  # TYPES rows by oid
    depend_rows: list  # DEPENDS rows
    relation_rows: dict | None  # catalog rows counted per relation, by query (tui.pg.catalog_changes.RELATION_CHANGES)


def _branches(previous, changed) -> list:
    """The per-relation change queries worth running: all for a full snapshot, else those
    reading a catalog that changed."""
    if previous is None or changed is None:
        return list(RELATION_CHANGES)
    return [key for key in RELATION_CHANGES if changed.intersection(key)]


def send(run, previous, changed=None) -> None:
    """Queue what the change detection reads, ahead of the rest."""
    run.send(*(RELATION_CHANGES[key] for key in _branches(previous, changed)))
    if previous is not None:
        run.send(FUNCTIONS, TYPES)


def counts(run, previous=None, changed=None) -> tuple[dict, set[int]]:
    """Each change query's per-relation row counts (the previous ones for queries not run), and
    the relations that changed since ``previous``."""
    out = {} if previous is None else dict(previous.relation_rows)
    moved: set[int] = set()
    for key in _branches(previous, changed):
        now = {oid: (int(rows), bool(written)) for oid, rows, written in run(RELATION_CHANGES[key])}
        if previous is not None:
            moved |= changed_relations(previous.relation_rows.get(key, {}), now)
        out[key] = {oid: value for oid, value in now.items() if value[0]}  # rows counted; written-only ones not kept
    return out, moved


def _with_arrays(type_oids: set, *row_maps: dict) -> set:
    """Types and their array types (a column of ``status[]`` depends on the array type)."""
    out = set(type_oids)
    for rows in row_maps:
        out |= {rows[oid][5] for oid in type_oids if oid in rows and rows[oid][5]}
    return out


def relations(run, previous, changed=None) -> tuple[dict, dict, dict, set]:
    """``(fresh, rels, counts, to_read)``: the RELATIONS rows read again, all rows in the snapshot's
    order, the per-relation counts to compare with next time (``changed``: the catalogs that did),
    and the relations looked at (read again, or gone)."""
    now, seeds = counts(run, previous, changed)
    functions = {row[0]: row for row in run.peek(FUNCTIONS)}
    types = {row[0]: row for row in run.peek(TYPES)}
    seeds |= changed_rows(previous.functions, functions)
    seeds |= _with_arrays(changed_rows(previous.types, types), previous.types, types)
    fresh: dict = {}
    to_read: set = set()
    run.params["only"] = "{0}"  # no relation (the dependencies below: only functions' and types')
    if seeds:
        run.params["seeds"] = literal(seeds)
        to_read = {oid for (oid,) in run(DEPENDANTS)} | seeds
        run.params["only"] = literal(to_read)
        fresh = {row[0]: row for row in run(RELATIONS)}
    order = [oid for oid in previous.rels if oid not in to_read or oid in fresh]
    if any(oid not in previous.rels or previous.rels[oid][4] != row[4] for oid, row in fresh.items()):
        by_name = {row[4]: oid for oid, row in previous.rels.items() if oid not in to_read}
        by_name.update({row[4]: oid for oid, row in fresh.items()})
        run.params["order_names"] = list(by_name)
        order = [by_name[name] for (name,) in run(ORDER)]
    return fresh, {oid: fresh.get(oid) or previous.rels[oid] for oid in order}, now, to_read


_OF_RELATION = frozenset({"rel", "trigger", "policy", "rule"})


def depends(previous, to_read: set, rows: list) -> list:
    """The DEPENDS rows: those read again (of the relations in ``to_read``, of every function,
    type and domain constraint) and the previous ones of every other relation."""
    kept = [row for row in previous.depend_rows if row[1] not in to_read
            and (row[0] in _OF_RELATION or row[0] == "con" and row[1] in previous.rels)]
    return kept + rows
