"""SQL quoting has one home: identifiers quoted when PostgreSQL needs it, literals with quotes doubled."""

from tui.sqlquote import ident, literal_or_null, quote_ident, quote_literal, role


def test_identifiers_are_quoted_only_when_needed():
    assert ident("users") == "users"
    assert ident("Users") == '"Users"'  # unquoted it would fold to users
    assert ident("select") == '"select"' and ident("user") == '"user"'
    assert ident('say "hi"') == '"say ""hi"""'
    assert ident("1st") == '"1st"'


def test_names_we_build_are_always_quoted():
    assert quote_ident("db") == '"db"' and quote_ident('a"b') == '"a""b"'


def test_roles_and_literals():
    assert role("PUBLIC") == "PUBLIC" and role("app_user") == "app_user" and role("App") == '"App"'
    assert quote_literal("it's") == "'it''s'"
    assert literal_or_null(None) == "NULL" and literal_or_null("") == "''"
