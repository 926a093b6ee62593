"""Splitting and parsing: spans, lines, syntax errors, psql meta-commands, COPY data, bodies."""

from __future__ import annotations

from tests.review.helpers import review, rules


def test_one_syntax_error_among_ten_statements_leaves_the_other_nine_reviewed():
    stmts = [
        "CREATE TABLE a (id bigint PRIMARY KEY)",
        "ALTER TABLE users ADD COLUMN bio text",
        "CREATE INDEX users_bio_idx ON users (bio)",
        "ALTER TABLE users ALTER COLUMN plan SET NOT NULL",
        "ALTER TABLE users DROP COLUMN full_name",
        "ALTER TABLE users ALTR COLUMN plan DROP DEFAULT",  # the bad one
        "UPDATE users SET plan = 'free'",
        "TRUNCATE sessions",
        "ALTER TABLE users RENAME COLUMN name TO full_name",
        "DROP TABLE old_stuff",
    ]
    sql = ";\n".join(stmts) + ";\n"
    report = review(sql)
    assert len(report.statements) == 10
    errors = [f for f in report.findings if f.rule == "syntax-error"]
    assert len(errors) == 1
    err = errors[0]
    assert err.statement_index == 5 and err.line == 6 and err.risk == "high"
    assert sql[err.span[0]:err.span[1]] == "ALTR"
    assert "ALTR" in err.why
    reviewed = {f.rule for f in report.findings}
    for rule in ("create-index-non-concurrent", "set-not-null", "drop-column", "update-without-where", "truncate",
                 "rename-column", "drop-table", "add-column"):
        assert rule in reviewed
    assert report.verdict == "BLOCKED"


def test_spans_are_character_offsets_even_after_non_ascii_text():
    sql = "-- café ☕ résumé 🚀\nCOMMENT ON TABLE users IS 'naïve 🚀';\nALTER TABLE users DROP COLUMN fullname;\n"
    f = [f for f in review(sql).findings if f.rule == "drop-column"][0]
    assert sql[f.span[0]:f.span[1]] == "ALTER TABLE users DROP COLUMN fullname"
    assert (f.line, f.col, f.end_line, f.end_col) == (3, 1, 3, 39)


def test_statement_spans_exclude_the_semicolon_and_leading_comments():
    sql = "-- first\n/* block; with ; semis */ SELECT 1 ;\n\n  SELECT 'a;b' -- trailing\n;"
    report = review(sql)
    assert [sql[s.start:s.end] for s in report.statements] == ["SELECT 1", "SELECT 'a;b'"]
    assert [(s.line, s.col) for s in report.statements] == [(2, 27), (4, 3)]


def test_dollar_quotes_and_begin_atomic_bodies_are_one_statement():
    sql = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;\n"
        "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\n"
        "SELECT E'it\\'s; fine', \"odd;name\" FROM t;\n"
    )
    report = review(sql)
    assert [s.kind for s in report.statements] == ["CreateFunctionStmt", "CreateFunctionStmt", "SelectStmt"]
    assert "syntax-error" not in [f.rule for f in report.findings]


def test_psql_meta_commands_and_copy_data_are_recognised():
    sql = (
        "\\set ON_ERROR_STOP on\n"
        "COPY plans (id, name) FROM stdin;\n"
        "1\tfree; not sql\n"
        "2\tpro\n"
        "\\.\n"
        "ALTER TABLE users DROP COLUMN legacy;\n"
    )
    report = review(sql)
    assert [s.kind for s in report.statements] == ["psql-meta", "CopyStmt", "copy-data", "AlterTableStmt"]
    found = [f.rule for f in report.findings]
    assert "psql-meta-command" in found and "copy-bulk-load" in found and "drop-column" in found
    assert "syntax-error" not in found


def test_down_sections_are_not_reviewed():
    sql = "-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\nDROP TABLE users;\n"
    report = review(sql)
    assert [s.kind for s in report.statements] == ["CreateStmt"]
    assert report.verdict == "SAFE TO DEPLOY"
    goose = "-- +goose Up\nALTER TABLE users DROP COLUMN a;\n-- +goose Down\nALTER TABLE users ADD COLUMN a int;\n"
    assert rules(goose).count("drop-column") == 1


def test_byte_order_mark_is_not_a_syntax_error():
    assert "syntax-error" not in rules("\ufeffCREATE TABLE t (id int);")


def test_unterminated_string_is_one_error_not_a_crash():
    report = review("ALTER TABLE users DROP COLUMN a;\nSELECT 'oops;\n")
    assert [f.rule for f in report.findings].count("syntax-error") == 1
    assert "drop-column" in [f.rule for f in report.findings]


def test_touched_objects():
    report = review(
        "CREATE INDEX users_email_idx ON public.users (email);\n"
        "ALTER TABLE users ALTER COLUMN plan SET NOT NULL, DROP COLUMN legacy;\n"
        "UPDATE orders SET x = 1 FROM users WHERE users.id = orders.user_id;\n"
    )
    a, b, c = (s.touched for s in report.statements)
    assert "public.users" in a and "users_email_idx" in a and "public.users.email" in a
    assert "users.plan" in b and "users.legacy" in b
    assert "orders" in c and "users" in c


def test_empty_and_comment_only_files_are_flagged_not_safe():
    for sql in ("", "   \n", "-- nothing yet\n/* still nothing */\n", ";;"):
        report = review(sql)
        assert report.statements == [] and [f.rule for f in report.findings] == ["empty-migration"]
        assert report.verdict == "REVIEW NEEDED"


def test_truncated_and_mangled_files_never_crash_and_spans_stay_inside():
    from tests.review.test_layouts import FLYWAY, PRISMA_CHANGE, SUPABASE
    from tests.review.test_plpgsql import DO

    src = "\n".join([PRISMA_CHANGE, FLYWAY, SUPABASE, DO, "COPY t FROM stdin;\n1\n\\.\n\\set x 1\nSELECT E'a\\'b';\n"])
    for i in range(0, len(src), 41):
        for text in (src[:i], src[:i] + "'" + src[i:], src[:i] + "$$" + src[i:], src[:i] + "/*" + src[i:]):
            report = review(text, hygiene=True)
            for f in report.findings:
                assert 0 <= f.span[0] <= f.span[1] <= len(text)
