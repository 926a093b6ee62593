"""Benchmark of a snapshot of a schema heavy in partitions and inheritance (prints its figures).

    .venv/bin/python bench/partitions_bench.py [--children 1500] [--runs 5]

One database: a table partitioned by range with N partitions, and a table with N inheritance
children. Prints the median time of the snapshot's relations query alone (where each relation's
parents are gathered) and the best time of a whole snapshot (``tui.pg.catalog.snapshot``), each
in a fresh session as a cold ``driftdeck drift`` has.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.pg.catalog import DEFAULT_EXCLUDE, snapshot  # noqa: E402
from tui.pg.catalog_filter import filter_params  # noqa: E402
from tui.pg.catalog_relation_queries import RELATIONS  # noqa: E402
from tui.pg.server import scratch_server  # noqa: E402


def schema_sql(n: int) -> list[str]:
    out = ["create table m (id int, at date not null, v text) partition by range (at);"]
    for i in range(n):
        start, end = f"{2000 + i // 12}-{i % 12 + 1:02d}-01", f"{2000 + (i + 1) // 12}-{(i + 1) % 12 + 1:02d}-01"
        out.append(f"create table m_{i} partition of m for values from ('{start}') to ('{end}');")
    out.append("create table base (id int, note text);")
    out += [f"create table child_{i} (extra int) inherits (base);" for i in range(n)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--children", type=int, default=1500, help="partitions, and as many inheritance children")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    server = scratch_server(18)
    url = server.create_database("partitions_bench", replace=True)
    lines = schema_sql(args.children)
    with psycopg.connect(url, autocommit=True) as conn:
        for i in range(0, len(lines), 300):
            conn.execute("\n".join(lines[i:i + 300]))
        conn.execute("vacuum (analyze)")
    params = filter_params(None, list(DEFAULT_EXCLUDE))
    params.update(grants=False, owners=False, only="{}")
    times = []
    for _ in range(args.runs):
        with psycopg.connect(url) as conn:
            conn.execute("select pg_catalog.set_config('search_path', '', false)")
            t0 = time.perf_counter()
            conn.execute(RELATIONS, params).fetchall()
            times.append(time.perf_counter() - t0)
    snaps = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        snapshot(url, label="partitions")
        snaps.append(time.perf_counter() - t0)
    print(f"{args.children} partitions and {args.children} inheritance children on PostgreSQL {server.version}:"
          f" relations query {statistics.median(times) * 1000:.0f} ms (median of {args.runs}),"
          f" whole snapshot {min(snaps):.3f} s (best of {args.runs})")


if __name__ == "__main__":
    main()
