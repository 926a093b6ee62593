"""A throwaway copy of the demo: its databases copied on the demo's server (``CREATE DATABASE … TEMPLATE``)
and its project folder copied, so that a whole apply, a restore or a screenshot run through the wizard
leaves the demo as it was. The tests' ``demo_clone`` fixture and ``screenshots/regenerate.py`` use it.

    with clone_demo(ensure_demo(), folder) as project:   # folder/project, backups in folder/backups
        ...                                             # the copies are dropped on the way out
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tui.config import Project
from tui.pg.connect import connect
from tui.pg.server import demo_server


@contextmanager
def clone_demo(demo: Project, folder: Path) -> Iterator[Project]:
    """``demo`` (the built demo project) on fresh copies of its databases, its files under ``folder``
    (without its ``.driftdeck`` state), its backups in ``folder/backups``."""
    server = demo_server()
    suffix = uuid.uuid4().hex[:8]
    envs, created = [], []
    try:
        for env in demo.environments:
            name = f"{env.name}_{suffix}"
            _close_sessions(server, env.name)  # a template must have no session (an earlier run may leave some)
            url = server.create_database(name, template=env.name)
            created.append(name)
            envs.append(dataclasses.replace(env, url_ref=url))
        root = Path(folder) / "project"
        shutil.copytree(demo.root, root, ignore=shutil.ignore_patterns(".driftdeck"))

        def moved(path):
            return root / path.relative_to(demo.root) if path is not None else None

        yield dataclasses.replace(
            demo, root=root, migrations=moved(demo.migrations), history_log=moved(demo.history_log),
            environments=tuple(envs), apply=dataclasses.replace(demo.apply, backup_dir=Path(folder) / "backups"),
        )
    finally:
        for name in created:
            server.drop_database(name)


def _close_sessions(server, database: str) -> None:
    with connect(server.url(), label="demo server") as conn:
        conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = %s"
                     " and pid <> pg_backend_pid()", (database,))
