"""Values that must never be shown (pure): option values that look secret, passwords in connection strings.

Foreign servers, user mappings and foreign data wrappers take free-form ``OPTIONS (name
'value')``; a value whose option name looks secret (password, secret, token, key, …) is
shown as ``********`` in the drift tree, the JSON and SQL comments. A subscription's
connection string is masked the way every URL is (:func:`tui.urls.mask_text`). The SQL
statements themselves carry SOURCE's real values (``Statement.secrets`` lists them, so the
plan can hide them everywhere except the SQL asked for with ``--format sql``).
"""

from __future__ import annotations

import re

from tui.urls import mask_text

MASK = "********"
_SECRET_NAME = re.compile(r"(?i)pass|secret|token|key|credential|pwd|auth")


def is_secret_option(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def option_secrets(options: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The values of ``(name, value)`` options that look secret."""
    return tuple(v for n, v in options if v and is_secret_option(n))


def masked_options(options: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((n, MASK if v and is_secret_option(n) else v) for n, v in options)


def conninfo_secrets(conninfo: str) -> tuple[str, ...]:
    """Passwords written in a connection string (``password=…`` or ``user:…@``)."""
    found = re.findall(r"(?i)\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&'\"]+)", conninfo)
    found += re.findall(r"://[^:/@\s]+:([^@/\s]+)@", conninfo)
    return tuple(f.strip("'") for f in found if f)


def mask_conninfo(conninfo: str) -> str:
    return mask_text(conninfo)


def hide(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret value replaced by the mask (longest first, so none is left half-shown)."""
    for value in sorted(set(secrets), key=len, reverse=True):
        if value:
            text = text.replace(value, MASK)
            text = text.replace(value.replace("'", "''"), MASK)
    return text
