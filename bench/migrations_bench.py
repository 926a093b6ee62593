"""Speed of the migrations engine: status for 500 migrations × 3 environments (< 1 s), replay of
200 migrations on the embedded server (< 10 s), and a cached replay (< 0.5 s).

Run: ``/tmp/venv/bin/python bench/migrations_bench.py``. Uses a temporary DRIFTDECK_HOME and
its own embedded servers; prints one line per figure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["DRIFTDECK_HOME"] = tempfile.mkdtemp(prefix="driftdeck-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.config import Environment, Project  # noqa: E402
from tui.migrations import load_folder, record_applied, status_matrix  # noqa: E402
from tui.migrations.replay import replay_database  # noqa: E402
from tui.pg.connect import connect  # noqa: E402
from tui.pg.replay_store import ReplayStore  # noqa: E402
from tui.pg.server import scratch_server  # noqa: E402


def migration_sql(i: int) -> str:
    t = f"t{i // 4}"
    kind = i % 4
    if kind == 0:
        return f"-- table {t}\nCREATE TABLE {t} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n\n-- migrate:down\nDROP TABLE {t};\n"
    if kind == 1:
        return f"ALTER TABLE {t} ADD COLUMN note text;\nALTER TABLE {t} ADD COLUMN score integer DEFAULT 0;\n\n-- migrate:down\nALTER TABLE {t} DROP COLUMN note;\n"
    if kind == 2:
        return f"CREATE INDEX {t}_created_at_idx ON {t} (created_at);\nCOMMENT ON TABLE {t} IS 'bench table {t}';\n"
    prev = f"t{i // 4 - 1}" if i >= 4 else t
    return f"ALTER TABLE {t} ADD COLUMN ref bigint REFERENCES {prev} (id);\nCREATE VIEW {t}_v AS SELECT id, name FROM {t};\n"


def write_folder(root: Path, n: int) -> Path:
    folder = root / "db" / "migrations"
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"2024{i // 1000:02d}{i % 1000:04d}000000_step_{i}.sql").write_text(migration_sql(i))
    return folder


def timed(fn, repeat: int = 1):
    best = None
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def bench_status(server) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-status-"))
    write_folder(root, 500)
    project = Project(root=root)
    folder = load_folder(project)
    envs = []
    for name, applied in (("dev", 500), ("staging", 450), ("prod", 400)):
        url = server.create_database(f"bench_status_{name}", replace=True)
        with connect(url) as conn:
            with conn.transaction():
                for m in folder.migrations[:applied]:
                    record_applied(conn, folder.layout, m, applied_by="bench")
        envs.append(Environment(name=name, url_ref=url, protected=name == "prod"))
    project = Project(root=root, environments=tuple(envs))
    elapsed, matrix = timed(lambda: status_matrix(project), repeat=3)
    summary = "; ".join(e.summary() for e in matrix.envs)
    print(f"status 500 migrations x 3 environments: {elapsed:.3f} s (target < 1 s)  [{summary}]")


def bench_replay() -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-replay-"))
    write_folder(root, 200)
    project = Project(root=root)
    t = time.perf_counter()
    ReplayStore.embedded().version_num()
    print(f"start of the persistent embedded replay server (first use in a process): {time.perf_counter() - t:.2f} s")
    elapsed, url = timed(lambda: replay_database(project, "migrations:all", None))
    print(f"replay of 200 migrations (embedded server, cold cache): {elapsed:.2f} s (target < 10 s)")
    elapsed, url2 = timed(lambda: replay_database(project, "migrations:all", None), repeat=3)
    assert url2 == url
    print(f"cached replay of the same 200 migrations: {elapsed:.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    server = scratch_server()
    bench_status(server)
    bench_replay()
