"""Benchmarks of the guided apply's heavy steps, each against the bare tool an operator would run (prints its figures).

    .venv/bin/python bench/apply_bench.py [--only statements|backup] [--statements 1000]
                                          [--backup-mb 300] [--runs 3]

Statements (:func:`bench_statements`): one generated migration of ``--statements`` statements
(tables, columns, indexes, checks, comments, inserts, a view and a function now and then),
applied side by side on the same embedded server to fresh databases by driftdeck's runner
(``tui.apply.runner.run_migrations``: connection, advisory lock, timeouts, per-statement
events, history row — the apply step for one migration) and by ``psql -X -q -1 -v
ON_ERROR_STOP=1 -f`` (process start included, as an operator runs it). Runs alternate; the
first round warms up and is not counted. Prints medians, minimums, the runner's client CPU
and the ratio. Target: ≤ 1.2×.

Backup (:func:`bench_backup`): builds a database of about ``--backup-mb`` MB on the embedded
server (a wide table with indexes, a narrow one, a jsonb one), then times, alternating runs
on that same database, driftdeck's backup step (``tui.apply.backup.backup``: the read-only
pre-flight query, the folder and free-space checks, ``pg_dump -Fc`` with progress polling,
the schema-only dump — run at the same time as the main dump —, ``pg_restore --list``
verification, the renames) and a bare ``pg_dump -Fc -f FILE`` with the same binary. A
warm-up round is not counted, then the order alternates (who goes first gets the colder
cache). Prints medians, minimums and their ratios. Target: ≤ 1.1×.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


BACKUP_DB = "bench_backup_db"


def build_backup_db(server, mb: int) -> str:
    """A database of about ``mb`` MB (reused when it is already there at that size)."""
    import psycopg

    from tui.pg.activity import database_size

    if server.has_database(BACKUP_DB):
        with psycopg.connect(server.url(BACKUP_DB)) as conn:
            if abs(database_size(conn) / 2**20 - mb) < mb * 0.25:
                return server.url(BACKUP_DB)
    url = server.create_database(BACKUP_DB, replace=True)
    rows = int(mb * 2**20 / 275)  # ~275 bytes per row over the three tables, indexes included
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "create table events (id bigint primary key, user_id int not null, kind text not null,"
            " created_at timestamptz not null, body text not null)"
        )
        conn.execute(
            "insert into events select g, g %% 5000, (array['view','click','buy','share'])[1 + g %% 4],"
            " now() - g * interval '1 second', md5(g::text) || repeat(substr(md5((g * 7)::text), 1, 16), 6)"
            " from generate_series(1, %s) g",
            (rows,),
        )
        conn.execute("create index events_user_idx on events (user_id, created_at)")
        conn.execute("create table users (id int primary key, email text not null unique, name text)")
        conn.execute("insert into users select g, 'user' || g || '@example.com', 'User ' || g from generate_series(1, 5000) g")
        conn.execute("create table settings (id bigint primary key, data jsonb not null)")
        conn.execute(
            "insert into settings select g, jsonb_build_object('theme', 'dark', 'n', g, 'tags', jsonb_build_array('a', g))"
            " from generate_series(1, %s) g",
            (rows // 10,),
        )
        conn.execute("vacuum analyze")
        size = database_size(conn)
    print(f"backup: built {BACKUP_DB}: {size / 2**20:.0f} MB (pg_database_size)", flush=True)
    return url


def bench_backup(mb: int, runs: int) -> None:
    """driftdeck's backup step vs a bare ``pg_dump -Fc`` of the same database, alternating runs."""
    from tui.apply.backup import backup, human_size
    from tui.pg import dump
    from tui.pg.server import scratch_server

    server = scratch_server(18)
    url = build_backup_db(server, mb)
    programs = dump.client_programs(18)
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="driftdeck-bench-backup-") as tmp:
        folder = Path(tmp)
        conn_args, env = dump.connection_args(url)

        def run_bare():
            target = folder / "bare.dump"
            start = time.perf_counter()
            subprocess.run([str(programs.path("pg_dump")), *conn_args, "--format=custom", f"--file={target}"], check=True)
            elapsed = time.perf_counter() - start
            size = target.stat().st_size
            target.unlink()
            return elapsed, size

        def run_ours():
            start = time.perf_counter()
            record = backup(url, folder=folder / "ours", label="bench")
            elapsed = time.perf_counter() - start
            record.path.unlink()
            record.schema_path.unlink()
            return elapsed, record

        for i in range(runs + 1):  # round 0 warms the cache for both; then the order alternates
            if i % 2:
                (t_ours, record), (t_bare, bare_size) = run_ours(), run_bare()
            else:
                (t_bare, bare_size), (t_ours, record) = run_bare(), run_ours()
            if i:
                ours.append(t_ours)
                bare.append(t_bare)
    a, b = statistics.median(ours), statistics.median(bare)
    print(f"backup: database {mb} MB target; dump {human_size(record.size)} (bare {human_size(bare_size)});"
          f" pg_dump {programs.version}; {runs} runs each after a warm-up, order alternating")
    print(f"backup: driftdeck backup step   median {a:6.2f} s, min {min(ours):6.2f} s"
          " (pre-flight + dump + schema dump alongside + pg_restore --list + renames)")
    print(f"backup: bare pg_dump -Fc        median {b:6.2f} s, min {min(bare):6.2f} s")
    print(f"backup: ratio median {a / b:.3f}x, min {min(ours) / min(bare):.3f}x (target <= 1.1x);"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def migration_sql(n: int) -> str:
    """A realistic migration of ``n`` statements."""
    out: list[str] = []
    table = 0
    while len(out) < n:
        t = f"t{table:04d}"
        out.append(f"create table {t} (id bigint generated always as identity primary key, name text not null,"
                   " created_at timestamptz default now());")
        out.append(f"alter table {t} add column amount numeric(12,2) not null default 0;")
        out.append(f"create index {t}_name_idx on {t} (name);")
        out.append(f"comment on table {t} is 'table number {table}';")
        out.append(f"insert into {t} (name, amount) select 'n' || g, g from generate_series(1, 20) g;")
        out.append(f"alter table {t} add constraint {t}_amount_check check (amount >= 0);")
        if table % 5 == 0:
            out.append(f"create view v_{t} as select id, name from {t} where amount > 10;")
            out.append(f"create function f_{t}(x bigint) returns bigint language sql stable"
                       f" as 'select count(*) from {t} where id > x';")
        table += 1
    return "\n".join(out[:n]) + "\n"


def psql_binary(server) -> Path:
    for folder in (server.bin_dir(), Path("/usr/lib/postgresql/15/bin")):
        if (folder / "psql").exists():
            return folder / "psql"
    found = shutil.which("psql")
    if not found:
        sys.exit("no psql found (embedded server's bin, /usr/lib/postgresql/15/bin, PATH)")
    return Path(found)


def bench_statements(n: int, runs: int) -> None:
    """driftdeck's runner vs ``psql -1 -f`` on one generated migration, alternating runs."""
    from tui.apply.runner import run_migrations
    from tui.migrations.layouts import plain
    from tui.pg.server import scratch_server

    server = scratch_server(18)
    psql = psql_binary(server)
    ours: list[float] = []
    theirs: list[float] = []
    cpu: list[float] = []
    events = 0

    def count(event) -> None:
        nonlocal events
        events += 1

    with tempfile.TemporaryDirectory(prefix="driftdeck-bench-apply-") as tmp:
        path = Path(tmp) / "20240101000000_bench.sql"
        path.write_text(migration_sql(n))
        migration = plain.read_one(path)
        for run in range(runs + 1):  # round 0 warms both up
            a = server.create_database(f"bench_runner_{uuid.uuid4().hex[:8]}")
            b = server.create_database(f"bench_psql_{uuid.uuid4().hex[:8]}")
            events = 0
            t0, c0 = time.perf_counter(), time.process_time()
            run_migrations(a, [migration], "plain", applied_by="bench", on_event=count)
            t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0
            t0 = time.perf_counter()
            subprocess.run([str(psql), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", str(path), "-d", b],
                           check=True, stdout=subprocess.DEVNULL)
            t_psql = time.perf_counter() - t0
            if run:
                ours.append(t_ours)
                theirs.append(t_psql)
                cpu.append(c_ours)
            for url in (a, b):
                server.drop_database(url.rsplit("/", 1)[1].split("?")[0])
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"statements: {n} statements in one migration, server {server.version}, {psql}; {runs} runs each, alternating")
    print(f"statements: driftdeck runner  median {a * 1000:7.1f} ms, min {min(ours) * 1000:7.1f} ms"
          f"  (client CPU {statistics.median(cpu) * 1000:.0f} ms, {events} events)")
    print(f"statements: psql -1 -f        median {b * 1000:7.1f} ms, min {min(theirs) * 1000:7.1f} ms")
    print(f"statements: ratio median {a / b:.2f}x, min {min(ours) / min(theirs):.2f}x (target <= 1.2x);"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backup-mb", type=int, default=300, help="size of the database to back up (MB)")
    parser.add_argument("--statements", type=int, default=1000, help="statements in the generated migration")
    parser.add_argument("--only", choices=("statements", "backup"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.only != "backup":
        bench_statements(args.statements, max(args.runs, 5))
    if args.only != "statements":
        bench_backup(args.backup_mb, args.runs)


if __name__ == "__main__":
    main()
