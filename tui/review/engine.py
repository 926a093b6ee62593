"""The review itself: one file's text → FileReport (pure); a list of paths → ReviewReport.

Order of work for a file: find the reviewed part (a ``-- migrate:down`` section is not
reviewed), split and parse statements, then walk them top to bottom giving each its
transaction context, tracking timeouts and what each transaction did, running the rules of
its node type (and of the statements inside DO blocks and plpgsql functions), and finally
applying ignore comments and the project's ignore list.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from tui.defaults import STATEMENT_TIMEOUT
from tui.errors import DriftdeckError
from tui.files import decode
from tui.review import plpgsql, suppress
from tui.review.lexer import LineIndex
from tui.review.model import RISK_ORDER, FileReport, ReviewOptions, ReviewReport, Statement
from tui.review.names import fk_targets, list_key, rel_key, rel_sql, walk
from tui.review.rules import CATALOGUE, HANDLERS
from tui.review.rules.common import is_targeted
from tui.review.state import FileState
from tui.review.statements import parse_file, reviewed_range
from tui.review.transactions import TxTracker
from tui.transaction_block import option_on

_TIMEOUTS = ("lock_timeout", "statement_timeout")


def review_sql(text: str, path: str, options: ReviewOptions | None = None) -> FileReport:
    """Review one migration file's text. Pure: no I/O. Spans index into ``text``.

    It leaves the process-wide garbage collector alone (the console and other threads share
    it); the CLI sets generous collector thresholds for the whole run instead (``tui.cli``).
    """
    return _review_sql(text, path, options)


def _review_sql(text: str, path: str, options: ReviewOptions | None, problem: str | None = None) -> FileReport:
    options = options or ReviewOptions()
    if problem is None and "\0" in text:
        problem = f"is not a text file (a NUL byte at offset {text.index(chr(0))})"
    if problem is not None:
        return _unreadable(path, problem, options)
    if options.runner_sets_timeouts and options.driftdeck_folder and not _inside(path, options.driftdeck_folder):
        options = replace(options, runner_sets_timeouts=False)  # a loose file: driftdeck may not be what runs it
    begin, limit, no_tx = reviewed_range(text)
    if text.startswith("\ufeff") and begin == 0:
        begin = 1
    lines = LineIndex(text)
    statements = parse_file(text, begin, limit, lines)
    implicit = options.implicit_transaction and not no_tx
    if implicit and options.single_statement_autocommit:
        real = [s for s in statements if s.kind not in ("TransactionStmt", "VariableSetStmt")]
        if len(real) <= 1 and not any(s.kind == "TransactionStmt" for s in statements):
            implicit = False
    fs = FileState(text=text, path=path, options=options, lines=lines, statements=statements)
    tx = TxTracker(implicit)
    for st in statements:
        tx.step(st, fs)
        check_statement(st, fs)
        if st.kind in ("DoStmt", "CreateFunctionStmt"):
            for inner in plpgsql.inner_statements(st, text, lines, fs):
                check_statement(inner, fs)
    tx.finish(fs)
    if not any(st.node is not None or st.kind in ("syntax-error", "psql-meta") for st in statements):
        _empty(fs, begin, limit)
    directives = suppress.find_directives(text, statements, begin, limit, lines)
    findings = suppress.apply(fs.findings, directives, tuple(options.ignore), set(CATALOGUE), fs)
    findings.sort(key=lambda f: (f.span[0], -RISK_ORDER[f.risk], f.rule))
    return FileReport(
        path=path,
        text=text,
        statements=statements,
        findings=findings,
        pg_version=options.pg_version,
        in_transaction=implicit,
        reviewed_range=(begin, limit),
    )


def _unreadable(path: str, problem: str, options: ReviewOptions) -> FileReport:
    """The report of a file that cannot be read as SQL: one high finding naming it, nothing guessed."""
    fs = FileState(text="", path=path, options=options, lines=LineIndex(""), statements=[])
    st = Statement(index=0, start=0, end=0, text="", kind="unreadable")
    fs.add(
        "not-a-text-file",
        st,
        f"{path} {problem}: the review cannot read it, and a runner would send something other than what"
        " you see in an editor (or stop at the first NUL byte). Nothing in it was reviewed.",
        "-- save the file as UTF-8 text without NUL bytes, then review it again",
        span=(0, 0),
    )
    return FileReport(path=path, text="", statements=[], findings=fs.findings, pg_version=options.pg_version,
                      in_transaction=False, reviewed_range=(0, 0))


def _empty(fs: FileState, begin: int, limit: int) -> None:
    """A migration with no statement (empty, only comments, an empty up section) is a mistake to ship."""
    at = begin + (len(fs.text[begin:limit]) - len(fs.text[begin:limit].lstrip()))
    st = Statement(index=0, start=at, end=at, text="", kind="empty")
    fs.add(
        "empty-migration",
        st,
        "This migration holds no statement (the file is empty, only comments, or its up section is empty):"
        " applying it records it as done while changing nothing; usually the SQL was never saved into it.",
        "-- write the migration's SQL here, or delete the file",
        span=(at, at),
    )


def check_statement(st: Statement, fs: FileState) -> None:
    """Run every rule that applies to one statement."""
    kind = st.kind
    if kind == "syntax-error":
        _syntax_error(st, fs)
        return
    if kind == "psql-meta":
        cmd = st.text.split()[0] if st.text.split() else "\\"
        fs.add(
            "psql-meta-command",
            st,
            f"{cmd} is a psql meta-command: psql runs it, but other runners (Flyway, Prisma, golang-migrate,"
            " dbmate, driftdeck) send the file to the server, which rejects it.",
            "-- remove it, or keep this file for psql only",
        )
        return
    if kind in ("copy-data", "empty") or st.node is None:
        return
    if kind == "VariableSetStmt" or (kind == "SelectStmt" and "set_config" in st.text.lower()):
        _track_timeouts(st, fs)
        return
    target = lock_target(st, fs)
    if target and st.origin != "function-body":
        _check_timeouts(st, fs, target)
    txi = fs.txinfo(st) if st.in_transaction else None
    if txi is not None:
        if kind in ("UpdateStmt", "DeleteStmt", "InsertStmt") and txi.ddl_tables and _is_bulk(st, fs):
            fs.add(
                "ddl-and-dml-same-transaction",
                st,
                f"This transaction already changed the schema of {txi.ddl_tables[0]}, so it holds that DDL lock"
                " (ACCESS EXCLUSIVE for most ALTER TABLE forms) for as long as this data change runs.",
                "-- commit the schema change first; run the data change in batches in its own transactions",
            )
        if txi.enum_values and (st.explicit_transaction or not fs.options.autocommit_non_transactional):
            _enum_use(st, fs, txi)
    for check in HANDLERS.get(kind, ()):
        check(st, fs)
    if target and txi is not None and not (kind == "IndexStmt" and st.body.get("concurrent")):
        txi.ddl_tables.append(target)


def _inside(path: str, folder: str) -> bool:
    a, b = os.path.abspath(path), os.path.abspath(folder)
    return a == b or a.startswith(b.rstrip(os.sep) + os.sep)


def _check_timeouts(st: Statement, fs: FileState, target: str) -> None:
    """Each timeout rule fires once per file, on the first lock-taking statement without it.

    A missing lock_timeout is medium (the lock-queue outage) unless the project says
    driftdeck's runner applies this file: it sets the timeouts itself, so low with that note.
    """
    by_driftdeck = fs.options.runner_sets_timeouts
    if "lock-timeout-missing" not in fs.timeout_reported and not fs.timeout_set("lock_timeout", st):
        fs.timeout_reported.add("lock-timeout-missing")
        note = (
            " driftdeck applies this folder (driftdeck.toml) and `driftdeck apply` sets lock_timeout itself;"
            " set it in the file too if anything else (psql, another tool) may run it."
            if by_driftdeck else
            " `driftdeck apply` sets lock_timeout itself, but nothing says driftdeck is what applies this file."
        )
        fs.add(
            "lock-timeout-missing",
            st,
            f"This statement waits for a lock on {target}, and no lock_timeout is set: if a long query holds"
            " the table, it waits forever and every later query on the table queues behind it (an outage)." + note,
            "SET lock_timeout = '1s';  -- at the top of the file; retry the migration if it times out",
            risk="low" if by_driftdeck else None,
        )
    if by_driftdeck:
        return
    if "statement-timeout-missing" not in fs.timeout_reported and not fs.timeout_set("statement_timeout", st):
        fs.timeout_reported.add("statement-timeout-missing")
        fs.add(
            "statement-timeout-missing",
            st,
            "No statement_timeout is set: a statement that scans or rewrites more than expected keeps its"
            " locks for as long as it runs.",
            f"SET statement_timeout = '{STATEMENT_TIMEOUT}';  -- generous; longer for CONCURRENTLY builds",
        )


def _syntax_error(st: Statement, fs: FileState) -> None:
    msg = st.error or "syntax error"
    if "dropping an enum value" in msg:
        m = re.search(r"(?is)alter\s+type\s+(\S+)\s+drop", st.text)
        t = m.group(1) if m else "the_type"
        fs.add(
            "alter-type-drop-value",
            st,
            "PostgreSQL has no ALTER TYPE … DROP VALUE (\"dropping an enum value is not implemented\"): this"
            " statement fails, and removing a value means rebuilding the type and rewriting every column that uses it.",
            f"ALTER TYPE {t} RENAME TO {t}_old;\n"
            f"CREATE TYPE {t} AS ENUM (…the values to keep…);\n"
            f"-- for each column using it (a table rewrite under ACCESS EXCLUSIVE; update rows with the value first):\n"
            f"ALTER TABLE … ALTER COLUMN … TYPE {t} USING ….::text::{t};\n"
            f"DROP TYPE {t}_old;",
        )
        return
    at = st.error_at if st.error_at is not None else st.start
    m = re.compile(r"\S+").match(fs.text, at, st.end) if at < st.end else None
    span = (at, m.end()) if m and at >= st.start else (st.start, st.end)
    line, col = fs.lines.pos(at)
    fs.add(
        "syntax-error",
        st,
        f"PostgreSQL rejects this statement: {msg} (line {line}, column {col}). The migration fails here;"
        " the other statements of the file were still reviewed.",
        span=span,
    )


def _track_timeouts(st: Statement, fs: FileState) -> None:
    if st.kind == "VariableSetStmt":
        b = st.body
        kind = b.get("kind", "")
        name = (b.get("name") or "").lower()
        if kind == "VAR_RESET_ALL":
            fs.timeouts.clear()
            return
        if name not in _TIMEOUTS:
            return
        value = True
        if kind in ("VAR_SET_DEFAULT", "VAR_RESET"):
            value = False
        else:
            for c in walk(b.get("args"), "A_Const"):
                v = c.get("sval", {}).get("sval") if "sval" in c else c.get("ival", {}).get("ival", 0)
                if str(v).strip() in ("0", "0s", "0ms"):
                    value = False
        fs.set_timeout(name, value, bool(b.get("is_local")), st)
        return
    for fc in walk(st.node, "FuncCall"):
        names = [s.get("String", {}).get("sval") for s in fc.get("funcname", [])]
        if names and names[-1] == "set_config":
            args = fc.get("args") or []
            if args and "A_Const" in args[0]:
                name = args[0]["A_Const"].get("sval", {}).get("sval", "")
                if name in _TIMEOUTS:
                    v = args[1].get("A_Const", {}).get("sval", {}).get("sval", "1") if len(args) > 1 else "1"
                    local = len(args) > 2 and "boolval" in args[2].get("A_Const", {}) and bool(
                        args[2]["A_Const"]["boolval"].get("boolval"))
                    fs.set_timeout(name, v.strip() not in ("0", "0s", "0ms"), local, st)


def lock_target(st: Statement, fs: FileState) -> str | None:
    """The existing relation a statement waits to lock (for the timeout and DDL-then-DML rules)."""
    b = st.body
    kind = st.kind
    if kind in ("AlterTableStmt", "IndexStmt", "RenameStmt", "CreateTrigStmt", "RefreshMatViewStmt", "ClusterStmt",
                "ReindexStmt", "AlterObjectSchemaStmt"):
        rv = b.get("relation")
        if isinstance(rv, dict) and not fs.is_new(rel_key(rv)):
            return rel_sql(rv)
        return None
    if kind in ("CreatePolicyStmt", "AlterPolicyStmt"):
        rv = b.get("table")
        return rel_sql(rv) if rv and not fs.is_new(rel_key(rv)) else None
    if kind == "DropStmt" and b.get("removeType") in ("OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                     "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_SEQUENCE"):
        for o in b.get("objects") or ():
            if not fs.is_new(list_key(o)):
                from tui.review.names import list_name

                return list_name(o)
        return None
    if kind in ("TruncateStmt", "LockStmt"):
        rels = [r if "relname" in r else r.get("RangeVar", {}) for r in b.get("relations") or ()]
        for rv in rels:
            if not fs.is_new(rel_key(rv)):
                return rel_sql(rv)
        return None
    if kind == "VacuumStmt" and option_on(b.get("options"), "full"):
        return "the vacuumed tables"
    if kind == "CreateStmt":
        for fk in fk_targets(b.get("tableElts")):
            if not fs.is_new(rel_key(fk)):
                return rel_sql(fk)
    return None


def _is_bulk(st: Statement, fs: FileState) -> bool:
    b = st.body
    if fs.is_new(rel_key(b.get("relation"))):
        return False
    if st.kind == "InsertStmt":
        return bool((b.get("selectStmt") or {}).get("SelectStmt", {}).get("fromClause"))
    return b.get("whereClause") is None or not is_targeted(b["whereClause"])


def _enum_use(st: Statement, fs: FileState, txi) -> None:
    if st.kind == "AlterEnumStmt":
        return
    values = {v: (t, i) for t, v, i in txi.enum_values}
    for c in walk(st.node, "A_Const"):
        v = c.get("sval", {}).get("sval") if isinstance(c, dict) else None
        if v in values:
            t, i = values[v]
            fs.add(
                "enum-value-used-in-transaction",
                st,
                f"{v!r} was added to {t} by statement {i + 1} in this same transaction: PostgreSQL refuses to use"
                " a new enum value before the transaction that added it commits (\"unsafe use of new value\").",
                "-- commit after ALTER TYPE … ADD VALUE (own migration file), then use the value in the next one",
            )
            return


def review_files(paths: list[Path], options: ReviewOptions | None = None) -> ReviewReport:
    """Review files (folders stand for their ``*.sql`` files in name order, rollback files excluded).

    A path that does not exist or cannot be read raises a one-sentence
    :class:`~tui.errors.DriftdeckError`. A file that is not UTF-8 text (or holds NUL bytes)
    gets a high ``not-a-text-file`` finding naming it; the other files are still reviewed.
    """
    options = options or ReviewOptions()
    report = ReviewReport()
    unknown = [r for r in options.ignore if r not in CATALOGUE]
    if unknown:
        report.notes.append(f"unknown rule id(s) in [review] ignore: {', '.join(unknown)}.")
    for path in expand(paths):
        text, problem = read_source(path)
        report.files.append(_review_sql(text, str(path), options, problem))
    return report


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*.sql") if x.is_file() and not _is_down(x)))
        elif p.exists():
            out.append(p)
        else:
            raise DriftdeckError(f"{p}: no such file or folder.")
    return out


def _is_down(path: Path) -> bool:
    """Rollback files (golang-migrate ``*.down.sql``, ``down.sql``) are not migrations to review."""
    return path.name.endswith(".down.sql") or path.name == "down.sql"


def read_source(path: Path) -> tuple[str, str | None]:
    """(text, None), or ("", why) for a file that is not UTF-8 text (:func:`tui.files.decode`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise DriftdeckError(f"{path}: cannot be read ({err.strerror or err}).") from None
    return decode(data)


def read_text(path: Path) -> str:
    """The file's text; a one-sentence error when it cannot be read or is not UTF-8 text."""
    text, problem = read_source(path)
    if problem:
        raise DriftdeckError(f"{path}: {problem}.")
    return text
