"""Rule dispatch: checks are registered per pglast node type (and per ALTER TABLE subcommand).

``@on("IndexStmt")`` registers ``check(st, fs)`` for that node type; ``@on_cmd("AT_DropColumn")``
registers ``check(st, cmd, fs)`` for one ALTER TABLE subcommand. Only the checks of a
statement's own node type run, so a review costs one dict lookup per statement plus the
checks that apply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from tui.review.model import Rule
from tui.review.rules.catalogue import RULES

CATALOGUE: dict[str, Rule] = {r.id: r for r in RULES}
HANDLERS: dict[str, list[Callable]] = defaultdict(list)
CMD_HANDLERS: dict[str, list[Callable]] = defaultdict(list)


def on(*kinds: str):
    def deco(fn):
        for k in kinds:
            HANDLERS[k].append(fn)
        return fn

    return deco


def on_cmd(*subtypes: str):
    def deco(fn):
        for k in subtypes:
            CMD_HANDLERS[k].append(fn)
        return fn

    return deco


def all_rules() -> list[Rule]:
    """Every rule: id, risk, title, category, opt_in — in catalogue order."""
    return list(RULES)


from tui.review.rules import (  # noqa: E402,F401
    additive, alter_table, constraints, destructive, locking, no_transaction, other,
)
