"""Opens the console for a CLI context (kept apart so the CLI imports Textual only when needed)."""

from __future__ import annotations


def run_console(ctx) -> int:
    from tui.app.app import DriftdeckApp

    project = ctx.project  # build/reuse the demo or load the project before the screen opens
    app = DriftdeckApp(project)
    app.run()
    return app.return_code or 0
