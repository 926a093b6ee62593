"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Levels: high → error, medium → warning, low → note. Columns are Unicode code points
(``columnKind: unicodeCodePoints``), matching driftdeck's character offsets.
Acknowledged findings carry an ``inSource`` suppression with the reason as justification.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui import __version__
from tui.review.model import ReviewReport
from tui.review.reporters.paths import relative_path
from tui.review.rules import all_rules

LEVELS = {"high": "error", "medium": "warning", "low": "note"}


def _location(path: str, root) -> dict:
    """A URI relative to ``root`` (``uriBaseId`` %SRCROOT%) for files inside it; else the path as a URI."""
    p = Path(path)
    if root is not None:
        shown = relative_path(path, root)
        if shown != path or not p.is_absolute():
            return {"uri": shown, "uriBaseId": "%SRCROOT%"}
    return {"uri": p.resolve().as_uri() if p.is_absolute() else p.as_posix()}


def sarif_dict(report: ReviewReport, root=None) -> dict:
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for fr in report.files:
        for f in fr.findings:
            text = f.why + (f"\nSafer:\n{f.safe_sql}" if f.safe_sql else "")
            result = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.risk],
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _location(f.path, root),
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.col,
                                "endLine": f.end_line,
                                "endColumn": f.end_col,
                                "charOffset": f.span[0],
                                "charLength": f.span[1] - f.span[0],
                                "snippet": {"text": fr.text[f.span[0]:f.span[1]][:1000]},
                            },
                        }
                    }
                ],
                "properties": {"risk": f.risk, "statementIndex": f.statement_index},
            }
            if f.suppressed:
                result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed_reason}]
            results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "driftdeck",
                        "version": __version__,
                        "informationUri": "https://github.com/driftdeck/driftdeck",
                        "rules": [
                            {
                                "id": r.id,
                                "name": r.id,
                                "shortDescription": {"text": r.title},
                                "defaultConfiguration": {"level": LEVELS[r.risk], "enabled": not r.opt_in},
                                "properties": {"risk": r.risk, "category": r.category},
                            }
                            for r in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                **({"originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).resolve().as_uri() + "/"}}} if root is not None else {}),
                "results": results,
            }
        ],
    }


def render_sarif(report: ReviewReport, root=None) -> str:
    """SARIF text; paths relative to ``root`` (the repository root) when given."""
    return json.dumps(sarif_dict(report, root), indent=2, ensure_ascii=False)
