"""``--format json``: a stable, documented document (version 1).

Shape::

    {
      "format": "driftdeck-review", "version": 1,
      "verdict": "SAFE TO DEPLOY" | "REVIEW NEEDED" | "BLOCKED",
      "pg_version": 18,
      "summary": {"high": 0, "medium": 0, "low": 0, "suppressed": 0, "files": 0, "statements": 0},
      "notes": ["…"],                      # e.g. unknown rule ids in [review] ignore
      "files": [
        {"path": "…", "verdict": "…", "statements": 12, "in_transaction": true,
         "reviewed": {"start": 0, "end": 1234},   # a `-- migrate:down` section is outside
         "findings": [
           {"rule": "drop-column", "risk": "high", "title": "…", "why": "…",
            "safe_sql": "…" | null, "path": "…", "statement_index": 0,
            "span": {"start": 10, "end": 52},      # character offsets into the file text
            "range": {"line": 2, "col": 1, "end_line": 2, "end_col": 43},  # 1-based, end exclusive
            "excerpt": "ALTER TABLE users DROP COLUMN full_name",
            "suppressed": false, "suppressed_reason": null}
         ]}
      ]
    }

Keys are only ever added, never renamed or removed, within version 1.
"""

from __future__ import annotations

import json

from tui.review.model import ReviewReport


def report_dict(report: ReviewReport) -> dict:
    files = []
    counts = {"high": 0, "medium": 0, "low": 0, "suppressed": 0}
    pg = None
    for fr in report.files:
        pg = pg or fr.pg_version
        items = []
        for f in fr.findings:
            d = f.as_dict()
            d["excerpt"] = fr.text[f.span[0]:f.span[1]][:1000]
            items.append(d)
            if f.suppressed:
                counts["suppressed"] += 1
            else:
                counts[f.risk] += 1
        files.append(
            {
                "path": fr.path,
                "verdict": fr.verdict,
                "statements": len(fr.statements),
                "in_transaction": fr.in_transaction,
                "reviewed": {"start": fr.reviewed_range[0], "end": fr.reviewed_range[1]},
                "findings": items,
            }
        )
    return {
        "format": "driftdeck-review",
        "version": 1,
        "verdict": report.verdict,
        "pg_version": pg,
        "summary": {**counts, "files": len(report.files), "statements": sum(len(f.statements) for f in report.files)},
        "notes": list(report.notes),
        "files": files,
    }


def render_json(report: ReviewReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False)
