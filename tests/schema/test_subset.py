"""A drift pruned to chosen tree nodes generates SQL for just those (the console's "new migration from selection")."""

from tui.schema.sqlgen import generate
from tui.schema.subset import subset
from tui.workflows.drift import Side, compare


def test_only_the_selected_objects_and_table_parts_are_generated(fast_db):
    base = "create table users (id bigint primary key, email text, full_name text);"
    source = fast_db(base + "alter table users drop column full_name; alter table users add column plan text;"
                            " create index users_email_idx on users (email); create table notes (id int);")
    target = fast_db(base)
    drift = compare(Side("dev", "dev", source), Side("prod", "prod", target))
    keys = {n.key for c in drift.changes for n in c.walk()}
    assert {"table public.notes", "table public.users/column plan", "table public.users/column full_name",
            "table public.users/index users_email_idx"} <= keys

    part = subset(drift, {"table public.notes", "table public.users/column plan"})
    sql = generate(part).sql()
    assert "CREATE TABLE IF NOT EXISTS public.notes" in sql and "ADD COLUMN IF NOT EXISTS plan" in sql
    assert "full_name" not in sql and "users_email_idx" not in sql
    users = next(c for c in part.changes if c.key == "table public.users")
    assert [p.name for p in users.parts] == ["plan"] and users.risk == "safe"

    whole = subset(drift, {"table public.users"})  # an object selects all its parts
    assert [c.key for c in whole.changes] == ["table public.users"] and len(whole.changes[0].parts) == 3
    assert subset(drift, set()).is_empty
