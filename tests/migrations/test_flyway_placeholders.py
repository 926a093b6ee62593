"""Flyway ${placeholders}: replaced from flyway.conf / flyway.toml / FLYWAY_PLACEHOLDERS_*, an undefined one refused clearly."""

from __future__ import annotations

import pytest

from tests.migrations.helpers import project_for
from tui.errors import DriftdeckError
from tui.migrations import load_folder
from tui.migrations.checksums import flyway_checksum

FOLDER = "src/main/resources/db/migration"


def folder_with(tmp_path, conf_name=None, conf_text=""):
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "V1__init.sql").write_text("CREATE SCHEMA ${app_schema};\nCREATE TABLE ${app_schema}.t (id int);\n")
    (folder / "V2__grant.sql").write_text("GRANT SELECT ON ${app_schema}.t TO ${reader};\n")
    if conf_name:
        (tmp_path / conf_name).write_text(conf_text)
    return project_for(tmp_path)


@pytest.mark.parametrize("name, text", [
    ("flyway.conf", "flyway.locations=filesystem:src/main/resources/db/migration\nflyway.placeholders.app_schema=billing\n"
                    "flyway.placeholders.reader=analyst\n"),
    ("flyway.toml", '[flyway]\nlocations = ["filesystem:src/main/resources/db/migration"]\n'
                    '[flyway.placeholders]\napp_schema = "billing"\nreader = "analyst"\n'),
])
def test_placeholders_from_the_config_file(tmp_path, name, text):
    folder = load_folder(folder_with(tmp_path, name, text))
    v1, v2 = folder.migrations
    assert v1.up_sql == "CREATE SCHEMA billing;\nCREATE TABLE billing.t (id int);\n"
    assert [s.rstrip(";") for s in v2.statements()] == ["GRANT SELECT ON billing.t TO analyst"]
    assert v1.checksum == str(flyway_checksum(v1.path.read_text()))  # Flyway checksums the file as written


def test_environment_variables_win(tmp_path, monkeypatch):
    monkeypatch.setenv("FLYWAY_PLACEHOLDERS_APP_SCHEMA", "sales")
    monkeypatch.setenv("FLYWAY_PLACEHOLDERS_READER", "bi")
    project = folder_with(tmp_path, "flyway.conf", "flyway.placeholders.app_schema=billing\n")
    assert load_folder(project).migrations[1].up_sql == "GRANT SELECT ON sales.t TO bi;\n"


def test_an_undefined_placeholder_is_refused_naming_it(tmp_path, monkeypatch):
    monkeypatch.delenv("FLYWAY_PLACEHOLDERS_READER", raising=False)
    project = folder_with(tmp_path, "flyway.conf", "flyway.placeholders.app_schema=billing\n")
    folder = load_folder(project)
    assert any("V2__grant.sql: uses placeholder ${reader}, which has no value" in w for w in folder.warnings)
    with pytest.raises(DriftdeckError, match=r"\$\{reader\}.*FLYWAY_PLACEHOLDERS_READER"):
        folder.migrations[1].up_sql  # noqa: B018
    assert folder.migrations[0].up_sql.startswith("CREATE SCHEMA billing;")


def test_replacement_can_be_turned_off(tmp_path):
    project = folder_with(tmp_path, "flyway.conf", "flyway.placeholderReplacement=false\n")
    assert "${app_schema}" in load_folder(project).migrations[0].up_sql
