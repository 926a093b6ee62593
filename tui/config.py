"""The project file (driftdeck.toml): environments, secret references, review/apply/smoke settings.

``load_project(start_dir)`` finds ``driftdeck.toml`` in ``start_dir`` or a parent and
validates it; every problem is one :class:`~tui.errors.DriftdeckError` sentence naming the
file (and line, for TOML syntax). Without a project file, ``DATABASE_URL``,
``STAGING_DATABASE_URL`` and ``PRODUCTION_DATABASE_URL`` become dev, staging and prod.

URLs: ``url = "env:VAR"`` reads the variable when the environment is used; a literal URL
may not contain a password (passwords come from the environment, PGPASSWORD or ~/.pgpass).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.defaults import LOCK_TIMEOUT, STATEMENT_TIMEOUT
from tui.errors import DriftdeckError
from tui.risk import REVIEW_RISKS
from tui.urls import check_url, is_url, looks_like_url, mask_text, url_password

PROJECT_FILE = "driftdeck.toml"
LAYOUTS = ("auto", "plain", "prisma", "supabase", "drizzle", "flyway", "golang-migrate", "dbmate")
RISK_LEVELS = REVIEW_RISKS
RESERVED_ENV_NAMES = ("migrations", "migrations:all")
ZERO_CONFIG = (("dev", "DATABASE_URL", False), ("staging", "STAGING_DATABASE_URL", False), ("prod", "PRODUCTION_DATABASE_URL", True))

_KEYS: dict[str, tuple[str, ...]] = {
    "": ("project", "environments", "review", "apply", "smoke", "critical"),
    "project": ("migrations", "layout", "scratch_url", "name", "history_log"),
    "environment": ("url", "protected", "description"),
    "review": ("pg_version", "fail_on", "ignore", "transaction", "hygiene"),
    "apply": ("lock_timeout", "statement_timeout", "backup_dir", "advisory_lock", "history_log"),
    "smoke": ("name", "sql", "env"),
    "critical": ("tables",),
}


@dataclass(frozen=True)
class Environment:
    """One database in the promotion order. ``url`` is resolved when asked for."""

    name: str
    url_ref: str  # as written: "env:VAR" or a literal URL without password
    protected: bool = False
    description: str = ""

    @property
    def variable(self) -> str | None:
        return self.url_ref[4:] if self.url_ref.startswith("env:") else None

    @property
    def url(self) -> str:
        """The connection URL; raises a one-sentence error when its variable is not set."""
        var = self.variable
        if var is None:
            return self.url_ref
        value = os.environ.get(var, "").strip()
        if not value:
            raise DriftdeckError(f"environment {self.name}: {var} is not set.")
        return check_url(value, f"environment {self.name} ({var})")

    @property
    def display_url(self) -> str:
        """The URL for people: masked, or the variable's name when it is not set."""
        var = self.variable
        raw = self.url_ref if var is None else os.environ.get(var, "").strip()
        return mask_text(raw) if raw else f"${var} (not set)"


@dataclass(frozen=True)
class ReviewSettings:
    pg_version: int | None = None  # None: the newest rules (or the target server's version when known)
    fail_on: str = "high"
    ignore: tuple[str, ...] = ()
    transaction: str = "auto"  # auto (from the layout) | file | none
    hygiene: bool = False


@dataclass(frozen=True)
class ApplySettings:
    lock_timeout: str = LOCK_TIMEOUT
    statement_timeout: str = STATEMENT_TIMEOUT
    backup_dir: Path | None = None
    advisory_lock: bool = True


@dataclass(frozen=True)
class SmokeCheck:
    name: str
    sql: str
    env: str | None = None  # only for this environment, when set


