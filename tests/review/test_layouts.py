"""Whole, realistic migration files as Prisma, Flyway, golang-migrate, dbmate and Supabase write them."""

from __future__ import annotations

from pathlib import Path

from tui.config import Project, ReviewSettings
from tui.review import options_for, review_sql

PRISMA_INIT = '''-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" "Role" NOT NULL DEFAULT 'USER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
'''

PRISMA_CHANGE = '''/*
  Warnings:

  - You are about to drop the column `name` on the `User` table. All the data in the column will be lost.
  - Added the required column `displayName` to the `User` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "User" DROP COLUMN "name",
ADD COLUMN     "displayName" TEXT NOT NULL;

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
'''

FLYWAY = '''-- V3__order_status.sql
ALTER TABLE orders ADD COLUMN status varchar(20) DEFAULT 'new' NOT NULL;

UPDATE orders SET status = 'shipped' WHERE shipped_at IS NOT NULL;

CREATE INDEX idx_orders_status ON orders(status);
'''

GOLANG_CIC = "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_events_user ON events (user_id);\n"
GOLANG_TX = '''BEGIN;
ALTER TABLE events ADD COLUMN IF NOT EXISTS source text;
ALTER TABLE events ADD CONSTRAINT events_source_check CHECK (source IN ('web', 'api')) NOT VALID;
COMMIT;
'''

DBMATE = '''-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS index_users_on_created_at ON users (created_at);

-- migrate:down
DROP INDEX IF EXISTS index_users_on_created_at;
'''

SUPABASE = '''create table public.profiles (
  id uuid not null references auth.users on delete cascade,
  full_name text,
  avatar_url text,
  primary key (id)
);

alter table public.profiles enable row level security;

create policy "Public profiles are viewable by everyone." on profiles
  for select using ( true );

create policy "Users can update own profile." on profiles
  for update using ( (select auth.uid()) = id );

create function public.handle_new_user()
returns trigger
language plpgsql
security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, full_name, avatar_url)
  values (new.id, new.raw_user_meta_data->>'full_name', new.raw_user_meta_data->>'avatar_url');
  return new;
end;
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute procedure public.handle_new_user();
'''


def opts(layout: str, **review):
    return options_for(Project(root=Path("/nonexistent"), layout=layout, review=ReviewSettings(**review)))


def active(report):
    return sorted({f.rule for f in report.active})


def test_prisma_initial_migration_is_safe():
    report = review_sql(PRISMA_INIT, "prisma/migrations/20240101000000_init/migration.sql", opts("prisma"))
    assert report.verdict == "SAFE TO DEPLOY", active(report)
    assert report.statements and all(s.kind != "syntax-error" for s in report.statements)


def test_prisma_drop_and_required_column_are_blocked():
    report = review_sql(PRISMA_CHANGE, "migration.sql", opts("prisma"))
    assert report.verdict == "BLOCKED"
    rules = active(report)
    for rule in ("drop-column", "add-column-required", "create-index-non-concurrent", "lock-timeout-missing"):
        assert rule in rules
    drop = [f for f in report.findings if f.rule == "drop-column"][0]
    assert drop.line == 9


def test_flyway_backfill_after_ddl_in_its_transaction():
    report = review_sql(FLYWAY, "V3__order_status.sql", opts("flyway", pg_version=16))
    rules = active(report)
    assert "ddl-and-dml-same-transaction" in rules and "bulk-dml" in rules and "create-index-non-concurrent" in rules
    assert "add-column-rewrite" not in rules  # a constant default: no rewrite since PostgreSQL 11


def test_golang_migrate_single_concurrent_index_file_is_fine():
    options = opts("golang-migrate")
    assert options.implicit_transaction and options.single_statement_autocommit
    report = review_sql(GOLANG_CIC, "000004_idx.up.sql", options)
    assert "non-transactional-in-transaction" not in active(report)
    report = review_sql(GOLANG_TX, "000005_source.up.sql", options)
    rules = active(report)
    assert "transaction-nesting" not in rules and "transaction-not-committed" not in rules
    assert "add-constraint-not-valid" in [f.rule for f in report.findings]


def test_dbmate_no_transaction_file_and_down_section():
    report = review_sql(DBMATE, "db/migrations/20240101_idx.sql", opts("dbmate"))
    assert active(report) == ["create-index-concurrently", "lock-timeout-missing", "statement-timeout-missing"]
    assert len(report.statements) == 1


def test_supabase_rls_on_a_new_table_with_a_trigger_function():
    report = review_sql(SUPABASE, "supabase/migrations/20240101_profiles.sql", opts("supabase"))
    rules = active(report)
    assert "authz-change" not in rules  # RLS and policies on the table this file creates
    assert "create-trigger" in rules  # on auth.users, which exists
    assert report.verdict == "REVIEW NEEDED"  # only the missing lock_timeout
    assert [f.rule for f in report.active if f.risk != "low"] == ["lock-timeout-missing"]


def test_transaction_setting_none_and_plain_layout():
    assert opts("flyway", transaction="none").implicit_transaction is False
    plain = opts("plain")
    assert plain.autocommit_non_transactional
    assert not plain.runner_sets_timeouts  # no driftdeck.toml says driftdeck applies it
    assert opts("prisma", ignore=["prefer-text-field"]).ignore == ("prefer-text-field",)
    assert opts("prisma").pg_version == 18 and opts("prisma", pg_version=14).pg_version == 14


def test_auto_layout_is_detected_from_the_folder(tmp_path):
    from tui.review.options import detect_layout

    prisma = tmp_path / "prisma" / "migrations" / "20240101000000_init"
    prisma.mkdir(parents=True)
    (prisma / "migration.sql").write_text(PRISMA_INIT)
    (tmp_path / "prisma" / "migrations" / "migration_lock.toml").write_text('provider = "postgresql"\n')
    project = Project(root=tmp_path)
    assert detect_layout(project) == "prisma"
    options = options_for(project)
    assert options.implicit_transaction and not options.runner_sets_timeouts
    plain = tmp_path / "other"
    (plain / "db" / "migrations").mkdir(parents=True)
    (plain / "db" / "migrations" / "20250101000000_a.sql").write_text("CREATE TABLE a (id int);\n")
    assert not options_for(Project(root=plain)).runner_sets_timeouts  # zero-config: who applies it is unknown
    assert options_for(Project(root=plain, file=plain / "driftdeck.toml")).runner_sets_timeouts


PRISMA_ENUM_REBUILD = '''-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'ADMIN');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'USER';
COMMIT;
'''


def test_prisma_enum_rebuild_needs_review():
    report = review_sql(PRISMA_ENUM_REBUILD, "migration.sql", opts("prisma"))
    assert report.verdict == "REVIEW NEEDED"
    rules = [f.rule for f in report.active]
    assert "change-column-type" in rules and "transaction-nesting" not in rules
    renames = [f for f in report.findings if f.rule == "rename-object"]
    assert len(renames) == 1 and renames[0].line == 6  # renaming the type created in this file is fine
