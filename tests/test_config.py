"""The project file: what is accepted, and the one sentence for each thing that is not."""

from pathlib import Path

import pytest

from tui.config import load_project
from tui.errors import DriftdeckError


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "driftdeck.toml").write_text(text)
    return tmp_path


FULL = """
[project]
migrations = "db/migrations"
layout = "auto"
scratch_url = "env:SCRATCH_DATABASE_URL"

[environments.dev]
url = "env:DATABASE_URL"
[environments.staging]
url = "env:STAGING_DATABASE_URL"
[environments.prod]
url = "env:PRODUCTION_DATABASE_URL"
protected = true

[review]
pg_version = 16
fail_on = "high"
ignore = ["prefer-text-field"]

[apply]
lock_timeout = "5s"
statement_timeout = "15min"

[[smoke]]
name = "users still there"
sql = "select count(*) > 0 from users"

[critical]
tables = ["users", "summaries"]
"""


def test_the_design_example_loads_with_environments_in_promotion_order(tmp_path):
    project = load_project(write(tmp_path, FULL), explicit=True)
    assert project.env_names() == ["dev", "staging", "prod"]
    assert project.env("prod").protected and not project.env("dev").protected
    assert project.migrations == (tmp_path / "db" / "migrations").resolve()
    assert project.review.pg_version == 16 and project.review.ignore == ("prefer-text-field",)
    assert project.apply.lock_timeout == "5s"
    assert project.smoke[0].name == "users still there"
    assert project.critical_tables == ("users", "summaries")


def test_env_reference_is_read_when_used(tmp_path, monkeypatch):
    project = load_project(write(tmp_path, FULL), explicit=True)
    monkeypatch.setenv("PRODUCTION_DATABASE_URL", "postgresql://app:hunter2@db.internal/app")
    assert project.env("prod").url.endswith("db.internal/app")
    assert "hunter2" not in project.env("prod").display_url


def test_missing_variable_names_environment_and_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("PRODUCTION_DATABASE_URL", raising=False)
    project = load_project(write(tmp_path, FULL), explicit=True)
    with pytest.raises(DriftdeckError) as err:
        project.env("prod").url
    assert str(err.value) == "environment prod: PRODUCTION_DATABASE_URL is not set."


def test_literal_password_is_refused_without_echoing_it(tmp_path):
    path = write(tmp_path, '[environments.prod]\nurl = "postgresql://app:s3cret@db/app"\n')
    with pytest.raises(DriftdeckError) as err:
        load_project(path, explicit=True)
    message = str(err.value)
    assert "s3cret" not in message
    assert "password" in message and "prod" in message


def test_password_in_query_string_is_refused_too(tmp_path):
    path = write(tmp_path, '[environments.dev]\nurl = "postgresql://app@db/app?password=s3cret"\n')
    with pytest.raises(DriftdeckError) as err:
        load_project(path, explicit=True)
    assert "s3cret" not in str(err.value)


def test_literal_url_without_password_is_fine(tmp_path):
    project = load_project(write(tmp_path, '[environments.dev]\nurl = "postgresql://app@localhost/app"\n'), explicit=True)
    assert project.env("dev").url == "postgresql://app@localhost/app"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[project]\nmigratons = "db"\n', "unknown key migratons in [project] (did you mean migrations?)"),
        ('[enviroments.dev]\nurl = "env:X"\n', "unknown key enviroments (did you mean environments?)"),
        ('[environments.dev]\nurl = "env:X"\nprotect = true\n', "unknown key protect in [environments.dev] (did you mean protected?)"),
        ('[environments.""]\nurl = "env:X"\n', "an environment has an empty name"),
        ('[environments.prod]\nurl = "env:A"\n[environments.PROD]\nurl = "env:B"\n', "environment PROD is defined twice"),
        ('[environments.dev]\nprotected = true\n', "environment dev has no url"),
        ('[project]\nlayout = "prisma2"\n', "unknown layout 'prisma2' (did you mean prisma?)"),
        ('[review]\nfail_on = "critical"\n', "review.fail_on must be one of low, medium, high"),
        ('[apply]\nlock_timeout = "soon"\n', "is not a duration"),
        ('[environments.dev]\nurl = "mysql://x"\n', "must be a postgres:// URL"),
    ],
)
def test_bad_values_give_one_sentence(tmp_path, text, expected):
    with pytest.raises(DriftdeckError) as err:
        load_project(write(tmp_path, text), explicit=True)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_broken_toml_names_the_line(tmp_path):
    path = write(tmp_path, '[project]\nmigrations = "db/migrations"\nlayout = \n')
    with pytest.raises(DriftdeckError) as err:
        load_project(path, explicit=True)
    assert str(err.value).startswith("driftdeck.toml line 3: invalid TOML")


def test_zero_config_from_the_three_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://a@h/dev")
    monkeypatch.delenv("STAGING_DATABASE_URL", raising=False)
    monkeypatch.setenv("PRODUCTION_DATABASE_URL", "postgresql://a@h/prod")
    project = load_project(tmp_path)
    assert project.env_names() == ["dev", "prod"]
    assert project.env("prod").protected


def test_project_file_is_found_in_a_parent_folder(tmp_path):
    write(tmp_path, '[environments.dev]\nurl = "env:DATABASE_URL"\n')
    sub = tmp_path / "app" / "src"
    sub.mkdir(parents=True)
    assert load_project(sub).env_names() == ["dev"]


def test_unknown_environment_suggests_the_closest(tmp_path):
    project = load_project(write(tmp_path, FULL), explicit=True)
    with pytest.raises(DriftdeckError, match="did you mean prod"):
        project.env("prdo")
