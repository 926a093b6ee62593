"""Small helpers for the migrations tests: a Project over a folder with environments on the test server."""

from __future__ import annotations

from pathlib import Path

from tests.migrations.folders import LAYOUTS, make_folder
from tui.config import Environment, Project


def project_for(root: Path, envs: dict[str, str] | None = None, *, scratch_url: str | None = None, layout: str = "auto",
                protected: tuple[str, ...] = ("prod",), migrations: Path | None = None) -> Project:
    return Project(
        root=root,
        migrations=migrations,
        layout=layout,
        scratch_url_ref=scratch_url,
        environments=tuple(Environment(name=n, url_ref=u, protected=n in protected) for n, u in (envs or {}).items()),
    )


def layout_project(tmp_path: Path, layout: str, make_db, applied: dict[str, int], **kw) -> Project:
    """A realistic folder of ``layout`` and one database per environment with the first N migrations
    recorded in the tool's history table, as the tool itself writes it."""
    make_folder(tmp_path, layout)
    writer = LAYOUTS[layout][3]
    envs = {name: make_db(writer(tmp_path, n) if n else None) for name, n in applied.items()}
    return project_for(tmp_path, envs, **kw)
