"""The environment overview the console's sidebar and `driftdeck envs` show."""

import json

from tui.config import Environment, Project
from tui.workflows.envs import host_label, overview


def test_last_apply_comes_from_the_audit_log_and_hosts_are_masked(make_db, tmp_path):
    url = make_db()
    (tmp_path / ".driftdeck").mkdir()
    (tmp_path / ".driftdeck" / "audit.jsonl").write_text("\n".join(json.dumps(e) for e in (
        {"kind": "apply", "environment": "prod", "outcome": "applied", "finished_at": "2026-01-02T10:00:00+00:00",
         "migrations": ["20260101_a", "20260102_b"], "who": {"user": "carol", "email": None}},
        {"kind": "apply", "environment": "prod", "outcome": "failed", "finished_at": "2026-01-03T10:00:00+00:00",
         "migrations": ["20260103_c"], "who": {"user": "dave"}},
    )) + "\n")
    project = Project(root=tmp_path, name="p", environments=(Environment("prod", url, protected=True),
                                                              Environment("qa", "postgresql://app:s3cret@127.0.0.1:9/app")))
    prod, qa = overview(project)
    assert prod.reachable and prod.protected and prod.host.startswith("local socket/")
    assert (prod.last_apply.migration, prod.last_apply.by, prod.last_apply.source) == ("20260102_b", "carol", "audit")
    assert not qa.reachable and "host unreachable" in qa.problem and qa.last_apply is None
    assert qa.host == "127.0.0.1:9/app" and "s3cret" not in qa.url


def test_host_label_never_shows_a_password():
    assert host_label("postgresql://u:pw@db.example.com:5433/app?sslmode=require") == "db.example.com:5433/app"
    assert host_label("postgresql://postgres:@/dev?host=/tmp/sock") == "local socket/dev"
    assert host_label("$DATABASE_URL (not set)") == "$DATABASE_URL (not set)"
