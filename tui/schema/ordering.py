"""Dependency order of schema objects (pure): create what is used before its users, drop in reverse.

``topo_order(keys, edges)`` sorts object keys (``"table public.users"``) so that each comes
after everything it depends on (``edges`` are ``(dependent, referenced)`` pairs, e.g. from
``pg_depend``); ties and cycles are resolved by kind (schemas, extensions, types,
sequences, functions, tables, views) and then by name, so the output is deterministic.
"""

from __future__ import annotations

import heapq

KIND_ORDER = {"schema": 0, "extension": 1, "type": 2, "sequence": 3, "function": 4, "table": 5, "view": 6}


def key_priority(key: str):
    kind = key.split(" ", 1)[0]
    return (KIND_ORDER.get(kind, 9), key)


def topo_order(keys, edges, priority=key_priority) -> list[str]:
    """``keys`` ordered so every key comes after those it depends on (edges: dep → ref); cycles broken by priority."""
    keys = set(keys)
    needs: dict[str, set[str]] = {k: set() for k in keys}
    users: dict[str, set[str]] = {k: set() for k in keys}
    for dep, ref in edges:
        if dep in keys and ref in keys and dep != ref:
            needs[dep].add(ref)
            users[ref].add(dep)
    ready = [(priority(k), k) for k in keys if not needs[k]]
    heapq.heapify(ready)
    out, done = [], set()
    while len(out) < len(keys):
        if not ready:
            k = min((k for k in keys if k not in done), key=priority)
            heapq.heappush(ready, (priority(k), k))
        _, k = heapq.heappop(ready)
        if k in done:
            continue
        done.add(k)
        out.append(k)
        for u in users[k]:
            needs[u].discard(k)
            if not needs[u] and u not in done:
                heapq.heappush(ready, (priority(u), u))
    return out
