"""The table lock each statement of a migration takes, estimated from its parse tree (pure).

The modes are PostgreSQL's table-level lock modes as observed in ``pg_locks`` (the
reference table in docs: risk rules). Objects the same file creates first are not counted:
nobody else can be waiting on them. :func:`estimate_locks` returns every lock of a reviewed
file; :func:`strongest` the one that matters for a plan line.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.review.names import fk_targets, list_key, list_name, rel_key, rel_sql
from tui.transaction_block import option_on

MODES = (
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
)
BLOCKS = {
    "ACCESS SHARE": "blocks only ACCESS EXCLUSIVE",
    "ROW SHARE": "blocks EXCLUSIVE locks",
    "ROW EXCLUSIVE": "blocks schema changes, not reads or writes",
    "SHARE UPDATE EXCLUSIVE": "blocks other schema changes and VACUUM, not reads or writes",
    "SHARE": "blocks writes",
    "SHARE ROW EXCLUSIVE": "blocks writes",
    "EXCLUSIVE": "blocks writes and row locks",
    "ACCESS EXCLUSIVE": "blocks reads and writes",
}
_LOCK_STMT_MODES = {1: "ACCESS SHARE", 2: "ROW SHARE", 3: "ROW EXCLUSIVE", 4: "SHARE UPDATE EXCLUSIVE", 5: "SHARE",
                    6: "SHARE ROW EXCLUSIVE", 7: "EXCLUSIVE", 8: "ACCESS EXCLUSIVE"}
# ALTER TABLE sub-commands that take less than ACCESS EXCLUSIVE
_AT_MODES = {
    "AT_ValidateConstraint": "SHARE UPDATE EXCLUSIVE",
    "AT_SetStatistics": "SHARE UPDATE EXCLUSIVE",
    "AT_ClusterOn": "SHARE UPDATE EXCLUSIVE",
    "AT_DropCluster": "SHARE UPDATE EXCLUSIVE",
    "AT_SetRelOptions": "SHARE UPDATE EXCLUSIVE",
    "AT_AttachPartition": "SHARE UPDATE EXCLUSIVE",
    "AT_EnableTrig": "SHARE ROW EXCLUSIVE",
    "AT_DisableTrig": "SHARE ROW EXCLUSIVE",
    "AT_EnableTrigAll": "SHARE ROW EXCLUSIVE",
    "AT_DisableTrigAll": "SHARE ROW EXCLUSIVE",
    "AT_EnableTrigUser": "SHARE ROW EXCLUSIVE",
    "AT_DisableTrigUser": "SHARE ROW EXCLUSIVE",
}


@dataclass(frozen=True)
class LockEstimate:
    mode: str
    relation: str
    statement: int  # 1-based statement number in the file
    line: int
    kind: str  # the statement's node type

    def describe(self) -> str:
        return f"{self.mode} on {self.relation}"

    def to_dict(self) -> dict:
        return {"mode": self.mode, "relation": self.relation, "statement": self.statement, "line": self.line,
                "statement_kind": self.kind, "blocks": BLOCKS[self.mode]}


def _rank(mode: str) -> int:
    return MODES.index(mode)


def _alter_table_mode(body: dict) -> tuple[str, list[dict]]:
    """The strongest mode of an ALTER TABLE and any other tables it locks (FK targets)."""
    mode, others = "SHARE UPDATE EXCLUSIVE", []
    for cmd in body.get("cmds") or ():
        c = cmd.get("AlterTableCmd", {})
        sub = c.get("subtype", "")
        m = _AT_MODES.get(sub, "ACCESS EXCLUSIVE")
        con = (c.get("def") or {}).get("Constraint")
        if sub == "AT_AddConstraint" and con and con.get("contype") == "CONSTR_FOREIGN":
            m = "SHARE ROW EXCLUSIVE"
            if con.get("pktable"):
                others.append(con["pktable"])
        if sub == "AT_DetachPartition" and ((c.get("def") or {}).get("PartitionCmd") or {}).get("concurrent"):
            m = "SHARE UPDATE EXCLUSIVE"
        if _rank(m) > _rank(mode):
            mode = m
    return mode, others


def statement_locks(st, created: set) -> list[tuple[str, str]]:
    """(mode, relation) pairs one review Statement takes on existing relations."""
    kind, b = st.kind, st.body
    out: list[tuple[str, str]] = []

    def add(mode: str, rv: dict | None) -> None:
        if rv and rel_key(rv) not in created:
            out.append((mode, rel_sql(rv)))

    if kind == "AlterTableStmt":
        mode, others = _alter_table_mode(b)
        add(mode, b.get("relation"))
        for rv in others:
            add("SHARE ROW EXCLUSIVE", rv)
    elif kind == "IndexStmt":
        add("SHARE UPDATE EXCLUSIVE" if b.get("concurrent") else "SHARE", b.get("relation"))
    elif kind == "CreateStmt":
        for rv in fk_targets(b.get("tableElts")):
            add("SHARE ROW EXCLUSIVE", rv)
    elif kind in ("RenameStmt", "ClusterStmt", "AlterObjectSchemaStmt", "CreatePolicyStmt", "AlterPolicyStmt"):
        add("ACCESS EXCLUSIVE", b.get("relation") or b.get("table"))
    elif kind == "CreateTrigStmt":
        add("SHARE ROW EXCLUSIVE", b.get("relation"))
    elif kind in ("UpdateStmt", "DeleteStmt", "InsertStmt"):
        add("ROW EXCLUSIVE", b.get("relation"))
    elif kind in ("TruncateStmt", "LockStmt"):
        mode = "ACCESS EXCLUSIVE" if kind == "TruncateStmt" else _LOCK_STMT_MODES.get(b.get("mode", 8), "ACCESS EXCLUSIVE")
        for r in b.get("relations") or ():
            add(mode, r.get("RangeVar", r))
    elif kind == "RefreshMatViewStmt":
        add("EXCLUSIVE" if b.get("concurrent") else "ACCESS EXCLUSIVE", b.get("relation"))
    elif kind == "ReindexStmt":
        concurrent = option_on(b.get("params"), "concurrently")
        add("SHARE UPDATE EXCLUSIVE" if concurrent else "SHARE", b.get("relation"))
    elif kind == "VacuumStmt":
        full = option_on(b.get("options"), "full")
        for r in b.get("rels") or ():
            add("ACCESS EXCLUSIVE" if full else "SHARE UPDATE EXCLUSIVE", r.get("VacuumRelation", {}).get("relation"))
    elif kind == "DropStmt" and b.get("removeType") in ("OBJECT_TABLE", "OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW",
                                                       "OBJECT_SEQUENCE"):
        mode = "SHARE UPDATE EXCLUSIVE" if b.get("concurrent") else "ACCESS EXCLUSIVE"
        for o in b.get("objects") or ():
            if list_key(o) not in created:
                out.append((mode, list_name(o)))
    return out


def estimate_locks(report) -> list[LockEstimate]:
    """Every table lock a reviewed file (:class:`tui.review.FileReport`) takes, in statement order."""
    created: set = set()
    out: list[LockEstimate] = []
    for i, st in enumerate(report.statements, 1):
        if st.node is None:
            continue
        for mode, rel in statement_locks(st, created):
            out.append(LockEstimate(mode, rel, i, st.line, st.kind))
        if st.kind in ("CreateStmt", "CreateTableAsStmt", "ViewStmt"):
            rv = st.body.get("relation") or (st.body.get("into") or {}).get("rel") or st.body.get("view")
            if rv:
                created.add(rel_key(rv))
        if st.kind == "IndexStmt" and st.body.get("idxname"):
            rv = st.body.get("relation") or {}
            created.add((rv.get("schemaname"), st.body["idxname"]))
    return out


def strongest(locks: list[LockEstimate]) -> LockEstimate | None:
    """The strongest lock (the first of equals), or None when the file locks nothing existing."""
    best = None
    for lk in locks:
        if best is None or _rank(lk.mode) > _rank(best.mode):
            best = lk
    return best
