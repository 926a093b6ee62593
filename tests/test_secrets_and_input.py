"""Secrets and bad input at the command line: no password in any message, one sentence for a bad URL or --project."""

import json

import pytest

from tui.errors import DriftdeckError
from tui.urls import check_url, mask_text

DEV_ONLY = '[environments.dev]\nurl = "env:DEV_URL"\n'


@pytest.mark.parametrize("url", ["mysql://root:hunter2@localhost/app", "root:hunter2@localhost/app"])
def test_envs_masks_and_refuses_a_non_postgres_url(cli, tmp_path, url):
    (tmp_path / "driftdeck.toml").write_text(DEV_ONLY)
    for fmt in ("text", "json"):
        result = cli("--project", str(tmp_path), "envs", "--format", fmt, env={"DEV_URL": url})
        assert "hunter2" not in result.stdout + result.stderr
        assert result.returncode == 1
        assert "is not a PostgreSQL URL" in result.stderr
    rows = json.loads(cli("--project", str(tmp_path), "envs", "--format", "json", env={"DEV_URL": url}).stdout)
    assert rows[0]["url"] == url.replace("hunter2", "***")


def test_drift_with_a_mysql_url_names_it_masked(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text(DEV_ONLY)
    result = cli("--project", str(tmp_path), "drift", "mysql://u:hunter2@127.0.0.1:1/x", "dev",
                 env={"DEV_URL": "postgresql://u@127.0.0.1:1/x"})
    assert result.returncode == 1
    assert "hunter2" not in result.stdout + result.stderr
    assert result.stderr.strip() == (
        "driftdeck: mysql://u:***@127.0.0.1:1/x is not a PostgreSQL URL: driftdeck connects to PostgreSQL only"
        " (postgresql://user@host:5432/database)."
    )


def test_a_malformed_url_gets_a_sentence_not_an_internal_error(cli, tmp_path):
    (tmp_path / "driftdeck.toml").write_text(DEV_ONLY)
    result = cli("--project", str(tmp_path), "drift", "postgresql://app:hunter2@[::1", "dev",
                 env={"DEV_URL": "postgresql://u@127.0.0.1:1/x"})
    assert result.returncode == 1
    assert "internal error" not in result.stderr and "hunter2" not in result.stderr
    assert "is not a valid URL (an IPv6 host needs its closing ])" in result.stderr


def test_masking_keeps_the_punctuation_after_a_password():
    text = "driftdeck.toml: url contains a password (postgresql://app@db/app?password=s3cret): keep them out"
    assert mask_text(text) == text.replace("s3cret", "***")
    assert mask_text("see postgresql://app:s3cret@db/app.") == "see postgresql://app:***@db/app."
    assert mask_text("postgresql://app:p@ss@db/app") == "postgresql://app:***@db/app"


def test_every_driftdeck_error_is_masked():
    assert "hunter2" not in str(DriftdeckError("cannot reach redis://u:hunter2@cache:6379"))
    with pytest.raises(DriftdeckError, match=r"\*\*\*"):
        check_url("mysql://u:hunter2@h/x", "environment dev")


def test_project_that_is_a_file_is_refused(cli, tmp_path):
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n")
    result = cli("--project", str(other), "envs")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"driftdeck: --project {other} is a file, not a folder: pass the folder that holds driftdeck.toml (or will)."
    )
