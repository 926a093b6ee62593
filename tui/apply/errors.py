"""The apply engine's errors: a failed migration (with where and why), a cancelled one, a refused run.

All are :class:`~tui.errors.DriftdeckError`: ``str(err)`` is one sentence a person can act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.errors import DriftdeckError
from tui.pg.locks import Session

if TYPE_CHECKING:  # pragma: no cover
    from tui.migrations.model import Migration


def short_sql(sql: str, limit: int = 120) -> str:
    """A statement on one line, cut to ``limit`` characters."""
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ApplyFailed(DriftdeckError):
    """A migration failed: it was rolled back (see ``committed`` for statements that could not be)
    and the ones after it were not attempted.

    Attributes: ``migration``; ``statement_index`` (1-based; None when the history row failed);
    ``line`` (in the migration's file: where the server pointed, else where the statement
    starts); ``statement`` (its text); ``sqlstate``; ``server_message``; ``committed`` (indexes
    of statements that ran outside a transaction and stayed applied); ``invalid_indexes``
    (INVALID indexes a failed CONCURRENTLY build left: drop them with
    :func:`tui.apply.runner.drop_invalid_indexes`); ``blockers`` (sessions holding the lock
    the statement waited for); ``unsplit`` (the file did not parse, so it ran as one piece:
    ``line`` is where the server stopped and ``statement`` that line's text).
    """

    def __init__(
        self,
        migration: "Migration",
        *,
        statement_index: int | None,
        line: int | None,
        statement: str,
        sqlstate: str | None,
        server_message: str,
        committed: tuple[int, ...] = (),
        invalid_indexes: tuple[str, ...] = (),
        blockers: tuple[Session, ...] = (),
        verb: str = "applying",
        hint: str = "",
        unsplit: bool = False,
    ):
        self.unsplit = unsplit
        self.migration = migration
        self.statement_index = statement_index
        self.line = line
        self.statement = statement
        self.sqlstate = sqlstate
        self.server_message = server_message
        self.committed = committed
        self.invalid_indexes = invalid_indexes
        self.blockers = blockers
        self.verb = verb
        self.hint = hint
        super().__init__(self._sentence())

    def where(self) -> str:
        if self.unsplit:
            return f"line {self.line} ({short_sql(self.statement)})" if self.line else "its only statement"
        if self.statement_index is None:
            return "recording it in the history table"
        at = f"line {self.line}" if self.line else "a statement"
        return f"{at} (statement {self.statement_index}: {short_sql(self.statement)})"

    def _sentence(self) -> str:
        code = f" [SQLSTATE {self.sqlstate}]" if self.sqlstate else ""
        text = f"{self.verb} {self.migration.label} failed at {self.where()}: {self.server_message}{code}"
        if self.blockers:
            text += "; blocked by " + "; ".join(b.describe() for b in self.blockers)
        if self.hint:
            text += f" ({self.hint})"
        if self.committed:
            first, last = self.committed[0], self.committed[-1]
            span = f"statement {first}" if first == last else f"statements {first}–{last}"
            text += (
                f"; {span} had already run outside a transaction and stay applied, the migration is not"
                " recorded as applied"
            )
        else:
            text += "; nothing of it was applied"
        if self.invalid_indexes:
            text += f"; the failed build left INVALID index {', '.join(self.invalid_indexes)} (drop it before retrying)"
        return text + "."

    def retitled(self, verb: str, hint: str = "") -> "ApplyFailed":
        """The same failure worded for another caller (``replaying …``)."""
        return type(self)(
            self.migration, statement_index=self.statement_index, line=self.line, statement=self.statement,
            sqlstate=self.sqlstate, server_message=self.server_message, committed=self.committed,
            invalid_indexes=self.invalid_indexes, blockers=self.blockers, verb=verb, hint=hint or self.hint,
            unsplit=self.unsplit,
        )


class ApplyCancelled(ApplyFailed):
    """The run was cancelled (``CancelToken.cancel()``) while this migration ran (it was rolled
    back), or before it started (``statement_index`` None, nothing of it ran); the migrations
    before it stay applied."""

    @classmethod
    def before(cls, migration: "Migration", verb: str = "applying") -> "ApplyCancelled":
        return cls(migration, statement_index=None, line=None, statement="", sqlstate=None,
                   server_message="cancelled on request before it started", verb=verb)

    def _sentence(self) -> str:
        if self.statement_index is None and not self.statement:
            return f"{self.verb} {self.migration.label}: cancelled on request before it started; nothing of it ran."
        return super()._sentence()


class ApplyLocked(DriftdeckError):
    """Another run holds the target database's apply lock; ``holder`` says who (None if it just ended)."""

    def __init__(self, target: str, holder: Session | None):
        self.target = target
        self.holder = holder
        who = holder.describe(with_query=False) if holder else "another session (it may just have finished)"
        super().__init__(f"{target}: another apply is already running there ({who}); try again when it has finished.")
