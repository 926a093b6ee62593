"""Transaction context of each statement: explicit BEGIN … COMMIT/END/ROLLBACK/ABORT and the
runner's implicit per-file transaction; nesting and uncommitted transactions are findings.

A file is "implicitly" in a transaction when its runner wraps it (see
:func:`tui.review.options.options_for`). With an implicit wrap, an explicit ``BEGIN`` just
turns the implicit block into an explicit one (that is how PostgreSQL treats a
multi-statement simple query), so it is not nesting; a second ``BEGIN`` before ``COMMIT``
is. ``COMMIT``/``END`` and ``ROLLBACK``/``ABORT`` end a transaction; ``ROLLBACK TO
SAVEPOINT``, ``SAVEPOINT`` and ``RELEASE`` do not; ``COMMIT AND CHAIN`` starts the next one.
"""

from __future__ import annotations

from tui.review.model import Statement

_BEGIN = ("TRANS_STMT_BEGIN", "TRANS_STMT_START")
_END = ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE")


class TxTracker:
    def __init__(self, implicit: bool):
        self.implicit = implicit
        self.explicit: Statement | None = None  # the BEGIN of the open explicit transaction
        self.counter = 1
        self.current: int | None = 1 if implicit else None
        self.last_end: Statement | None = None  # the COMMIT/ROLLBACK that ended the last transaction

    def _new(self) -> int:
        self.counter += 1
        return self.counter

    def step(self, st: Statement, fs) -> None:
        """Give ``st`` its transaction context; report transaction-control mistakes."""
        if st.kind == "TransactionStmt":
            kind = st.body.get("kind", "")
            if kind in _BEGIN:
                if self.explicit is not None:
                    fs.add(
                        "transaction-nesting",
                        st,
                        f"A transaction is already open (BEGIN at line {self.explicit.line}): PostgreSQL ignores this"
                        " BEGIN with a warning, and the next COMMIT commits everything since the first one.",
                        "-- remove the inner BEGIN (use SAVEPOINT name … RELEASE name for a nested unit)",
                    )
                else:
                    self.explicit = st
                    if self.current is None:
                        self.current = self._new()
                st.in_transaction = True
                st.explicit_transaction = True
                st.transaction = self.current
                return
            if kind in _END:
                st.in_transaction = self.explicit is not None or self.implicit
                st.explicit_transaction = self.explicit is not None
                st.transaction = self.current
                if kind == "TRANS_STMT_ROLLBACK" and (self.explicit is not None or self.implicit):
                    fs.add(
                        "transaction-not-committed",
                        st,
                        "ROLLBACK (or ABORT) discards every change of this transaction: the statements before it"
                        " in the transaction are not applied.",
                        "-- use COMMIT if these changes are meant to be applied",
                    )
                elif self.explicit is None and not self.implicit:
                    again = f" (the transaction already ended at line {self.last_end.line})" if self.last_end else ""
                    fs.add(
                        "transaction-nesting",
                        st,
                        f"There is no transaction to end here{again}: PostgreSQL only warns, and the statements before it"
                        " ran in autocommit, one by one.",
                        "-- add BEGIN before the statements that belong together, or remove this line",
                    )
                elif self.explicit is None and self.last_end is not None and self._since(self.last_end, st, fs):
                    fs.add(
                        "transaction-nesting",
                        st,
                        f"A second COMMIT: the transaction already ended at line {self.last_end.line}. The migration"
                        " runner wraps the file in its own transaction, which that COMMIT ended; the statements"
                        " between the two ran outside any transaction the runner controls (a failure leaves them applied).",
                        "-- remove the extra COMMIT",
                    )
                elif self.explicit is None:
                    fs.add(
                        "transaction-nesting",
                        st,
                        "COMMIT while the migration runner runs this file in its own transaction: it commits the"
                        " runner's transaction early, so the statements after it run outside it (a failure no longer"
                        " rolls back the file) and the runner's own COMMIT finds no transaction.",
                        "-- remove the COMMIT; to split the work, use two migration files",
                    )
                self.last_end = st
                self.explicit = None
                if st.body.get("chain"):
                    self.current = self._new()
                    self.explicit = st
                else:
                    self.current = self._new() if self.implicit else None
                return
            # SAVEPOINT, RELEASE, ROLLBACK TO: inside the current transaction
        st.in_transaction = self.explicit is not None or self.implicit
        st.explicit_transaction = self.explicit is not None
        st.transaction = self.current if st.in_transaction else None

    @staticmethod
    def _since(prev: Statement, st: Statement, fs) -> bool:
        """True when ``st`` ends a transaction right after ``prev`` ended one (nothing but SET/comments between)."""
        between = [x for x in fs.statements if prev.index < x.index < st.index and x.origin == "file"]
        return all(x.kind in ("VariableSetStmt", "empty") for x in between)

    def finish(self, fs) -> None:
        if self.explicit is not None and self.explicit.kind == "TransactionStmt":
            fs.add(
                "transaction-not-committed",
                self.explicit,
                "This BEGIN is never committed in the file: depending on the runner the changes are rolled back"
                " at disconnect or left in an open transaction holding every lock taken so far.",
                "COMMIT;  -- at the end of the transaction",
            )
