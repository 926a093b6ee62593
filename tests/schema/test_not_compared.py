"""Never a false "no drift": objects of kinds driftdeck does not compare are counted on both sides.

Each case creates one such object on one side only; ``driftdeck drift`` must exit 2 and name
the kind in every format. The same object on both sides is reported but is not drift.
"""

from __future__ import annotations

import json

import psycopg
import pytest

from tui.cli import main
from tui.pg.catalog import snapshot
from tui.pg.catalog_not_compared import kinds
from tui.schema.diff import diff
from tui.schema.sqlgen import generate

TABLE = "create table t (id int generated always as identity, a text, b int);"

# kind → (SQL on both sides, SQL on SOURCE only)
CASES = {
    "statistics object": (TABLE, "create statistics dd_stats on a, b from t;"),
    "operator": ("create function dd_eq(int, int) returns bool language sql immutable as 'select $1 = $2';",
                 "create operator === (leftarg = int, rightarg = int, function = dd_eq);"),
    "cast": ("create type pair as (a int, b int);"
             " create function int_to_pair(int) returns pair language sql as 'select row($1, $1)::pair';",
             "create cast (int as pair) with function int_to_pair(int);"),
    "text search configuration": ("", "create text search configuration dd_cfg (copy = pg_catalog.english);"),
    "text search dictionary": ("", "create text search dictionary dd_dict (template = pg_catalog.simple);"),
    "procedural language": ("", "create language dd_lang handler plpgsql_call_handler;"),
    "default privilege setting": ("", "alter default privileges grant select on tables to public;"),
}


def test_every_kind_not_compared_has_a_case():
    assert set(kinds()) - {"base type"} == set(CASES)  # a base type needs C functions


@pytest.mark.parametrize("kind", sorted(CASES))
def test_an_object_not_compared_on_one_side_only_is_drift(fast_db, capsys, kind):
    common, extra = CASES[kind]
    source = fast_db(common + extra)
    target = fast_db(common or None)
    try:
        _drift_is_reported(source, target, kind, capsys)
    finally:
        if kind == "subscription":  # a database with a subscription cannot be dropped
            with psycopg.connect(source, autocommit=True) as conn:
                conn.execute("alter subscription dd_sub set (slot_name = none); drop subscription dd_sub")


def _drift_is_reported(source: str, target: str, kind: str, capsys) -> None:
    assert main(["drift", source, target, "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["drift"] is True and not doc["schemas"], doc
    found = {nc["kind"]: nc for nc in doc["not_compared"]}
    assert found[kind]["source_count"] == 1 and found[kind]["target_count"] == 0 and found[kind]["differs"]
    assert "hunter2" not in json.dumps(doc)

    assert main(["drift", source, target]) == 2
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "not compared: " in out and (f" 1 {kind} on " in out or f" 1 {kind}, " in out)
    assert "check them by hand" in out and "hunter2" not in out

    assert main(["drift", source, target, "--format", "sql"]) == 2
    sql = capsys.readouterr().out
    head = sql.splitlines()[0] if sql.startswith("-- not compared:") else sql.splitlines()[1]
    assert head.startswith("-- not compared:") and f"1 {kind}" in head and "hunter2" not in sql


def test_the_same_objects_on_both_sides_are_listed_but_are_not_drift(fast_db, capsys):
    both = TABLE + "create statistics dd_stats on a, b from t; create statistics dd_more on a, b from t;"
    source, target = fast_db(both), fast_db(both)
    assert main(["drift", source, target]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "not compared: 2 statistics objects on both" in out
    assert "No drift" in out


def test_a_definition_that_differs_under_the_same_name_is_drift(fast_db):
    source = fast_db(TABLE + "create statistics dd_stats on a, b from t;")
    target = fast_db(TABLE + "create statistics dd_stats (ndistinct) on a, b from t;")
    drift = diff(snapshot(source, label="S"), snapshot(target, label="T"))
    assert drift.is_empty and drift.differs
    plan = generate(drift)
    assert plan.sql().splitlines()[1].startswith("-- not compared: 1 statistics object on S; 1 statistics object on T")


# kind → (SQL on both sides, SOURCE's version, TARGET's): the same name, one setting apart
SETTINGS = {
    "statistics target": ("statistics object", TABLE + "create statistics dd_stats on a, b from t;",
                          "alter statistics dd_stats set statistics 500;", ""),
    "operator estimator": ("operator", "create function dd_eq(int, int) returns bool language sql immutable as 'select $1 = $2';",
                           "create operator === (leftarg = int, rightarg = int, function = dd_eq, restrict = eqsel);",
                           "create operator === (leftarg = int, rightarg = int, function = dd_eq);"),
    "language validator": ("procedural language", "",
                           "create language dd_lang handler plpgsql_call_handler validator plpgsql_validator;",
                           "create language dd_lang handler plpgsql_call_handler;"),
}


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_one_setting_apart_under_the_same_name_is_drift(fast_db, setting):
    kind, common, source_sql, target_sql = SETTINGS[setting]
    source, target = fast_db(common + source_sql), fast_db((common + target_sql) or None)
    drift = diff(snapshot(source, label="S"), snapshot(target, label="T"))
    assert drift.is_empty and drift.differs, setting
    assert f"1 {kind} on S; 1 {kind} on T" in generate(drift).sql().splitlines()[1]


def test_the_count_query_runs_on_every_version(every_server_db):
    url = every_server_db(TABLE + "create statistics dd_stats on a, b from t;"
                                  " create text search dictionary dd_dict (template = pg_catalog.simple);")
    cat = snapshot(url, label="X")
    assert {k for k, _, _ in cat.not_compared} == {"statistics object", "text search dictionary"}
