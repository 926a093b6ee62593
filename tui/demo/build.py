"""Builds (once) and reuses the demo: dev, staging and prod databases on the embedded server.

The demo models a small SaaS (users, summaries, share links, usage events, categories,
tags, email integration, preferences). Its migrations live in ``tui/demo/migrations`` and
are copied into a real project folder (``data_dir()/demo/project/db/migrations``) so that
commands like ``new`` write somewhere sensible. dev has every migration applied, staging
most, prod fewer; prod also carries drift that no migration explains (see ``PROD_HOTFIXES``).

The build is atomic: databases are built under temporary names and renamed at the end, and
the marker file that says "built" is written last. A changed migration file or seed script
changes the fingerprint, which triggers a rebuild; ``reset=True`` forces one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from tui.config import ApplySettings, Environment, Project, ReviewSettings, SmokeCheck
from tui.demo import seed as seed_module
from tui.demo.seed import seed_sql
from tui.files import file_lock, write_atomic
from tui.apply.runner import SCRATCH_SETTINGS, run_migrations
from tui.migrations import own_history
from tui.migrations.layouts import plain
from tui.pg.connect import connect
from tui.paths import data_dir
from tui.pg.server import EmbeddedServer, demo_server
from tui.sqlquote import quote_ident

MIGRATIONS = Path(__file__).parent / "migrations"
BUILD_VERSION = "5"  # bump when the build logic (not the files) changes

# How many migrations (in name order) each environment has applied, and who applied them.
APPLIED = {"dev": (12, "alice", 0), "staging": (10, "ci", 1), "prod": (5, "bob", 3)}
ENVIRONMENTS = ("dev", "staging", "prod")

# Changes made by hand in prod that no migration explains.
PROD_HOTFIXES = """
CREATE INDEX users_email_lower_hotfix_idx ON users (lower(email));
ALTER TABLE usage_events ALTER COLUMN metadata DROP DEFAULT;
ALTER TABLE usage_events ALTER COLUMN metadata TYPE json USING metadata::json;
ALTER TABLE usage_events ALTER COLUMN metadata SET DEFAULT '{}'::json;
ALTER TABLE summaries DROP CONSTRAINT summaries_user_id_fkey;
"""

Progress = Callable[[str], None]


def migration_files() -> list[Path]:
    return sorted(MIGRATIONS.glob("*.sql"))


def fingerprint() -> str:
    h = hashlib.sha256(BUILD_VERSION.encode())
    for path in migration_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(Path(seed_module.__file__).read_bytes())
    h.update(PROD_HOTFIXES.encode())
    return h.hexdigest()[:16]


def demo_home() -> Path:
    return data_dir() / "demo"


def _marker() -> Path:
    return demo_home() / "demo.json"


def _apply_files(url: str, paths: list[Path], *, applied_by: str, lag: timedelta) -> None:
    """Apply the migrations with driftdeck's runner (recorded in the history table), then date
    each history row as if it had been applied ``lag`` after the migration was written."""
    migrations = [plain.read_one(path) for path in paths]
    run_migrations(url, migrations, "plain", SCRATCH_SETTINGS, applied_by=applied_by, label="demo database")
    stamps = [
        (datetime.strptime(m.id[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc) + lag, m.id) for m in migrations
    ]
    with connect(url, label="demo database") as conn:
        with conn.cursor() as cur:
            cur.executemany(f"update {own_history.SCHEMA}.{own_history.TABLE} set applied_at = %s where id = %s", stamps)


def _tables(url: str) -> tuple[set[str], set[str]]:
    """Tables and ``table.column`` names of the public schema."""
    with connect(url, label="demo") as conn:
        rows = conn.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'public'"
        ).fetchall()
    return {r[0] for r in rows}, {f"{t}.{c}" for t, c in rows}


def _build_env(server: EmbeddedServer, env: str, progress: Progress) -> None:
    count, who, lag_days = APPLIED[env]
    building = f"{env}__building"
    url = server.create_database(building, replace=True)
    progress(f"demo: building {env} ({count} of {len(migration_files())} migrations)…")
    _apply_files(url, migration_files()[:count], applied_by=who, lag=timedelta(days=lag_days, hours=2))
    if env == "prod":
        with connect(url, label="demo prod") as conn:
            conn.execute(PROD_HOTFIXES)
    with connect(url, label=f"demo {env}") as conn:
        with conn.transaction():
            conn.execute(seed_sql(*_tables(url)))
        conn.execute("ANALYZE")


def _write_project_folder(project_dir: Path) -> None:
    """Copy the migrations into the demo project and write its applied_to_prod.log."""
    folder = project_dir / "db" / "migrations"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for path in migration_files():
        shutil.copy2(path, folder / path.name)
    count, who, lag = APPLIED["prod"]
    lines = ["# file | date | who | description"]
    for path in migration_files()[:count]:
        stamp = datetime.strptime(path.name[:14], "%Y%m%d%H%M%S") + timedelta(days=lag)
        desc = path.read_text().splitlines()[0].lstrip("- ").strip()
        lines.append(f"{path.name} | {stamp:%Y-%m-%d} | {who} | {desc}")
    write_atomic(project_dir / "applied_to_prod.log", "\n".join(lines) + "\n")


def build(server: EmbeddedServer, progress: Progress) -> None:
    """Build all three databases from scratch, then swap them in and write the marker."""
    _marker().unlink(missing_ok=True)
    for env in ENVIRONMENTS:
        _build_env(server, env, progress)
    with connect(server.url(), label="embedded server") as conn:
        for env in ENVIRONMENTS:
            conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(env)} WITH (FORCE)")
            conn.execute(f"ALTER DATABASE {quote_ident(env + '__building')} RENAME TO {quote_ident(env)}")
    _write_project_folder(demo_home() / "project")
    write_atomic(_marker(), json.dumps({"fingerprint": fingerprint(), "built_at": datetime.now(timezone.utc).isoformat()}))


def is_built(server: EmbeddedServer) -> bool:
    try:
        marker = json.loads(_marker().read_text())
    except (OSError, ValueError):
        return False
    if marker.get("fingerprint") != fingerprint():
        return False
    existing = set(server.databases())
    return all(env in existing for env in ENVIRONMENTS) and (demo_home() / "project" / "db" / "migrations").is_dir()


def demo_project(server: EmbeddedServer) -> Project:
    """The demo as a :class:`Project` (URLs point at the embedded server's socket; no password)."""
    home = demo_home()
    root = home / "project"
    return Project(
        root=root,
        name="demo: acme-notes",
        migrations=root / "db" / "migrations",
        layout="plain",
        history_log=root / "applied_to_prod.log",
        environments=tuple(
            Environment(name=env, url_ref=server.url(env), protected=(env == "prod"), description=desc)
            for env, desc in (("dev", "developers' database"), ("staging", "pre-production"), ("prod", "production"))
        ),
        review=ReviewSettings(pg_version=server.version),
        apply=ApplySettings(backup_dir=home / "backups"),
        smoke=(
            SmokeCheck("users still there", "select count(*) > 0 from users"),
            SmokeCheck(
                "every summary has an author",
                "select count(*) = 0 from summaries s left join users u on u.id = s.user_id where u.id is null",
            ),
            SmokeCheck("recent usage events", "select count(*) > 0 from usage_events"),
        ),
        critical_tables=("users", "summaries"),
        demo=True,
    )


def ensure_demo(*, reset: bool = False, progress: Progress | None = None) -> Project:
    """Start the demo server, build the demo if needed (or if ``reset``), and return its project."""
    progress = progress or (lambda message: None)
    demo_home().mkdir(parents=True, exist_ok=True)
    # Two `driftdeck --demo` started at once: the second waits here, then finds the demo built.
    with file_lock(demo_home() / "demo.lock"):
        server = demo_server()
        if reset or not is_built(server):
            progress("demo: building dev, staging and prod on the embedded PostgreSQL server (once)…")
            build(server, progress)
            progress("demo: ready.")
    return demo_project(server)
