"""Reporters: the same ReviewReport as text (rich), JSON, SARIF 2.1.0 or GitHub annotations.

Text, SARIF and GitHub show a file's path relative to ``root`` (the repository root, where
code-scanning UIs resolve paths) when the file is inside it: :func:`relative_path`.
"""

from tui.review.reporters.paths import relative_path
from tui.review.reporters.github import render_github
from tui.review.reporters.json_report import render_json, report_dict
from tui.review.reporters.sarif import render_sarif, sarif_dict
from tui.review.reporters.text import render_text

FORMATS = ("text", "json", "sarif", "github")

__all__ = ["FORMATS", "relative_path", "render_github", "render_json", "render_sarif", "render_text", "report_dict", "sarif_dict"]
