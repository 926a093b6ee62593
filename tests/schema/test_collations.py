"""Collation objects: read the same way on PostgreSQL 15, 16 and 18 (their catalogs differ) and
created, changed and dropped so that no drift remains."""

from __future__ import annotations

from tests.schema.conftest import CASES, assert_roundtrip, read_case
from tui.pg.catalog import snapshot
from tui.schema.model import Collation


def test_collations_round_trip_on_every_server(every_server_db):
    a, b = read_case(CASES / "180_collation_create.sql")
    rt = assert_roundtrip(every_server_db, a, b)
    sql = [s.sql for s in rt.plan.statements]
    assert "CREATE COLLATION IF NOT EXISTS public.email_order (provider = libc, locale = 'C')" in sql
    # created before the domain and the column that use it
    assert sql.index("CREATE COLLATION IF NOT EXISTS public.email_order (provider = libc, locale = 'C')") < min(
        i for i, s in enumerate(sql) if "email_order" in s and not s.startswith(("CREATE COLLATION", "COMMENT"))
    )


def test_libc_collation_with_two_locales_is_read_as_such(every_server_db):
    url = every_server_db("create collation mixed (lc_collate = 'C', lc_ctype = 'POSIX');")
    cat = snapshot(url, label="A")
    assert cat.collations["collation public.mixed"] == Collation(
        "public", "mixed", "public.mixed", "libc", None, "C", "POSIX", None, True, None
    )
