"""Flyway placeholders: ``${name}`` in migrations, replaced the way Flyway replaces them.

Values come from, later winning: ``flyway.conf`` (``flyway.placeholders.NAME=value``),
``flyway.toml`` (``[flyway.placeholders]`` or ``placeholders.NAME`` under ``[flyway]``) —
found in the migrations folder or a parent, also under ``conf/`` — and the
``FLYWAY_PLACEHOLDERS_NAME`` environment variables. Built-ins: ``${flyway:defaultSchema}``,
``${flyway:table}``, ``${flyway:filename}``, ``${flyway:workingDirectory}``.
``flyway.placeholderReplacement=false`` turns replacement off; ``placeholderPrefix`` /
``placeholderSuffix`` change the markers. A placeholder with no value is a problem naming it
and where to define it (Flyway itself stops on it). Checksums stay those of the file as written.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAMES = ("flyway.conf", "flyway.toml", "conf/flyway.conf", "conf/flyway.toml")
_MAX_PARENTS = 6


@dataclass(frozen=True)
class Placeholders:
    """What the project's Flyway configuration says about placeholders."""

    values: dict[str, str] = field(default_factory=dict)  # lower-case name → value
    enabled: bool = True
    prefix: str = "${"
    suffix: str = "}"
    default_schema: str = "public"
    table: str = "flyway_schema_history"

    def apply(self, text: str, path: Path) -> tuple[str, str | None]:
        """(text with placeholders replaced, None) or (text, problem naming the undefined placeholder)."""
        if not self.enabled or self.prefix not in text:
            return text, None
        pattern = re.compile(re.escape(self.prefix) + r"([A-Za-z0-9_.:\-]+)" + re.escape(self.suffix))
        builtins = {
            "flyway:defaultschema": self.default_schema, "flyway:table": self.table,
            "flyway:filename": path.name, "flyway:workingdirectory": os.getcwd(),
        }
        missing: list[str] = []

        def sub(m: re.Match) -> str:
            key = m.group(1).lower()
            if key in self.values:
                return self.values[key]
            if key in builtins:
                return builtins[key]
            missing.append(m.group(1))
            return m.group(0)

        out = pattern.sub(sub, text)
        if missing:
            name = missing[0]
            env = "FLYWAY_PLACEHOLDERS_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper()
            return text, (
                f"uses placeholder {self.prefix}{name}{self.suffix}, which has no value: define"
                f" flyway.placeholders.{name} in flyway.conf, {name} under [flyway.placeholders] in flyway.toml,"
                f" or set {env}"
            )
        return out, None


def _conf_pairs(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def _toml_pairs(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    flyway = data.get("flyway") if isinstance(data.get("flyway"), dict) else {}
    out: dict[str, str] = {}
    for key, value in flyway.items():
        if key == "placeholders" and isinstance(value, dict):
            out.update({f"flyway.placeholders.{k}": str(v) for k, v in value.items()})
        elif not isinstance(value, (dict, list)):
            out[f"flyway.{key}"] = str(value).lower() if isinstance(value, bool) else str(value)
        elif key == "schemas" and isinstance(value, list) and value:
            out["flyway.schemas"] = ",".join(map(str, value))
    return out


def config_files(folder: Path) -> list[Path]:
    """Flyway configuration files in ``folder`` or its parents (nearest last, so it wins)."""
    found: list[Path] = []
    here = folder.resolve()
    for parent in [here, *here.parents][:_MAX_PARENTS]:
        for name in CONFIG_NAMES:
            candidate = parent / name
            if candidate.is_file():
                found.append(candidate)
    return list(reversed(found))


def load(folder: Path, environ: dict[str, str] | None = None) -> Placeholders:
    """The placeholders for a Flyway migrations folder."""
    environ = os.environ if environ is None else environ
    settings: dict[str, str] = {}
    for path in config_files(folder):
        try:
            settings.update(_toml_pairs(path) if path.suffix == ".toml" else _conf_pairs(path))
        except OSError:
            continue
    values = {k[len("flyway.placeholders."):].lower(): v for k, v in settings.items() if k.startswith("flyway.placeholders.")}
    for key, value in environ.items():
        if key.startswith("FLYWAY_PLACEHOLDERS_") and len(key) > len("FLYWAY_PLACEHOLDERS_"):
            values[key[len("FLYWAY_PLACEHOLDERS_"):].lower()] = value
    enabled = str(environ.get("FLYWAY_PLACEHOLDER_REPLACEMENT", settings.get("flyway.placeholderReplacement", "true"))).lower() != "false"
    schemas = environ.get("FLYWAY_SCHEMAS", settings.get("flyway.schemas", ""))
    default_schema = environ.get("FLYWAY_DEFAULT_SCHEMA", settings.get("flyway.defaultSchema", "")) or (
        schemas.split(",")[0].strip() if schemas.strip() else "public")
    return Placeholders(
        values=values,
        enabled=enabled,
        prefix=settings.get("flyway.placeholderPrefix", "${"),
        suffix=settings.get("flyway.placeholderSuffix", "}"),
        default_schema=default_schema,
        table=environ.get("FLYWAY_TABLE", settings.get("flyway.table", "flyway_schema_history")),
    )
