"""Benchmarks of the console (issue #10 §5), each measured side by side with its reference in one
run, because this machine's speed varies.

Run: ``.venv/bin/python bench/console_bench.py`` (each measurement is its own function; pass
names to run only some, e.g. ``review_open``). Figures are printed, never asserted, between two
lines giving the machine's speed and load at the start and at the end.

- ``review_open``: a 5,000-statement migration opened in Review (OpenInReview → reviewed,
  coloured, findings listed, risky statements painted, one frame drawn) against
  ``driftdeck review FILE`` headless in a subprocess (target: ≤ 2×). Also prints how long a
  keypress (`n`, next finding) takes in that file.
- ``startup``, ``drift_keys``, ``live_refresh``: the shell and the Drift pane (see
  ``bench/console_drift.py``: first paint vs a bare Textual app, keys in a 5,000-table drift
  tree, a live refresh of an unchanged 5,000-table pair vs a cold ``driftdeck drift``).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _best(times: list[float]) -> float:
    return min(times)


def _headless_review(path: Path, runs: int = 3) -> float:
    """Wall time of ``driftdeck review FILE`` in a fresh process (what a person waits for)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tui", "review", str(path)], cwd=path.parent,
                       capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return _best(times)


async def _console_open(project, path: Path) -> tuple[float, float, int]:
    """(seconds from OpenInReview to the highlights painted, seconds per `n`, findings shown)."""
    from tui.app.app import DriftdeckApp
    from tui.app.messages import OpenInReview
    from tui.app.widgets.sql_view import SqlView

    app = DriftdeckApp(project)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.pane("review")
        t = time.perf_counter()
        app.post_message(OpenInReview(path))
        while not (pane.report is not None and pane.query_one(SqlView).marks):
            await asyncio.sleep(0.005)
        await pilot.pause()  # one frame drawn with the marks
        opened = time.perf_counter() - t
        presses = 20
        t = time.perf_counter()
        for _ in range(presses):
            pane.action_next_finding()
            await pilot.pause()
        per_key = (time.perf_counter() - t) / presses
        return opened, per_key, len(pane.findings)


def review_open(runs: int = 3) -> None:
    """Review pane vs `driftdeck review` headless, on one generated 5,000-statement file."""
    from review_bench import generate

    from tui.config import Project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "db" / "migrations"
        folder.mkdir(parents=True)
        path = folder / "20250101000000_big.sql"
        path.write_text(generate(5000))
        lines = path.read_text().count("\n")
        project = Project(root=root, name="bench", migrations=folder, layout="plain")
        headless = _headless_review(path, runs)
        results = [asyncio.run(_console_open(project, path)) for _ in range(runs)]
        opened = _best([r[0] for r in results])
        per_key = _best([r[1] for r in results])
        findings = results[0][2]
        ratio = opened / headless
        print(f"review_open: 5,000 statements ({lines:,} lines, {findings:,} findings shown)")
        print(f"  driftdeck review FILE (headless, fresh process): {headless:.2f} s")
        print(f"  console: OpenInReview -> highlights painted:      {opened:.2f} s  ({ratio:.2f}x headless; target <= 2x: "
              f"{'OK' if ratio <= 2 else 'SLOWER THAN TARGET'})")
        print(f"  console: `n` (next finding) in that file:         {per_key * 1000:.0f} ms per key, incl. Pilot's idle wait")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"  best of {runs}; load average {load:.2f} on {os.cpu_count()} cores")


def _drift_measurements() -> dict:
    import console_drift

    return {"startup": console_drift.startup, "drift_keys": console_drift.drift_keys,
            "live_refresh": console_drift.live_refresh}


MEASUREMENTS = {"review_open": review_open, **_drift_measurements()}


def speed_line(when: str) -> str:
    """This machine's speed and load now (shared cores: the figures scale with them)."""
    from drift_bench import machine_speed

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"machine {when}: {os.cpu_count()} cores, load average {load:.2f};"
            f" a 10-million-step Python loop takes {machine_speed():.2f} s of CPU")


def main(argv: list[str]) -> None:
    os.environ.setdefault("DRIFTDECK_HOME", tempfile.mkdtemp(prefix="driftdeck-bench-"))
    print(speed_line("at start"))
    for name in argv or list(MEASUREMENTS):
        MEASUREMENTS[name]()
    print(speed_line("at end"))


if __name__ == "__main__":
    main(sys.argv[1:])
