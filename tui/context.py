"""What every command needs: the project (loaded once, or the demo's), and where output goes."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich and the project file are loaded on first use: `driftdeck --help` needs neither
    from rich.console import Console

    from tui.config import Project


@dataclass
class Context:
    """Built by the CLI from the global options; commands and the console read the project from it."""

    project_dir: Path | None = None
    demo: bool = False
    reset: bool = False
    _project: Project | None = None

    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=True)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def project(self) -> Project:
        """The project, loaded on first use (the demo is built or reused on first use)."""
        if self._project is None:
            if self.demo:
                from tui.demo.build import ensure_demo

                self._project = ensure_demo(reset=self.reset, progress=self.progress)
            else:
                from tui.config import load_project

                self._project = load_project(self.project_dir, explicit=self.project_dir is not None)
        return self._project

    def progress(self, message: str) -> None:
        """A progress line on stderr (keeps stdout clean for --format json/sql)."""
        if sys.stderr.isatty():
            self.err.print(f"[dim]{message}[/dim]")
        else:
            print(message, file=sys.stderr, flush=True)
