"""A migration plan (pure): its statements, the transaction steps they run in, the SQL script and its rollback.

    MigrationPlan.statements      tuple[PlannedStatement]
    MigrationPlan.steps()         consecutive statements grouped: one transaction, or one non-transactional statement
    MigrationPlan.sql()           the full script: SET lock_timeout/statement_timeout at the top, BEGIN/COMMIT
                                  blocks, non-transactional steps (CONCURRENTLY, ADD VALUE) separated and labelled
    MigrationPlan.rollback_sql()  what undoes the executed statements, in reverse order
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.defaults import LOCK_TIMEOUT, STATEMENT_TIMEOUT
from tui.schema.diff import DESTRUCTIVE, SAFE
from tui.schema.not_compared import sentence
from tui.schema.secrets import MASK
from tui.schema.sqlgen.statement import PlannedStatement, left_to_a_person
from tui.sqlquote import quote_literal


@dataclass(frozen=True)
class Step:
    transactional: bool
    statements: tuple[PlannedStatement, ...]


@dataclass(frozen=True)
class MigrationPlan:
    statements: tuple[PlannedStatement, ...]
    source_label: str = "SOURCE"
    target_label: str = "TARGET"
    lock_timeout: str = LOCK_TIMEOUT
    statement_timeout: str = STATEMENT_TIMEOUT
    unsafe: bool = False
    renames: tuple = ()
    not_compared: tuple = ()  # tui.schema.not_compared.NotCompared: listed at the top, never generated

    @property
    def preamble(self) -> tuple[str, ...]:
        """Session settings to run before the statements."""
        return (
            f"SET lock_timeout = {quote_literal(self.lock_timeout)}",
            f"SET statement_timeout = {quote_literal(self.statement_timeout)}",
            "SET check_function_bodies = off",
        )

    @property
    def executable(self) -> tuple[PlannedStatement, ...]:
        return tuple(s for s in self.statements if not s.commented_out)

    @property
    def commented_count(self) -> int:
        return sum(1 for s in self.statements if s.commented_out)

    @property
    def is_empty(self) -> bool:
        return not self.statements

    def steps(self) -> list[Step]:
        out: list[Step] = []
        for s in self.executable:
            if s.transactional and not s.isolated and out and out[-1].transactional and not out[-1].statements[-1].isolated:
                out[-1] = Step(True, out[-1].statements + (s,))
            else:
                out.append(Step(s.transactional, (s,)))
        return out

    @property
    def has_secrets(self) -> bool:
        return any(s.secrets for s in self.statements)

    def sql(self, *, reveal_secrets: bool = False) -> str:
        """The script. Secret values (passwords, secret-looking options) are masked unless ``reveal_secrets``
        (``driftdeck drift --format sql``, asked for explicitly); a masked script says so at the top."""
        by_hand = sum(1 for s in self.statements if s.commented_out and left_to_a_person(s.reason))
        held = self.commented_count - by_hand
        lines = [
            f"-- driftdeck: SQL that brings {self.target_label} to the schema of {self.source_label}.",
            f"-- {len(self.executable)} statement(s) to run"
            + (f", {held} destructive statement(s) commented out (review them; --unsafe includes them)" if held else "")
            + (f", {by_hand} commented out for you to run by hand (each says why)" if by_hand else "") + ".",
            "-- Steps marked 'outside a transaction' must run on their own (psql runs this file as is).",
        ]
        if self.has_secrets and not reveal_secrets:
            lines.append(f"-- Secret values from {self.source_label} are shown as {MASK}: put them in before running"
                         " (driftdeck drift --format sql writes them).")
        if self.not_compared:
            lines.insert(1, f"-- {sentence(self.not_compared, self.source_label, self.target_label)}"
                         "; driftdeck writes no SQL for these kinds.")
        for r in self.renames:
            lines.append(f"-- possible rename ({r.kind} in {r.parent}): {r.old} -> {r.new}; driftdeck drops and adds,"
                         " edit by hand to rename instead")
        lines.append("")
        lines += [s + ";" for s in self.preamble]
        in_tx = isolated_open = False
        n = 0
        for s in self.statements:
            if s.commented_out:
                why = f"[{s.risk}] {s.reason}" if s.risk == DESTRUCTIVE else "held back with a destructive change"
                lines.append(f"-- {s.reason}:" if left_to_a_person(s.reason) else f"-- {why}: not run without --unsafe")
                lines += ["-- " + ln for ln in (s.shown_sql + ";").splitlines()]
                continue
            if not s.transactional or not in_tx or s.isolated or isolated_open:
                if in_tx:
                    lines.append("COMMIT;")
                    in_tx = False
                n += 1
                if s.transactional:
                    lines += ["", f"-- step {n}: in {'its own' if s.isolated else 'one'} transaction"
                              + (" (validates without holding the lock taken when the constraint was added)"
                                 if s.isolated else ""), "BEGIN;"]
                    in_tx = True
                else:
                    lines += ["", f"-- step {n}: outside a transaction ({s.reason or 'cannot run inside one'})"]
            isolated_open = s.isolated
            if s.risk != SAFE:
                lines.append(f"-- [{s.risk}] {s.reason}")
            lines.append((s.sql if reveal_secrets else s.shown_sql) + ";")
        if in_tx:
            lines.append("COMMIT;")
        return "\n".join(lines) + "\n"

    def rollback_sql(self) -> str:
        lines = [
            f"-- driftdeck: rollback of the migration that brings {self.target_label} to {self.source_label}.",
            "-- Run only what was applied; statements that cannot be undone are listed as comments.",
            "",
        ]
        lines += [s + ";" for s in self.preamble]
        # A statement that removes what an earlier statement of this plan added (a helper
        # constraint) needs no undoing: the earlier statement's rollback removes it.
        undone_by_plan = {s.rollback for s in self.executable if s.rollback}
        for s in reversed(self.executable):
            if s.rollback is None and s.sql in undone_by_plan:
                continue
            if s.rollback is None:
                if s.sql.split()[0:2] in (["ALTER", "TABLE"], ["ALTER", "DOMAIN"]) and "VALIDATE" in s.sql:
                    continue
                lines.append("-- cannot be undone: " + s.shown_sql.splitlines()[0])
                continue
            concurrent = "CONCURRENTLY" in s.rollback
            lines.append(("-- outside a transaction\n" if concurrent else "") + s.shown_rollback + ";")
        return "\n".join(lines) + "\n"
