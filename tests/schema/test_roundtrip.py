"""The correctness gate: for every case, SQL generated for A→B (with --unsafe) leaves no drift.

Each file in ``roundtrip/`` holds ``--- a`` (the database to change) and ``--- b`` (the
desired schema). Rows inserted by ``a`` must survive unless the plan marks that table's
change destructive. Every case runs on PostgreSQL 18; every sixth also on 16, every tenth on
the machine's PostgreSQL 15 (skipped when absent), and a case whose header says
``-- servers: 15 16 18`` on each of those (the object kinds whose catalogs differ between
versions). A header line ``-- options: grants`` compares and generates privileges too
(``--grants``), ``-- options: owners`` owners (``--owners``). Databases come from a pool per
server created ahead of time (``fast_db``, ``fast_db16``, ``fast_db15``): the same empty
databases ``make_db`` gives, without waiting for them. The runs on 15 and 16 are marked
``slow``: ``pytest -m "not slow"`` leaves them out of a quick local loop; plain ``pytest``, as
CI runs it, runs them.
"""

from __future__ import annotations

import pytest

from tests.schema.conftest import CASES, assert_roundtrip, case_flags, case_servers, read_case

FILES = sorted(CASES.glob("*.sql"))


def test_there_are_enough_cases():
    assert len(FILES) >= 80


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_roundtrip_pg18(fast_db, path):
    a, b = read_case(path)
    assert_roundtrip(fast_db, a, b, **case_flags(path))


PG16_CASES = sorted(set(FILES[::6]) | {p for p in FILES if 16 in case_servers(p)})


@pytest.mark.slow
@pytest.mark.parametrize("path", PG16_CASES, ids=[p.stem for p in PG16_CASES])
def test_roundtrip_pg16(fast_db16, path):
    a, b = read_case(path)
    assert_roundtrip(fast_db16, a, b, **case_flags(path))


PG15_CASES = sorted({p for p in FILES[1::10] if "vector" not in p.read_text()}  # no pgvector on the machine's 15
                    | {p for p in FILES if 15 in case_servers(p)})


@pytest.mark.slow
@pytest.mark.parametrize("path", PG15_CASES, ids=[p.stem for p in PG15_CASES])
def test_roundtrip_pg15(fast_db15, path):
    a, b = read_case(path)
    assert_roundtrip(fast_db15, a, b, **case_flags(path))
