"""Seed data for the demo databases: thousands of rows, generated in SQL, for whatever tables exist.

Row counts are fixed and the data is deterministic (no random()), so backups, row counts and
smoke checks give the same answers on every build.
"""

from __future__ import annotations

USERS = 2000
SUMMARIES = 5000
EVENTS = 20000


def seed_sql(tables: set[str], columns: set[str]) -> str:
    """INSERT statements for the tables present (``columns`` holds ``table.column`` names)."""
    parts: list[str] = []

    def has(table: str) -> bool:
        return table in tables

    if has("users"):
        full_name = ", full_name" if "users.full_name" in columns else ""
        full_name_val = ", 'User ' || i || ' Example'" if full_name else ""
        # Every user has a plan, also in prod where the backfill migration is still pending: the
        # drift SQL (which adds NOT NULL) must apply to a copy of prod, and nothing invents data.
        plan = "(ARRAY['free','pro','team'])[1 + i % 3]"
        parts.append(
            f"INSERT INTO users (email, display_name, plan, created_at{full_name})"
            f" SELECT 'user' || i || '@example.com', 'user' || i, {plan},"
            f" timestamptz '2024-01-01' + i * interval '3 hours'{full_name_val}"
            f" FROM generate_series(1, {USERS}) AS i"
        )
    if has("summaries"):
        parts.append(
            "INSERT INTO summaries (user_id, title, body, word_count, created_at)"
            " SELECT 1 + i % 2000, 'Summary ' || i, repeat('lorem ipsum ', 1 + i % 40), 2 * (1 + i % 40),"
            " timestamptz '2024-02-01' + i * interval '90 minutes'"
            f" FROM generate_series(1, {SUMMARIES}) AS i"
        )
    if has("share_links"):
        parts.append(
            "INSERT INTO share_links (summary_id, token, expires_at, view_count)"
            " SELECT 1 + i * 3 % 5000, md5('share' || i),"
            " CASE WHEN i % 4 = 0 THEN NULL ELSE timestamptz '2025-06-01' + i * interval '1 hour' END, i % 97"
            " FROM generate_series(1, 1500) AS i"
        )
    if has("usage_events"):
        parts.append(
            "INSERT INTO usage_events (user_id, kind, metadata, occurred_at)"
            " SELECT 1 + i % 2000, (ARRAY['login','summary_created','share_opened'])[1 + i % 3]::event_kind,"
            " json_build_object('source', (ARRAY['web','ios','android'])[1 + i % 3]),"
            " timestamptz '2024-03-01' + i * interval '17 minutes'"
            f" FROM generate_series(1, {EVENTS}) AS i"
        )
    if has("categories"):
        parts.append(
            "INSERT INTO categories (name, position) SELECT c, ord FROM unnest(ARRAY["
            "'Work','Personal','Research','Meetings','Reading','Ideas','Travel','Finance','Health','Learning',"
            "'Projects','Archive']) WITH ORDINALITY AS t(c, ord)"
        )
        parts.append("UPDATE categories SET parent_id = 1 WHERE name IN ('Meetings', 'Projects')")
    if has("tags"):
        parts.append("INSERT INTO tags (name) SELECT 'tag-' || i FROM generate_series(1, 30) AS i")
    if has("summary_tags") and has("summaries") and has("tags"):
        parts.append(
            "INSERT INTO summary_tags (summary_id, tag_id)"
            " SELECT s, 1 + (s * k) % 30 FROM generate_series(1, 2000) AS s, generate_series(1, 2) AS k"
            " ON CONFLICT DO NOTHING"
        )
    if has("user_preferences"):
        parts.append(
            "INSERT INTO user_preferences (user_id, theme, digest_frequency)"
            " SELECT i, (ARRAY['system','light','dark'])[1 + i % 3], (ARRAY['never','daily','weekly'])[1 + i % 3]"
            " FROM generate_series(1, 1200) AS i"
        )
    if "summaries.category_id" in columns and has("categories"):
        parts.append("UPDATE summaries SET category_id = 1 + id % 12 WHERE id % 5 <> 0")
    if has("email_accounts"):
        parts.append(
            "INSERT INTO email_accounts (user_id, address, provider, last_synced_at)"
            " SELECT i, 'user' || i || '@mail.example.com', (ARRAY['gmail','outlook','imap'])[1 + i % 3],"
            " timestamptz '2025-03-10' + i * interval '1 minute' FROM generate_series(1, 300) AS i"
        )
    if has("email_threads"):
        parts.append(
            "INSERT INTO email_threads (account_id, subject, last_message_at, summary_id)"
            " SELECT 1 + i % 300, 'Thread ' || i, timestamptz '2025-03-11' + i * interval '7 minutes',"
            " CASE WHEN i % 6 = 0 THEN 1 + i % 5000 END FROM generate_series(1, 1200) AS i"
        )
    if has("email_messages"):
        parts.append(
            "INSERT INTO email_messages (thread_id, sender, sent_at, body_text)"
            " SELECT 1 + i % 1200, 'sender' || (i % 150) || '@example.org',"
            " timestamptz '2025-03-12' + i * interval '3 minutes', 'Hello ' || i FROM generate_series(1, 5000) AS i"
        )
    if has("email_attachments"):
        parts.append(
            "INSERT INTO email_attachments (message_id, filename, mime_type, size_bytes)"
            " SELECT 1 + i * 6 % 5000, 'file' || i || '.pdf', 'application/pdf', 1024 * (1 + i % 500)"
            " FROM generate_series(1, 800) AS i"
        )
    return ";\n".join(parts) + (";\n" if parts else "")
