"""A warm snapshot after a change re-reads only what changed, and equals a cold snapshot of the same database."""

import dataclasses
import uuid

import psycopg
import pytest

from tui.pg.catalog import snapshot
from tui.pg.catalog_watch import CatalogWatch
from tui.schema.diff import diff
from tui.schema.sqlgen import generate

SCHEMA = """
create type status as enum ('new', 'paid');
create function bump(x int) returns int language sql immutable as 'select x + 1';
create table customers (id int generated always as identity primary key, name text not null, email text);
create index customers_email_idx on customers (lower(email));
create table orders (id bigint generated always as identity primary key, customer_id int references customers(id),
  state status not null default 'new', qty int default bump(0) check (qty > 0), placed_at timestamptz);
create sequence order_no owned by orders.id;
create table audit (id int primary key, at timestamptz);
create view customer_names as select id, name from customers;
create view big_orders as select o.id, c.name from orders o join customer_names c on c.id = o.customer_id where o.qty > 10;
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger orders_touch before update on orders for each row execute function touch();
alter table orders enable row level security;
create policy orders_paid on orders using (state = 'paid');
comment on constraint orders_qty_check on orders is 'no empty orders';
create table measurements (at date not null, v int) partition by range (at);
create table measurements_2025 partition of measurements for values from ('2025-01-01') to ('2026-01-01');
create foreign data wrapper dd_inc_w; create server dd_inc_s foreign data wrapper dd_inc_w;
create user mapping for public server dd_inc_s options (host 'a');
"""

# Changes to the kinds not compared (tui/pg/catalog_not_compared.py), each in the one catalog its
# kind is read from where it can be: a warm snapshot must see it, its digest with it.
UNCOMPARED = [
    ("a statistics object created", "create statistics orders_deps (dependencies) on customer_id, qty from orders",
     True),
    ("a statistics object renamed", "alter statistics orders_deps rename to orders_dependencies", True),
    ("a statistics object's target set", "alter statistics orders_dependencies set statistics 500", True),
    ("an operator created", "create operator === (leftarg = int, rightarg = int, function = int4eq)", True),
    ("an operator's estimator set", "alter operator === (int, int) set (restrict = eqsel)", True),
    ("a cast created", "create cast (order_state as text) with inout", True),
    ("a text search dictionary created", "create text search dictionary dd_inc_dict (template = simple)", True),
    ("a text search dictionary's options changed", "alter text search dictionary dd_inc_dict (accept = false)", True),
    ("a text search configuration created", "create text search configuration dd_inc_cfg (copy = simple)", True),
    ("a text search configuration's mapping altered",
     "alter text search configuration dd_inc_cfg alter mapping for asciiword with dd_inc_dict", False),
    ("a text search configuration's mapping dropped",
     "alter text search configuration dd_inc_cfg drop mapping for email", False),
    ("a procedural language created", "create language dd_inc_lang handler plpgsql_call_handler", True),
    ("a procedural language renamed", "alter language dd_inc_lang rename to dd_inc_lang2", True),
    ("a default privilege set", "alter default privileges revoke execute on functions from public", True),
]

# Each change is made on top of the previous ones; ``full`` when the whole catalog must be read again.
CHANGES = [
    ("a column added", "alter table orders add column note text", False),
    ("a table created", "create table extra (id int primary key, customer_id int references customers(id))", False),
    ("a table dropped", "drop table audit", False),
    ("an index added", "create index orders_placed_idx on orders (placed_at)", False),
    ("a function changed", "create or replace function bump(x int) returns int language sql immutable as 'select x + 2'",
     False),
    ("a column renamed under two views", "alter table customers rename column name to full_name", False),
    ("a referenced table renamed", "alter table customers rename to clients", False),
    ("a constraint's comment removed", "comment on constraint orders_qty_check on orders is null", False),
    ("an index dropped", "drop index orders_placed_idx", False),
    ("a trigger dropped", "drop trigger orders_touch on orders", False),
    ("a policy dropped", "drop policy orders_paid on orders", False),
    ("an enum value added", "alter type status add value 'void'", False),
    ("a type renamed", "alter type status rename to order_state", False),
    ("a sequence no longer owned", "alter sequence order_no owned by none", False),
    ("identity options changed", "alter table orders alter column id set increment by 5", False),
    ("a partition added", "create table measurements_2026 partition of measurements"
     " for values from ('2026-01-01') to ('2027-01-01')", False),
    ("a partitioned table renamed", "alter table measurements rename to readings", False),
    ("a view replaced", "create or replace view customer_names as select id, full_name as name, email from clients", False),
    ("a table dropped and created again under its name", "drop table extra; create table extra (id bigint)", False),
    ("a column commented", "comment on column orders.note is 'free text'", False),
    ("a column's compression set", "alter table orders alter column note set compression pglz", False),
    ("a user mapping's options changed", "alter user mapping for public server dd_inc_s options (set host 'b')", False),
    ("a subscription created", "create subscription dd_inc_sub connection 'dbname=nowhere' publication p"
     " with (connect = false)", False),
    ("a subscription's publications changed", "alter subscription dd_inc_sub set publication p, q with (refresh = false)",
     False),
    ("a subscription dropped", "alter subscription dd_inc_sub set (slot_name = none); drop subscription dd_inc_sub", False),
    *UNCOMPARED,
    ("a schema created", "create schema billing; create table billing.invoice (id int)", True),
]


def _same(warm, cold) -> None:
    assert dataclasses.replace(warm, query_count=0) == dataclasses.replace(cold, query_count=0)
    for group in ("tables", "views", "sequences", "types", "functions"):
        assert list(getattr(warm, group)) == list(getattr(cold, group)), group


