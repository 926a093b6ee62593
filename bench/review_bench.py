"""Benchmark of the review engine: a generated 5,000-statement file and a folder of 500 files.

Run: ``python bench/review_bench.py``. Prints statements/second and seconds per 5,000
statements (target: < 0.5 s). When ``squawk`` is on PATH (``pip install squawk-cli`` in a
separate venv, never in the project), it is timed on the same input and the ratio printed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.review import ReviewOptions, review_files, review_sql  # noqa: E402

TEMPLATES = [
    "CREATE TABLE t{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE INDEX t{i}_name_idx ON users{i} (name)",
    "ALTER TABLE users{i} ADD COLUMN c{i} integer",
    "ALTER TABLE users{i} ALTER COLUMN plan SET NOT NULL",
    "UPDATE users{i} SET plan = 'free' WHERE plan IS NULL",
    "ALTER TABLE orders{i} ADD CONSTRAINT orders{i}_fk FOREIGN KEY (user_id) REFERENCES users{i} (id) NOT VALID",
    "COMMENT ON TABLE t{i} IS 'table number {i}; with a semicolon'",
    "CREATE OR REPLACE FUNCTION f{i}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$",
    "ALTER TABLE users{i} DROP COLUMN legacy{i}",
    "INSERT INTO plans (code, price) VALUES ('p{i}', {i})",
]


def generate(n: int, offset: int = 0) -> str:
    return "".join(f"-- statement {k}\n" + TEMPLATES[k % len(TEMPLATES)].format(i=k) + ";\n" for k in range(offset, offset + n))


CPU: list[float] = []


def best_of(fn, runs: int = 5) -> float:
    """Best wall time of ``runs``; the matching CPU time of this process goes to CPU[-1]
    (on a busy machine wall time includes waiting for a core; CPU time does not)."""
    times = []
    cpus = []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    CPU.append(min(cpus))
    return min(times)


def squawk_time(paths: list[Path]) -> float | None:
    exe = os.environ.get("SQUAWK") or shutil.which("squawk")
    if not exe:
        return None

    def run():
        subprocess.run([exe, *map(str, paths)], capture_output=True, check=False)

    return best_of(run, 2)


def main() -> None:
    options = ReviewOptions(pg_version=18, implicit_transaction=True)
    big = generate(5000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big_path = folder / "big.sql"
        big_path.write_text(big)
        t_big = best_of(lambda: review_sql(big, str(big_path), options))
        report = review_sql(big, str(big_path), options)
        print(f"one file, {len(report.statements)} statements: {t_big:.3f} s (cpu {CPU[-1]:.3f} s), "
              f"{len(report.statements) / t_big:,.0f} statements/s, {len(report.findings)} findings")
        files = folder / "many"
        files.mkdir()
        for k in range(500):
            (files / f"{k:04d}_m.sql").write_text(generate(10, k * 10))
        paths = sorted(files.glob("*.sql"))
        t_many = best_of(lambda: review_files(paths, options))
        print(f"500 files, 5000 statements: {t_many:.3f} s (cpu {CPU[-1]:.3f} s), {5000 / t_many:,.0f} statements/s")
        bad = big.replace("ALTER TABLE users7 ADD COLUMN c7 integer", "ALTER TABLE users7 ADD COLUMM c7 integr")
        t_bad = best_of(lambda: review_sql(bad, "bad.sql", options))
        print(f"one file, 5000 statements with one syntax error: {t_bad:.3f} s (cpu {CPU[-1]:.3f} s), {5000 / t_bad:,.0f} statements/s")
        verdict = "OK" if max(t_big, t_many) < 0.5 else "SLOWER THAN TARGET"
        cpu_verdict = "OK" if max(CPU[0], CPU[1]) < 0.5 else "SLOWER THAN TARGET"
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"target < 0.5 s per 5,000 statements: wall {verdict}, cpu {cpu_verdict} (load average {load:.2f} on {os.cpu_count()} cores)")
        sq = squawk_time([big_path])
        if sq is None:
            print("squawk not on PATH: no comparison (pip install squawk-cli in a separate venv to compare)")
        else:
            sq_many = squawk_time(paths)
            print(f"squawk, same 5,000-statement file: {sq:.3f} s (driftdeck/squawk time ratio {t_big / sq:.2f})")
            if sq_many:
                print(f"squawk, same 500 files: {sq_many:.3f} s (ratio {t_many / sq_many:.2f})")


if __name__ == "__main__":
    main()
