"""A user mapping, or a publication's or subscription's owner, naming a role TARGET does not have: compared without
``--grants`` or ``--owners``, so the statement that would fail is written commented out, saying so (as a GRANT to
a missing role is), and the plan applied step by step, default or ``--unsafe``, leaves just that as drift.

Roles belong to the server, which both sides share here: TARGET lacking one is TARGET's catalog without it."""

from __future__ import annotations

from dataclasses import replace

from tests.schema.conftest import roundtrip
from tui.pg.catalog import snapshot
from tui.schema.diff import diff
from tui.schema.sqlgen import generate


def _role(name: str) -> str:
    return f"do $$ begin create role {name}; exception when duplicate_object or unique_violation then null; end $$;"


def _sides(fast_db, a: str, b: str, gone: str):
    """SOURCE's catalog, and TARGET's as a server without role ``gone`` would read it."""
    target = snapshot(fast_db(a), label="A")
    return snapshot(fast_db(b), label="B"), replace(target, roles=tuple(r for r in target.roles if r != gone))


def _held_for_the_role(plan, sql: str, gone: str):
    st = next(s for s in plan.statements if s.sql.startswith(sql))
    assert st.commented_out and f"role {gone} does not exist on the target: create it, then run this" in st.reason
    return st


def test_a_user_mapping_for_a_role_the_target_lacks_is_written_commented_out_saying_so(fast_db):
    gone = "dd_map_gone"
    a = _role(gone) + "create foreign data wrapper dd_lack_w; create server dd_lack_s foreign data wrapper dd_lack_w;"
    b = a + f"""create user mapping for {gone} server dd_lack_s options ("user" 'remote', password 'pw-secret');
                create user mapping for public server dd_lack_s;"""
    source, target = _sides(fast_db, a, b, gone)
    for unsafe in (False, True):
        rt = roundtrip(fast_db, a, b, unsafe=unsafe, source=source, target=target)
        _held_for_the_role(rt.plan, f"CREATE USER MAPPING FOR {gone} SERVER dd_lack_s", gone)
        assert rt.remaining_keys == {f"user-mapping {gone} SERVER dd_lack_s"}, unsafe  # the PUBLIC one was created
    text = rt.plan.sql()
    assert "1 commented out for you to run by hand" in text
    assert (f"-- role {gone} does not exist on the target: create it, then run this:\n"
            f"-- CREATE USER MAPPING FOR {gone} SERVER dd_lack_s OPTIONS") in text
    assert "pw-secret" not in text
    assert "\nCREATE USER MAPPING FOR PUBLIC SERVER dd_lack_s;" in text


def test_a_publication_owned_by_a_role_the_target_lacks_is_created_and_its_owner_left_saying_so(fast_db):
    gone = "dd_pub_gone"
    a = _role(gone) + "create table t (id int primary key); create publication dd_kept for table t;"
    b = a + f"create publication dd_new for table t; alter publication dd_new owner to {gone};" \
            f" alter publication dd_kept owner to {gone};"
    source, target = _sides(fast_db, a, b, gone)
    for unsafe in (False, True):
        rt = roundtrip(fast_db, a, b, unsafe=unsafe, source=source, target=target)
        assert any(s.sql.startswith("CREATE PUBLICATION dd_new") for s in rt.plan.executable)
        for name in ("dd_new", "dd_kept"):
            _held_for_the_role(rt.plan, f"ALTER PUBLICATION {name} OWNER TO {gone}", gone)
        assert rt.remaining_keys == {"publication dd_new", "publication dd_kept"}, unsafe  # their owner only


def test_a_subscription_owned_by_a_role_the_target_lacks_is_created_and_its_owner_left_saying_so(fast_db):
    gone = "dd_sub_gone"
    b = _role(gone) + "create subscription dd_sub connection 'dbname=nowhere' publication p with (connect = false);" \
                      f" alter subscription dd_sub owner to {gone};"
    source, target = _sides(fast_db, _role(gone), b, gone)
    plan = generate(diff(source, target))
    assert any(s.sql.startswith("CREATE SUBSCRIPTION dd_sub") for s in plan.executable)
    _held_for_the_role(plan, f"ALTER SUBSCRIPTION dd_sub OWNER TO {gone}", gone)
