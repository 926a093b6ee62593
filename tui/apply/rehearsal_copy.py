"""Rehearsal copies: the target's schema (optionally its data) in a scratch database of the same major version.

API (what the rehearsal step calls)::

    from tui.apply.rehearsal_copy import rehearsal_copy

    with rehearsal_copy(target_url, label="prod", data_tables=("public.schema_migrations",),
                        scratch_url=project.scratch_url, cancel=token) as copy:
        copy.url              # postgresql://… of the copy (writable; apply the plan there)
        copy.server_version   # major version of the scratch server, e.g. 15
        copy.target_version   # the target's major version
        copy.warnings         # sentences to show (another version used, roles not copied…)
    # leaving the block (or copy.cleanup()) drops the copy; cleanup() may be called twice

- ``with_data=False`` (default): the schema only (``pg_dump -s``), plus the rows of
  ``data_tables`` (pass the migration history tables, so the copy knows what is applied;
  tables that do not exist are skipped). ``with_data=True``: all of the data.
  ``sample_rows=N``: a sample instead — at most N rows of every table (the ``data_tables``
  in full), the rows whose foreign keys point at unsampled rows removed, so every key,
  index and foreign key is restored as on the target (:mod:`tui.pg.sample`).
- The scratch server: ``scratch_url`` when given (checked for the target's extensions with
  ``pg_available_extensions``; another major version is a warning); otherwise a temporary
  server started on this machine (:mod:`tui.pg.scratch_choice`): an installed server of the
  target's version when there is one (the machine's PostgreSQL 15), else the nearest
  embedded one with a warning, always one that has every extension the target uses; when
  none has them, a DriftdeckError names the missing extension and how to set ``scratch_url``.
- On our own scratch server the target's roles are created (NOLOGIN) so owners and grants
  restore as they are; on a ``scratch_url`` server owners and grants are skipped instead.
- ``cancel``: anything with a ``cancelled`` attribute (``tui.apply.events.CancelToken``);
  checked while pg_dump/pg_restore run (they are killed) and between the stages. On any
  failure or cancel the half-built copy is dropped.
- The target is only read (a read-only session and pg_dump).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from tui.errors import DriftdeckError
from tui.pg import dump, scratch_choice
from tui.pg.connect import connect
from tui.pg.server import scratch_server
from tui.sqlquote import quote_ident, quote_literal
from tui.urls import database_name, mask_url, with_database

PREFIX = "driftdeck_rehearsal_"
_LIST_SETTINGS = {"search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries"}


@dataclass
class RehearsalCopy:
    """A scratch database holding a copy of the target; drop it with :meth:`cleanup`."""

    url: str
    server_version: int
    target_version: int
    warnings: tuple[str, ...] = ()
    with_data: bool = False
    sample_rows: int | None = None  # at most this many rows per table (with_data is then False)
    _drop: Callable[[], None] | None = field(default=None, repr=False)

    def cleanup(self) -> None:
        drop, self._drop = self._drop, None
        if drop is not None:
            drop()

    def __enter__(self) -> "RehearsalCopy":
        return self

    def __exit__(self, *exc) -> None:
        self.cleanup()


@dataclass(frozen=True)
class TargetFacts:
    version_num: int
    extensions: tuple[str, ...]
    roles: tuple[str, ...]
    data_tables: tuple[str, ...]  # those of the requested ones that exist
    settings: tuple[str, ...] = ()  # the database's own settings (ALTER DATABASE … SET), "name=value"

    @property
    def major(self) -> int:
        return self.version_num // 10000


def read_target(url: str, label: str, data_tables: Sequence[str] = ()) -> TargetFacts:
    """What a copy needs to know about the target (read-only session)."""
    with connect(url, label=label, read_only=True) as conn:
        version_num = int(conn.execute("show server_version_num").fetchone()[0])
        extensions = tuple(r[0] for r in conn.execute("select extname from pg_extension order by 1"))
        roles = tuple(
            r[0]
            for r in conn.execute(
                "select rolname from pg_roles where rolname !~ '^pg_' order by 1"
            )
        )
        existing = tuple(
            t for t in data_tables if conn.execute("select to_regclass(%s)", (t,)).fetchone()[0] is not None
        )
        settings = tuple(
            r[0]
            for r in conn.execute(
                "select unnest(setconfig) from pg_db_role_setting where setrole = 0"
                " and setdatabase = (select oid from pg_database where datname = current_database())"
            )
            if not r[0].startswith("default_transaction_read_only=")
        )
    return TargetFacts(version_num, extensions, roles, existing, settings)


def rehearsal_copy(
    target_url: str,
    *,
    label: str = "target",
    with_data: bool = False,
    data_tables: Sequence[str] = (),
    scratch_url: str | None = None,
    cancel=None,
    progress: Callable[[str], None] | None = None,
    sample_rows: int | None = None,
) -> RehearsalCopy:
    """Copy the target at ``target_url`` into a new scratch database (see the module docstring)."""
    if sample_rows is not None:
        with_data = False  # the schema dump, then the sample, then keys, indexes and foreign keys
    say = progress or (lambda message: None)
    cancelled = (lambda: bool(getattr(cancel, "cancelled", False))) if cancel is not None else None
    facts = read_target(target_url, label, data_tables)
    warnings: list[str] = []
    name = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    if scratch_url:
        admin = scratch_url if database_name(scratch_url) else with_database(scratch_url, "postgres")
        where = f"scratch server {mask_url(scratch_url)}"
        with connect(admin, label=where) as conn:
            scratch_num = int(conn.execute("show server_version_num").fetchone()[0])
            missing = scratch_choice.missing_on(conn, facts.extensions)
            if missing:
                raise DriftdeckError(
                    f"{where} lacks extension {', '.join(missing)} that {label} uses: point scratch_url at a server that has it."
                )
            conn.execute(f"CREATE DATABASE {quote_ident(name)} TEMPLATE template0")
        scratch_major = scratch_num // 10000
        if scratch_major != facts.major:
            warnings.append(
                f"the scratch server (scratch_url) runs PostgreSQL {scratch_major}, {label} runs {facts.major}: behaviour may differ."
            )
        warnings.append(f"owners and grants are not copied to {where} (its roles may differ from {label}'s).")
        copy_url = with_database(admin, name)
        own_server = False
    else:
        choice = scratch_choice.choose(facts.major, facts.extensions)
        if choice is None:
            raise DriftdeckError(scratch_choice.no_server_sentence(facts.extensions, f"a rehearsal copy of {label}") + ".")
        warnings.extend(choice.notes)
        say(f"starting a PostgreSQL {choice.version} scratch server…")
        server = scratch_server(choice.version)
        scratch_major = choice.version
        admin = server.url()
        copy_url = server.create_database(name)
        own_server = True

    def drop() -> None:
        try:
            with connect(admin, label="scratch server") as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")
        except DriftdeckError:
            pass

    copy = RehearsalCopy(copy_url, scratch_major, facts.major, tuple(warnings), with_data, sample_rows, drop)
    work = Path(tempfile.mkdtemp(prefix="driftdeck-rehearsal-"))
    try:
        if own_server and facts.roles:
            _create_roles(admin, facts.roles)
        _copy_settings(admin, name, facts.settings, warnings)
        programs = dump.client_programs(max(facts.major, scratch_major))
        owner_args = [] if own_server else ["--no-owner", "--no-acl"]
        stages = [("schema and data" if with_data else "schema", [] if with_data else ["--schema-only"])]
        if not with_data and facts.data_tables:
            stages.append(("history rows", ["--data-only", *(f"--table={t}" for t in facts.data_tables)]))
        for i, (what, args) in enumerate(stages):
            file = work / f"stage{i}.dump"
            say(f"copying {label}'s {what} into a scratch database…")
            dump.run(
                programs, "pg_dump", ["--format=custom", "--no-sync", f"--file={file}", *args],
                url=target_url, what=f"copying {label} for the rehearsal", cancelled=cancelled,
            )
            restore_args = ["--exit-on-error", "--single-transaction", *owner_args]
            if sample_rows is not None and i == 0:
                _restore_with_sample(programs, file, restore_args, target_url, copy_url, label, sample_rows,
                                     facts.data_tables, cancelled, say)
                continue
            dump.run(
                programs, "pg_restore", [*restore_args, str(file)],
                url=copy_url, what=f"restoring {label}'s copy for the rehearsal", cancelled=cancelled,
            )
    except BaseException:
        copy.cleanup()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    copy.warnings = tuple(warnings)
    return copy


def _restore_with_sample(programs, file, restore_args, target_url, copy_url, label, limit, whole, cancelled, say) -> None:
    """Tables first, then at most ``limit`` rows of each but the ``whole`` ones (copied in full
    afterwards: the history tables), orphans removed, then keys, indexes, foreign keys."""
    from tui.pg import sample

    what = f"restoring {label}'s copy for the rehearsal"
    dump.run(programs, "pg_restore", [*restore_args, "--section=pre-data", str(file)], url=copy_url, what=what,
             cancelled=cancelled)
    say(f"copying at most {limit} rows of each of {label}'s tables…")
    sample.copy_sample(target_url, copy_url, limit, label=label, skip=whole, cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise dump.DumpCancelled(f"{what}: cancelled.")
    sample.remove_orphans(target_url, copy_url, label=label)
    dump.run(programs, "pg_restore", [*restore_args, "--section=post-data", str(file)], url=copy_url, what=what,
             cancelled=cancelled)


def _copy_settings(admin_url: str, name: str, settings: Sequence[str], warnings: list[str]) -> None:
    """The target database's own settings (search_path…) on the copy, so migrations behave the same."""
    with connect(admin_url, label="scratch server") as conn:
        for setting in settings:
            key, _, value = setting.partition("=")
            if key in _LIST_SETTINGS:  # as pg_dump does: each element of the list its own literal
                parts = [p.strip() for p in re.findall(r'"(?:[^"]|"")*"|[^,]+', value) if p.strip()]
                value_sql = ", ".join(quote_literal(p[1:-1].replace('""', '"') if p.startswith('"') else p) for p in parts)
            else:
                value_sql = quote_literal(value)
            try:
                conn.execute(f"ALTER DATABASE {quote_ident(name)} SET {quote_ident(key)} = {value_sql}")
            except DriftdeckError:
                warnings.append(f"the database setting {key} could not be copied to the rehearsal copy.")


def _create_roles(admin_url: str, roles: Sequence[str]) -> None:
    with connect(admin_url, label="scratch server") as conn:
        have = {r[0] for r in conn.execute("select rolname from pg_roles")}
        for role in roles:
            if role not in have:
                conn.execute(f"CREATE ROLE {quote_ident(role)} NOLOGIN")