@pytest.mark.parametrize("factory", ["make_db", "make_db16", "make_db15"])
def test_a_warm_snapshot_after_each_kind_of_change_equals_a_cold_one(factory, request):
    make_db = request.getfixturevalue(factory)
    url = make_db(SCHEMA)
    other = make_db(SCHEMA)
    source = snapshot(other, label="dev")
    watch = CatalogWatch(url, label="prod")
    try:
        last, _ = watch.snapshot()
        for what, ddl, full in CHANGES:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(ddl)
            before = watch.full_snapshots
            warm, changed = watch.snapshot()
            assert changed, what
            assert watch.full_snapshots == before + full, what
            cold = snapshot(url, label="prod")
            _same(warm, cold)
            assert generate(diff(source, warm)).sql() == generate(diff(source, cold)).sql(), what
            if (what, ddl, full) in UNCOMPARED:
                assert warm.not_compared != last.not_compared, what
            last = warm
    finally:
        watch.close()


@pytest.mark.parametrize("factory", ["make_db", "make_db16", "make_db15"])
def test_a_warm_snapshot_after_a_role_is_renamed_created_or_dropped_equals_a_cold_one(factory, request):
    """Roles are the server's, not the database's: a rename shows in policies always, in owners and
    privileges when read; the unchanged database is not read again."""
    tag = uuid.uuid4().hex[:8]
    first, renamed, extra = (f"dd_live_{x}_{tag}" for x in ("a", "b", "c"))
    url = request.getfixturevalue(factory)(f"create role {first};" + SCHEMA + f"""
        alter table orders owner to {first}; grant select on customers to {first};
        create policy orders_mine on orders to {first} using (qty > 1);""")
    flags = ({}, {"grants": True, "owners": True})
    watches = [CatalogWatch(url, label="prod", **f) for f in flags]
    try:
        for w in watches:
            w.snapshot()
        for ddl in (f"alter role {first} rename to {renamed}", f"create role {extra}", f"drop role {extra}"):
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(ddl)
            for w, f in zip(watches, flags):
                before = w.full_snapshots
                warm, changed = w.snapshot()
                assert changed and w.full_snapshots == before + 1, (ddl, f)
                _same(warm, snapshot(url, label="prod", **f))
        plain, full = (w.snapshot()[0] for w in watches)
        orders = plain.tables["table public.orders"]
        assert [p.roles for p in orders.policies if p.name == "orders_mine"] == [(renamed,)]
        orders, customers = full.tables["table public.orders"], full.tables["table public.customers"]
        assert orders.owner == renamed and customers.grants == (renamed + "=r",)
        for w in watches:  # nothing changed since: one small query, no read
            taken, full_reads = w.snapshots, w.full_snapshots
            again, changed = w.snapshot()
            assert not changed and (w.snapshots, w.full_snapshots) == (taken, full_reads)
    finally:
        for w in watches:
            w.close()
        with psycopg.connect(url, autocommit=True) as conn:
            for (name,) in conn.execute("select rolname from pg_roles where rolname = any(%s)", ([first, renamed],)):
                conn.execute(f"reassign owned by {name} to current_user; drop owned by {name}; drop role {name}")
            conn.execute(f"drop role if exists {extra}")


@pytest.mark.parametrize("savepoint", [False, True], ids=["transaction", "savepoint"])
def test_changes_made_while_a_transaction_was_open_are_seen(make_db, savepoint):
    url = make_db(SCHEMA)
    watch = CatalogWatch(url, label="prod")
    slow = psycopg.connect(url)
    try:
        slow.execute("create table early (id int)")
        if savepoint:  # a migration's subtransaction: its id is listed in no snapshot
            slow.execute("savepoint step")
        slow.execute("alter table audit rename column at to happened_at")  # rows updated, none added
        if savepoint:
            slow.execute("release savepoint step")
        with psycopg.connect(url, autocommit=True) as other:  # a later transaction ends first
            other.execute("select pg_catalog.txid_current()")
        first, _ = watch.snapshot()  # taken while those are not committed
        assert "table public.early" not in first.tables
        slow.commit()
        warm, changed = watch.snapshot()
        assert changed and watch.full_snapshots == 1
        assert [c.name for c in warm.tables["table public.audit"].columns] == ["id", "happened_at"]
        _same(warm, snapshot(url, label="prod"))
        again, changed = watch.snapshot()
        assert not changed and again is warm
    finally:
        slow.close()
        watch.close()


def test_a_transaction_left_open_does_not_make_every_refresh_a_change(make_db):
    url = make_db(SCHEMA)
    idle = psycopg.connect(url)
    watch = CatalogWatch(url, label="prod")
    try:
        idle.execute("select pg_catalog.txid_current()")  # holds a transaction id, so every snapshot's xmin
        watch.snapshot()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("alter table orders add column note text")
        warm, changed = watch.snapshot()
        assert changed and "note" in [c.name for c in warm.tables["table public.orders"].columns]
        again, changed = watch.snapshot()
        assert not changed and again is warm
    finally:
        idle.close()
        watch.close()


def test_grants_given_and_taken_back_are_seen_by_a_warm_snapshot(make_db):
    url = make_db(SCHEMA + "create role incremental_reader;")
    watch = CatalogWatch(url, label="prod", grants=True)
    try:
        watch.snapshot()
        for ddl in ("grant select on orders to incremental_reader",
                    "grant update (email) on customers to incremental_reader",
                    "grant execute on function bump(int) to incremental_reader",
                    "revoke select on orders from incremental_reader",
                    "alter default privileges grant select on tables to incremental_reader"):
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(ddl)
            warm, changed = watch.snapshot()
            assert changed, ddl
            _same(warm, snapshot(url, label="prod", grants=True))
    finally:
        watch.close()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("drop owned by incremental_reader; drop role incremental_reader")
