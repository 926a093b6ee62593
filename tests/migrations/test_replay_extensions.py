"""Replaying a folder that needs an extension the embedded servers lack: an installed server that has it is used, and said so."""

from __future__ import annotations

import pytest

from tests.migrations.folders import write
from tests.migrations.helpers import project_for
from tui.errors import DriftdeckError
from tui.migrations.replay import replay_database
from tui.pg import scratch_choice
from tui.pg.connect import connect
from tui.pg.server import server_bin_dirs

TRGM = """create extension if not exists pg_trgm;
create extension if not exists citext;
create table tags (name citext not null);
create index tags_name_trgm on tags using gin ((name::text) gin_trgm_ops);
"""


def test_embedded_servers_really_lack_the_contrib_extensions():
    for version in (16, 18):
        assert {"pg_trgm", "citext", "hstore"} & scratch_choice.available_extensions(version) == set()


def test_folder_needing_pg_trgm_replays_on_an_installed_server_that_has_it(tmp_path):
    if 15 not in server_bin_dirs() or "pg_trgm" not in scratch_choice.available_extensions(15):
        pytest.skip("needs the machine's PostgreSQL 15 with its contrib extensions")
    write(tmp_path, {"db/migrations/20240101000000_tags.sql": TRGM})
    messages: list[str] = []
    url = replay_database(project_for(tmp_path), "migrations:all", None, progress=messages.append)
    assert any("lacks citext, pg_trgm: using the installed PostgreSQL 15" in m for m in messages)
    with connect(url) as conn:
        assert conn.execute("show server_version_num").fetchone()[0].startswith("15")
        assert conn.execute("select count(*) from pg_indexes where indexname = 'tags_name_trgm'").fetchone()[0] == 1


def test_extension_no_server_has_still_fails_pointing_at_scratch_url(tmp_path):
    write(tmp_path, {"db/migrations/20240101000000_ext.sql": "create extension if not exists no_such_ext_here;\n"})
    with pytest.raises(DriftdeckError, match="scratch_url"):
        replay_database(project_for(tmp_path), "migrations:all", None)
