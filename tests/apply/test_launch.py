"""The pre-launch checklist engine and `driftdeck checklist --launch` on the demo (a copy of its files)."""

from __future__ import annotations

import json

from tests.app.conftest import demo_copy  # noqa: F401 - the fixture
from tui.apply import launch


def test_launch_state_round_trips_through_a_diff_friendly_file(demo_copy):  # noqa: F811
    state = launch.set_freeze_date(demo_copy, launch.parse_date("2025-03-01"))
    launch.tick(demo_copy, "backfills-applied", "alice <alice@example.com>")
    text = launch.launch_path(demo_copy).read_text()
    assert text.endswith("\n") and '"freeze_date": "2025-03-01"' in text
    again = launch.load(demo_copy)
    assert again.freeze_date.isoformat() == "2025-03-01"
    assert again.item("backfills-applied").by == "alice <alice@example.com>"
    assert state.item("schema-freeze").state == "pending"
    launch.tick(demo_copy, "backfills-applied", "alice", done=False)
    assert launch.load(demo_copy).item("backfills-applied").state == "pending"


def test_checklist_launch_prints_every_item_and_fails_while_some_do_not_hold(demo_copy, capsys):  # noqa: F811
    from tests.apply.test_steps_demo import cli

    code, out, err = cli(demo_copy, capsys, "checklist", "--launch", "--freeze-date", "2025-03-01",
                         "--tick", "backfills-applied")
    assert code == 1
    assert "week −4" in out and "launch day" in out and "ticked by" in out
    assert "Schema freeze" in out and "added after 2025-03-01" in out  # the demo has migrations dated later
    assert "nothing-pending" in err and "schema-freeze" in err and "backfills-applied" not in err
    code, out, _ = cli(demo_copy, capsys, "checklist", "--launch", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ready"] is False and data["items"]["backfills-applied"]["state"] == "confirmed"
    assert data["items"]["schema-freeze"]["state"] == "fail" and data["items"]["schema-freeze"]["checked_at"]
