"""Statements PostgreSQL refuses inside a transaction block, reported where the file's runner wraps them.

Which statements those are is decided in one place, :mod:`tui.transaction_block`, shared with
the runner (which runs them on their own) and the SQL generator.
"""

from __future__ import annotations

from tui.review.rules import on
from tui.review.rules.common import non_transactional
from tui.transaction_block import KINDS, refusal


@on(*KINDS)
def cannot_run_in_transaction(st, fs) -> None:
    what = refusal(st.kind, st.body, fs.pg * 10000)
    if what:
        non_transactional(st, fs, what)
