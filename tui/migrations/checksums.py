"""The checksum algorithms of each tool, computed exactly as the tool computes them.

- Prisma: sha256 of the bytes of ``migration.sql``, lowercase hex.
- Drizzle: sha256 of the ``.sql`` file's contents, lowercase hex.
- Flyway: CRC32 fed line by line (lines read as Java's ``BufferedReader.readLine`` does:
  ``\\n``, ``\\r`` or ``\\r\\n`` end a line and are not part of it; a UTF-8 BOM on the
  first line is dropped), each line encoded as UTF-8; the result stored as a signed 32-bit int.
- driftdeck's own table: sha256 of the file's bytes, hex.
- Supabase records no checksum but the statements it ran; we compare those (normalized).
"""

from __future__ import annotations

import hashlib
import re
import zlib

from tui.migrations.sqltext import normalize_statement

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def flyway_checksum(text: str) -> int:
    """Flyway's checksum of a script's text (signed 32-bit CRC32 over its lines)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # readLine() returns no empty line after a final line break
    crc = 0
    for line in lines:
        crc = zlib.crc32(line.encode("utf-8"), crc)
    return crc - (1 << 32) if crc >= (1 << 31) else crc


def statements_checksum(statements) -> str:
    """A checksum of recorded statements, insensitive to comments and whitespace (Supabase)."""
    joined = "\n".join(s for s in (normalize_statement(x) for x in statements) if s)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()
