"""Migration review: statements (pglast), risk rules, findings, verdicts and reporters.

Entry points (pure unless noted):

- ``review_sql(text, path, options) -> FileReport`` — review one file's text; no I/O.
- ``review_files(paths, options) -> ReviewReport`` — reads the files (folders stand for
  their ``*.sql`` files, in name order); a missing, unreadable or non-UTF-8 file raises a
  one-sentence ``DriftdeckError``.
- ``ReviewOptions(pg_version=18, implicit_transaction=True, ignore=(), hygiene=False,
  runner_sets_timeouts=False, single_statement_autocommit=False)``.
- ``options_for(project, layout=None, pg_version=None) -> ReviewOptions`` — from the
  project's ``[review]`` settings and layout (see :mod:`tui.review.options`).
- ``all_rules() -> list[Rule]`` — the catalogue: ``id``, ``risk``, ``title``, ``category``,
  ``opt_in``.

A ``Finding`` has ``rule``, ``risk`` ("low"|"medium"|"high"), ``title``, ``why`` (the lock
taken and what it blocks), ``safe_sql`` (or None), ``path``, ``statement_index``, ``span``
(start, end) — *character* offsets into the file text, so ``text[start:end]`` is the
highlighted part — ``line``/``col``/``end_line``/``end_col`` (1-based, end column
exclusive) and ``suppressed_reason`` (None unless acknowledged). ``FileReport.verdict`` and
``ReviewReport.verdict`` are one of ``VERDICTS``: "SAFE TO DEPLOY" (nothing above low),
"REVIEW NEEDED" (medium findings), "BLOCKED" (high findings not acknowledged).
Reporters: :mod:`tui.review.reporters` (text, json — its shape is documented in
:mod:`tui.review.reporters.json_report` — sarif, github).

Acknowledging a finding: ``-- driftdeck:ignore <rule-id> -- <reason>`` on the line before
the statement, ``-- driftdeck:ignore-file <rule-id> -- <reason>`` for the whole file, or
``[review] ignore`` in driftdeck.toml (see :mod:`tui.review.suppress`). A ``-- migrate:down``
(or goose ``Down``) section is not reviewed. Each ``Statement`` of ``FileReport.statements``
has ``text``, ``start``/``end``, ``line``/``col``…, ``kind`` (pglast node type,
``psql-meta``, ``copy-data`` or ``syntax-error``), ``node`` (pglast JSON), ``touched``
(tables, ``table.column``, indexes) and its transaction context (``in_transaction``,
``transaction``).
"""

import importlib

# Names → the module that defines them. Imported on first use (PEP 562), so importing a
# submodule such as ``tui.review.model`` does not load the parser and every rule.
_EXPORTS = {
    "review_files": "engine", "review_sql": "engine",
    "BLOCKED": "model", "REVIEW": "model", "RISKS": "model", "SAFE_TO_DEPLOY": "model", "VERDICTS": "model",
    "FileReport": "model", "Finding": "model", "ReviewOptions": "model", "ReviewReport": "model", "Rule": "model",
    "Statement": "model",
    "options_for": "options",
    "all_rules": "rules",
}


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui.review' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.review.{module}"), name)


__all__ = sorted(_EXPORTS)
