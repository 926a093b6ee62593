"""Statement builders (pure) for schemas, extensions, types, sequences, functions and views.

Tables, constraints, indexes, triggers and policies are in :mod:`tui.schema.sqlgen_tables`.
Used by :mod:`tui.schema.sqlgen_plan`, which decides what to emit and in which order. Each
builder returns :class:`Statement` objects carrying their risk, reason, whether they can
run inside a transaction, and the SQL that undoes them (``rollback``; ``None`` when it
cannot be undone). Names come from the model already quoted and qualified.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui.schema.describe import column_sql, describe, quote_literal
from tui.schema.diff import DESTRUCTIVE, LOCKING, SAFE
from tui.schema.model import CompositeType, Domain, EnumType, Extension, Function, Schema, Sequence, Table, View


@dataclass(frozen=True)
class Statement:
    """One step of a migration plan."""

    sql: str
    risk: str = SAFE
    reason: str = ""
    transactional: bool = True  # False: CONCURRENTLY / ADD VALUE, run on its own outside a transaction
    commented_out: bool = False  # destructive and not --unsafe: shown, not run
    rollback: str | None = None  # SQL that undoes this statement, None when it cannot be undone
    key: str = ""  # identity key of the object it changes
    isolated: bool = False  # transactional, but in a transaction of its own (VALIDATE after NOT VALID)

    # Plans hold thousands of statements: these copy directly (dataclasses.replace is ~10x slower).
    def with_risk(self, risk: str, reason: str) -> "Statement":
        return Statement(self.sql, risk, reason, self.transactional, self.commented_out, self.rollback, self.key,
                         self.isolated)

    def commented(self) -> "Statement":
        return Statement(self.sql, self.risk, self.reason, self.transactional, True, self.rollback, self.key,
                         self.isolated)


def st(sql, risk=SAFE, reason="", *, transactional=True, rollback=None, key="") -> Statement:
    return Statement(sql, risk, reason, transactional, False, rollback, key, " VALIDATE CONSTRAINT " in sql)


def with_risk(stmts: list[Statement], risk: str, reason: str) -> list[Statement]:
    return [s.with_risk(risk, reason or s.reason) for s in stmts]


def lit(text: str | None) -> str:
    return "NULL" if text is None else quote_literal(text)


# ---------------------------------------------------------------- comments

def comment(target: str, text: str | None, old: str | None = None, key: str = "") -> Statement:
    return st(f"COMMENT ON {target} IS {lit(text)}", SAFE, "comment", rollback=f"COMMENT ON {target} IS {lit(old)}", key=key)


def object_comment_target(obj) -> str:
    if isinstance(obj, Table):
        return f"TABLE {obj.qname}"
    if isinstance(obj, View):
        return f"{'MATERIALIZED VIEW' if obj.materialized else 'VIEW'} {obj.qname}"
    if isinstance(obj, Function):
        return f"{obj.sql_kind} {obj.signature}"
    if isinstance(obj, Domain):
        return f"DOMAIN {obj.qname}"
    if isinstance(obj, (EnumType, CompositeType)):
        return f"TYPE {obj.qname}"
    if isinstance(obj, Sequence):
        return f"SEQUENCE {obj.qname}"
    if isinstance(obj, Schema):
        return f"SCHEMA {obj.qname}"
    raise TypeError(obj)


# ---------------------------------------------------------------- schemas, extensions

def create_schema(s: Schema) -> list[Statement]:
    out = [st(f"CREATE SCHEMA IF NOT EXISTS {s.qname}", rollback=f"DROP SCHEMA IF EXISTS {s.qname}", key=s.key)]
    if s.comment:
        out.append(comment(f"SCHEMA {s.qname}", s.comment, key=s.key))
    return out


def drop_schema(s: Schema) -> Statement:
    return st(f"DROP SCHEMA IF EXISTS {s.qname}", DESTRUCTIVE, "drops the schema",
              rollback=f"CREATE SCHEMA IF NOT EXISTS {s.qname}", key=s.key)


def create_extension(x: Extension) -> Statement:
    return st(f"CREATE EXTENSION IF NOT EXISTS {x.qname} WITH SCHEMA {x.schema} VERSION {quote_literal(x.version)}",
              rollback=f"DROP EXTENSION IF EXISTS {x.qname}", key=x.key)


def alter_extension(s: Extension, t: Extension) -> list[Statement]:
    out = []
    if s.schema != t.schema:
        out.append(st(f"ALTER EXTENSION {s.qname} SET SCHEMA {s.schema}", LOCKING, "moves the extension",
                      rollback=f"ALTER EXTENSION {s.qname} SET SCHEMA {t.schema}", key=s.key))
    if s.version != t.version:
        out.append(st(f"ALTER EXTENSION {s.qname} UPDATE TO {quote_literal(s.version)}", LOCKING,
                      f"upgrades the extension {t.version} → {s.version}",
                      rollback=f"ALTER EXTENSION {s.qname} UPDATE TO {quote_literal(t.version)}", key=s.key))
    return out


def drop_extension(x: Extension) -> Statement:
    return st(f"DROP EXTENSION IF EXISTS {x.qname}", DESTRUCTIVE, "drops the extension",
              rollback=create_extension(x).sql, key=x.key)


# ---------------------------------------------------------------- types

def create_type(t) -> list[Statement]:
    """CREATE TYPE / DOMAIN with the definition the drift tree shows (:func:`describe`).

    CREATE DOMAIN has no NOT VALID: such domain constraints are added afterwards.
    """
    if isinstance(t, Domain):
        created = replace(t, constraints=tuple(c for c in t.constraints if c.validated))
        out = [st("CREATE " + describe(created), rollback=f"DROP DOMAIN IF EXISTS {t.qname}", key=t.key)]
        out += [
            st(f"ALTER DOMAIN {t.qname} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", key=t.key)
            for c in t.constraints
            if not c.validated
        ]
    else:  # enum or composite type
        out = [st("CREATE " + describe(t), rollback=f"DROP TYPE IF EXISTS {t.qname}", key=t.key)]
    if t.comment:
        out.append(comment(object_comment_target(t), t.comment, key=t.key))
    return out


def drop_type(t, reason="drops the type") -> Statement:
    word = "DOMAIN" if isinstance(t, Domain) else "TYPE"
    return st(f"DROP {word} IF EXISTS {t.qname}", DESTRUCTIVE, reason, rollback=create_type(t)[0].sql, key=t.key)


def enum_add_values(s: EnumType, t: EnumType) -> list[Statement]:
    """ADD VALUE for each new label, positioned like SOURCE; each outside a transaction."""
    current = list(t.labels)
    out = []
    for i, label in enumerate(s.labels):
        if label in current:
            continue
        prev = next((x for x in reversed(s.labels[:i]) if x in current), None)
        if prev is not None:
            where = f" AFTER {quote_literal(prev)}"
            current.insert(current.index(prev) + 1, label)
        else:
            nxt = next((x for x in s.labels[i + 1:] if x in current), None)
            where = f" BEFORE {quote_literal(nxt)}" if nxt is not None else ""
            current.insert(current.index(nxt) if nxt is not None else len(current), label)
        out.append(st(f"ALTER TYPE {s.qname} ADD VALUE IF NOT EXISTS {quote_literal(label)}{where}", SAFE,
                      "adds an enum value (cannot be used in the same transaction)", transactional=False,
                      rollback=None, key=s.key))
    return out


def alter_domain(s: Domain, t: Domain) -> list[Statement]:
    out = []
    if s.default != t.default:
        sql = f"ALTER DOMAIN {s.qname} " + (f"SET DEFAULT {s.default}" if s.default is not None else "DROP DEFAULT")
        back = f"ALTER DOMAIN {s.qname} " + (f"SET DEFAULT {t.default}" if t.default is not None else "DROP DEFAULT")
        out.append(st(sql, rollback=back, key=s.key))
    if s.not_null != t.not_null:
        word = "SET NOT NULL" if s.not_null else "DROP NOT NULL"
        back = "DROP NOT NULL" if s.not_null else "SET NOT NULL"
        out.append(st(f"ALTER DOMAIN {s.qname} {word}", LOCKING if s.not_null else SAFE,
                      "checks every column of the domain" if s.not_null else "", rollback=f"ALTER DOMAIN {s.qname} {back}", key=s.key))
    src, tgt = {c.name: c for c in s.constraints}, {c.name: c for c in t.constraints}
    for name, c in tgt.items():
        if name not in src or (src[name].kind, src[name].definition) != (c.kind, c.definition):
            out.append(st(f"ALTER DOMAIN {s.qname} DROP CONSTRAINT IF EXISTS {c.qname}",
                          DESTRUCTIVE if name not in src else LOCKING, "drops a domain constraint",
                          rollback=f"ALTER DOMAIN {s.qname} ADD CONSTRAINT {c.qname} {c.definition}", key=s.key))
    for name, c in src.items():
        old = tgt.get(name)
        if old is None or (old.kind, old.definition) != (c.kind, c.definition):
            out.append(st(f"ALTER DOMAIN {s.qname} ADD CONSTRAINT {c.qname} {c.definition} NOT VALID", SAFE,
                          "added NOT VALID", rollback=f"ALTER DOMAIN {s.qname} DROP CONSTRAINT IF EXISTS {c.qname}", key=s.key))
            if c.validated:
                out.append(st(f"ALTER DOMAIN {s.qname} VALIDATE CONSTRAINT {c.qname}", LOCKING, "checks every column of the domain", key=s.key))
        elif c.validated and not old.validated:
            out.append(st(f"ALTER DOMAIN {s.qname} VALIDATE CONSTRAINT {c.qname}", LOCKING, "checks every column of the domain", key=s.key))
    return out


def alter_composite(s: CompositeType, t: CompositeType) -> list[Statement]:
    out = []
    src, tgt = {a.name: a for a in s.attributes}, {a.name: a for a in t.attributes}
    for name, a in tgt.items():
        if name not in src:
            out.append(st(f"ALTER TYPE {s.qname} DROP ATTRIBUTE IF EXISTS {a.qname}", DESTRUCTIVE, "drops an attribute",
                          rollback=f"ALTER TYPE {s.qname} ADD ATTRIBUTE {column_sql(a)}", key=s.key))
    for name, a in src.items():
        old = tgt.get(name)
        if old is None:
            out.append(st(f"ALTER TYPE {s.qname} ADD ATTRIBUTE {column_sql(a)}",
                          rollback=f"ALTER TYPE {s.qname} DROP ATTRIBUTE IF EXISTS {a.qname}", key=s.key))
        elif (old.type, old.collation) != (a.type, a.collation):
            coll = f" COLLATE {a.collation}" if a.collation else ""
            out.append(st(f"ALTER TYPE {s.qname} ALTER ATTRIBUTE {a.qname} TYPE {a.type}{coll}", LOCKING, "attribute type changes",
                          rollback=f"ALTER TYPE {s.qname} ALTER ATTRIBUTE {a.qname} TYPE {old.type}", key=s.key))
    return out


# ---------------------------------------------------------------- sequences

def _seq_options(q: Sequence) -> str:
    return (f"AS {q.data_type} INCREMENT BY {q.increment} MINVALUE {q.minvalue} MAXVALUE {q.maxvalue}"
            f" START WITH {q.start} CACHE {q.cache} {'CYCLE' if q.cycle else 'NO CYCLE'}")


def create_sequence(q: Sequence) -> list[Statement]:
    out = [st(f"CREATE SEQUENCE IF NOT EXISTS {q.qname} {_seq_options(q)}", rollback=f"DROP SEQUENCE IF EXISTS {q.qname}", key=q.key)]
    if q.comment:
        out.append(comment(f"SEQUENCE {q.qname}", q.comment, key=q.key))
    return out


def alter_sequence(s: Sequence, t: Sequence) -> list[Statement]:
    out = []
    if (s.data_type, s.start, s.increment, s.minvalue, s.maxvalue, s.cache, s.cycle) != (
        t.data_type, t.start, t.increment, t.minvalue, t.maxvalue, t.cache, t.cycle
    ):
        out.append(st(f"ALTER SEQUENCE {s.qname} {_seq_options(s)}", SAFE, "sequence options change",
                      rollback=f"ALTER SEQUENCE {s.qname} {_seq_options(t)}", key=s.key))
    if s.comment != t.comment:
        out.append(comment(f"SEQUENCE {s.qname}", s.comment, t.comment, key=s.key))
    return out


def sequence_owner(s: Sequence, old: str | None) -> Statement:
    return st(f"ALTER SEQUENCE {s.qname} OWNED BY {s.owned_by or 'NONE'}", SAFE, "sequence ownership",
              rollback=f"ALTER SEQUENCE {s.qname} OWNED BY {old or 'NONE'}", key=s.key)


def drop_sequence(q: Sequence) -> Statement:
    return st(f"DROP SEQUENCE IF EXISTS {q.qname}", DESTRUCTIVE, "drops the sequence and its current value",
              rollback=create_sequence(q)[0].sql, key=q.key)


# ---------------------------------------------------------------- functions, views

def function_drop_sql(f: Function) -> str:
    return f"DROP {f.sql_kind} IF EXISTS {f.signature}"


def create_function(f: Function, old: Function | None = None) -> list[Statement]:
    sql = f.definition.strip()
    if sql.startswith("CREATE FUNCTION") or sql.startswith("CREATE PROCEDURE"):
        sql = "CREATE OR REPLACE" + sql[len("CREATE"):]
    back = old.definition.strip() if old is not None else function_drop_sql(f)
    out = [st(sql, rollback=back, key=f.key)]
    if f.comment and (old is None or old.comment != f.comment):
        out.append(comment(object_comment_target(f), f.comment, key=f.key))
    return out


def drop_function(f: Function, risk=DESTRUCTIVE, reason="drops the function") -> Statement:
    return st(function_drop_sql(f), risk, reason, rollback=f.definition.strip(), key=f.key)


def _view_with(v: View) -> str:
    return f" WITH ({', '.join(v.options)})" if v.options else ""


def view_body(v: View) -> str:
    return v.definition.strip().rstrip(";").strip()


def create_view(v: View, old: View | None = None) -> list[Statement]:
    if v.materialized:
        sql = (f"CREATE MATERIALIZED VIEW IF NOT EXISTS {v.qname}{_view_with(v)} AS\n{view_body(v)}\n"
               f"WITH {'DATA' if v.populated else 'NO DATA'}")
        out = [st(sql, LOCKING if v.populated else SAFE, "computes the materialized view" if v.populated else "",
                  rollback=f"DROP MATERIALIZED VIEW IF EXISTS {v.qname}", key=v.key)]
    else:
        back = f"DROP VIEW IF EXISTS {v.qname}" if old is None else f"CREATE OR REPLACE VIEW {old.qname}{_view_with(old)} AS\n{view_body(old)}"
        out = [st(f"CREATE OR REPLACE VIEW {v.qname}{_view_with(v)} AS\n{view_body(v)}", rollback=back, key=v.key)]
        if old is not None:
            gone = sorted({o.split("=")[0] for o in old.options} - {o.split("=")[0] for o in v.options})
            if gone:
                out.append(st(f"ALTER VIEW {v.qname} RESET ({', '.join(gone)})", key=v.key))
    if v.comment and (old is None or old.comment != v.comment):
        out.append(comment(object_comment_target(v), v.comment, key=v.key))
    return out


def drop_view(v: View, risk=DESTRUCTIVE, reason="drops the view") -> Statement:
    kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
    return st(f"DROP {kind} IF EXISTS {v.qname}", risk, reason, rollback=create_view(v)[0].sql, key=v.key)