@dataclass(frozen=True)
class Project:
    """A loaded, validated project."""

    root: Path
    file: Path | None = None
    name: str = ""
    migrations: Path | None = None  # None: auto-detect under root
    layout: str = "auto"
    scratch_url_ref: str | None = None
    history_log: Path | None = None  # applied_to_prod.log style file, written on apply when set
    environments: tuple[Environment, ...] = ()
    review: ReviewSettings = field(default_factory=ReviewSettings)
    apply: ApplySettings = field(default_factory=ApplySettings)
    smoke: tuple[SmokeCheck, ...] = ()
    critical_tables: tuple[str, ...] = ()
    demo: bool = False

    @property
    def display_name(self) -> str:
        return self.name or self.root.name

    @property
    def command(self) -> str:
        """How a person runs driftdeck on this project, for the commands a screen suggests (``driftdeck --demo``)."""
        return "driftdeck --demo" if self.demo else "driftdeck"

    def env_names(self) -> list[str]:
        return [e.name for e in self.environments]

    def env(self, name: str) -> Environment:
        """The environment called ``name``; an unknown name gets a did-you-mean sentence."""
        for e in self.environments:
            if e.name == name:
                return e
        if looks_like_url(name):
            check_url(name)  # a PostgreSQL URL is not an environment: one sentence either way
        names = self.env_names()
        if not names:
            raise DriftdeckError(
                f"unknown environment {name}: this project has no environments (add [environments.NAME] to {PROJECT_FILE} or set DATABASE_URL)."
            )
        raise DriftdeckError(f"unknown environment {name}{_did_you_mean(name, names)} (known: {', '.join(names)}).")

    @property
    def scratch_url(self) -> str | None:
        """A server for scratch databases (replays, rehearsals), or None for the embedded one."""
        if not self.scratch_url_ref:
            return None
        if self.scratch_url_ref.startswith("env:"):
            var = self.scratch_url_ref[4:]
            value = os.environ.get(var, "").strip()
            if not value:
                raise DriftdeckError(f"project scratch_url: {var} is not set.")
            return check_url(value, f"project scratch_url ({var})")
        return self.scratch_url_ref


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def find_project_file(start: Path) -> Path | None:
    """``driftdeck.toml`` in ``start`` or the nearest parent, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def load_project(start: Path | str | None = None, *, explicit: bool = False) -> Project:
    """Load the project for ``start`` (default: the current folder).

    ``explicit`` means the user named the folder with ``--project``: it must exist, and the
    search for driftdeck.toml does not go up to parents.
    """
    start = Path(start or os.getcwd())
    if explicit:
        if not start.exists():
            raise DriftdeckError(f"project folder {start} does not exist.")
        if start.is_file():
            if start.name == PROJECT_FILE:
                return parse_project_file(start)
            raise DriftdeckError(
                f"--project {start} is a file, not a folder: pass the folder that holds {PROJECT_FILE} (or will)."
            )
        if not start.is_dir():
            raise DriftdeckError(f"--project {start} is not a folder.")
        candidate = start / PROJECT_FILE
        path = candidate if candidate.is_file() else None
        root = start
    else:
        path = find_project_file(start)
        root = start
    if path is None:
        return zero_config_project(root.resolve())
    return parse_project_file(path)


def zero_config_project(root: Path) -> Project:
    """A project from DATABASE_URL / STAGING_DATABASE_URL / PRODUCTION_DATABASE_URL alone."""
    envs = tuple(
        Environment(name=name, url_ref=f"env:{var}", protected=protected)
        for name, var, protected in ZERO_CONFIG
        if os.environ.get(var, "").strip()
    )
    return Project(root=root, environments=envs)


def parse_project_file(path: Path) -> Project:
    """Read and validate one project file."""
    label = path.name
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DriftdeckError(f"{label}: cannot be read ({err.strerror}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DriftdeckError(f"{label}: is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as err:
        raise DriftdeckError(_toml_error(label, str(err))) from None
    return project_from_dict(data, root=path.parent.resolve(), file=path.resolve(), label=label)


def _toml_error(label: str, message: str) -> str:
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    what = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).strip().rstrip(".")
    if m:
        return f"{label} line {m.group(1)}: invalid TOML: {what[:1].lower() + what[1:]}."
    return f"{label}: invalid TOML: {what}."


def _check_keys(table: dict, kind: str, where: str, label: str) -> None:
    allowed = _KEYS[kind]
    for key in table:
        if key not in allowed:
            place = f" in [{where}]" if where else ""
            raise DriftdeckError(f"{label}: unknown key {key}{place}{_did_you_mean(key, allowed)}.")


def _expect(value: Any, types, what: str, label: str):
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))):
        names = {str: "a string", bool: "true or false", int: "a number", list: "a list", dict: "a table"}
        want = names.get(types if not isinstance(types, tuple) else types[0], "another type")
        raise DriftdeckError(f"{label}: {what} must be {want}.")
    return value


def _url_ref(value: Any, what: str, label: str) -> str:
    _expect(value, str, what, label)
    value = value.strip()
    if not value:
        raise DriftdeckError(f"{label}: {what} is empty.")
    if value.startswith("env:"):
        var = value[4:]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise DriftdeckError(f"{label}: {what} names an invalid environment variable {var!r}.")
        return value
    if not is_url(value):
        raise DriftdeckError(f'{label}: {what} must be a postgres:// URL or "env:VARIABLE" (not {mask_text(value)}).')
    check_url(value, f"{label}: {what}")
    if url_password(value):
        raise DriftdeckError(
            f"{label}: {what} contains a password ({mask_text(value)}): keep passwords out of the project file;"
            ' use url = "env:VAR", PGPASSWORD or ~/.pgpass.'
        )
    return value


def project_from_dict(data: dict, *, root: Path, file: Path | None = None, label: str = PROJECT_FILE) -> Project:
    """Validate parsed TOML and build a :class:`Project`."""
    _check_keys(data, "", "", label)

    proj = _expect(data.get("project", {}), dict, "[project]", label)
    _check_keys(proj, "project", "project", label)
    migrations = None
    if "migrations" in proj:
        m = _expect(proj["migrations"], str, "project.migrations", label).strip()
        if not m:
            raise DriftdeckError(f"{label}: project.migrations is empty.")
        migrations = (root / m).resolve()
    layout = _expect(proj.get("layout", "auto"), str, "project.layout", label)
    if layout not in LAYOUTS:
        raise DriftdeckError(
            f"{label}: unknown layout {layout!r}{_did_you_mean(layout, LAYOUTS)} (one of {', '.join(LAYOUTS)})."
        )
    scratch = _url_ref(proj["scratch_url"], "project.scratch_url", label) if "scratch_url" in proj else None
    history_log = None
    if "history_log" in proj:
        history_log = (root / _expect(proj["history_log"], str, "project.history_log", label)).resolve()
    name = _expect(proj.get("name", ""), str, "project.name", label)

    envs_table = _expect(data.get("environments", {}), dict, "[environments]", label)
    envs: list[Environment] = []
    seen: dict[str, str] = {}
    for env_name, env in envs_table.items():
        if not env_name.strip():
            raise DriftdeckError(f"{label}: an environment has an empty name.")
        if env_name in RESERVED_ENV_NAMES or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", env_name):
            raise DriftdeckError(
                f"{label}: environment name {env_name!r} is not allowed (letters, digits, _ . - ; not 'migrations')."
            )
        if env_name.lower() in seen:
            raise DriftdeckError(f"{label}: environment {env_name} is defined twice (also as {seen[env_name.lower()]}).")
        seen[env_name.lower()] = env_name
        where = f"environments.{env_name}"
        _expect(env, dict, f"[{where}]", label)
        _check_keys(env, "environment", where, label)
        if "url" not in env:
            raise DriftdeckError(f'{label}: environment {env_name} has no url (url = "env:VARIABLE").')
        url = _url_ref(env["url"], f"environment {env_name} url", label)
        protected = _expect(env.get("protected", False), bool, f"{where}.protected", label)
        desc = _expect(env.get("description", ""), str, f"{where}.description", label)
        envs.append(Environment(name=env_name, url_ref=url, protected=protected, description=desc))

    rv = _expect(data.get("review", {}), dict, "[review]", label)
    _check_keys(rv, "review", "review", label)
    pg_version = rv.get("pg_version")
    if pg_version is not None:
        _expect(pg_version, int, "review.pg_version", label)
        if not 9 <= pg_version <= 30:
            raise DriftdeckError(f"{label}: review.pg_version {pg_version} is not a PostgreSQL major version.")
    fail_on = _expect(rv.get("fail_on", "high"), str, "review.fail_on", label)
    if fail_on not in RISK_LEVELS:
        raise DriftdeckError(f"{label}: review.fail_on must be one of {', '.join(RISK_LEVELS)}, not {fail_on!r}.")
    ignore = _expect(rv.get("ignore", []), list, "review.ignore", label)
    for item in ignore:
        _expect(item, str, "review.ignore entries", label)
    transaction = _expect(rv.get("transaction", "auto"), str, "review.transaction", label)
    if transaction not in ("auto", "file", "none"):
        raise DriftdeckError(f"{label}: review.transaction must be auto, file or none, not {transaction!r}.")
    hygiene = _expect(rv.get("hygiene", False), bool, "review.hygiene", label)
    review = ReviewSettings(
        pg_version=pg_version, fail_on=fail_on, ignore=tuple(ignore), transaction=transaction, hygiene=hygiene
    )

    ap = _expect(data.get("apply", {}), dict, "[apply]", label)
    _check_keys(ap, "apply", "apply", label)
    for key in ("lock_timeout", "statement_timeout"):
        if key in ap:
            val = _expect(ap[key], str, f"apply.{key}", label)
            if not re.fullmatch(r"\s*\d+\s*(ms|s|min|h|d)?\s*", val):
                raise DriftdeckError(f"{label}: apply.{key} {val!r} is not a duration like '5s' or '15min'.")
    backup_dir = None
    if "backup_dir" in ap:
        backup_dir = (root / _expect(ap["backup_dir"], str, "apply.backup_dir", label)).expanduser().resolve()
    if "history_log" in ap and history_log is None:
        history_log = (root / _expect(ap["history_log"], str, "apply.history_log", label)).resolve()
    apply = ApplySettings(
        lock_timeout=ap.get("lock_timeout", LOCK_TIMEOUT),
        statement_timeout=ap.get("statement_timeout", STATEMENT_TIMEOUT),
        backup_dir=backup_dir,
        advisory_lock=_expect(ap.get("advisory_lock", True), bool, "apply.advisory_lock", label),
    )

    smoke_list = _expect(data.get("smoke", []), list, "[[smoke]]", label)
    smoke: list[SmokeCheck] = []
    for i, item in enumerate(smoke_list, 1):
        _expect(item, dict, f"smoke check {i}", label)
        _check_keys(item, "smoke", "[smoke]", label)
        if not item.get("name") or not item.get("sql"):
            raise DriftdeckError(f"{label}: smoke check {i} needs both name and sql.")
        env = item.get("env")
        if env is not None and env not in seen.values():
            raise DriftdeckError(f"{label}: smoke check {item['name']!r} names unknown environment {env}.")
        smoke.append(SmokeCheck(name=_expect(item["name"], str, "smoke.name", label), sql=_expect(item["sql"], str, "smoke.sql", label), env=env))

    crit = _expect(data.get("critical", {}), dict, "[critical]", label)
    _check_keys(crit, "critical", "critical", label)
    tables = _expect(crit.get("tables", []), list, "critical.tables", label)
    for t in tables:
        _expect(t, str, "critical.tables entries", label)

    return Project(
        root=root,
        file=file,
        name=name,
        migrations=migrations,
        layout=layout,
        scratch_url_ref=scratch,
        history_log=history_log,
        environments=tuple(envs),
        review=review,
        apply=apply,
        smoke=tuple(smoke),
        critical_tables=tuple(tables),
    )
