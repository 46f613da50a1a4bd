"""What an SQLite database file starts with: the 100-byte header and its magic string."""

from __future__ import annotations

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


def is_sqlite_header(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) is a whole SQLite header."""
    return head.startswith(SQLITE_MAGIC) and len(head) >= HEADER_SIZE
