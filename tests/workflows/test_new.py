"""What the console's Drift pane asks of the engine for a selection: a default migration name, the
SQL it shows for a tree node, and which changes are new since the previous refresh."""

from tui.config import Project
from tui.workflows.drift import Side, compare
from tui.workflows.live import changed_keys
from tui.workflows.new import default_name, preview_sql

BASE = "create table users (id bigint primary key, email text, full_name text);"


def test_a_selection_is_named_after_its_objects_and_its_sql_comments_out_what_destroys(make_db, tmp_path):
    source = make_db(BASE + "alter table users drop column full_name; create table user_notes (id int);")
    target = make_db(BASE)
    drift = compare(Side("dev", "dev", source), Side("prod", "prod", target))
    assert default_name(drift, {"table public.user_notes"}) == "sync_user_notes"
    assert default_name(drift, set()) == "sync_selected_changes"

    sql = preview_sql(Project(root=tmp_path, name="t"), drift, {"table public.users/column full_name"})
    assert "commented out in the migration" in sql and "-- ALTER TABLE" in sql and "user_notes" not in sql


def test_changes_new_or_different_since_the_previous_refresh_are_told_apart(make_db):
    target = make_db(BASE)
    before = compare(Side("dev", "dev", make_db(BASE + "create table a (id int);")), Side("prod", "prod", target))
    after = compare(Side("dev", "dev", make_db(BASE + "create table a (id int); create table b (id int);")),
                    Side("prod", "prod", target))
    assert changed_keys(before, after) == {"table public.b"}
    assert changed_keys(after, after) == set()
