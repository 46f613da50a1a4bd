"""The names behind shell completion of CONTACT.

Read-only: the file is opened with ``mode=ro``, never created, migrated or
locked, and any problem means no names rather than an error in mid-typing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netlog.storage.db import fold


def active_names(path: Path, typed: str) -> list[str]:
    """The names of the contacts not archived that may hold ``typed``, by id.

    Typed in ASCII (once case-folded), only the names whose folded form (accents and case, as
    names are stored in ``name_key``) holds it: a name can match what was
    typed in ASCII only there. Otherwise every active name, for the caller
    to match word by word.
    """
    if not path.is_file():
        return []
    if typed.casefold().isascii():
        sql = "SELECT name FROM contact WHERE archived = 0 AND instr(name_key, ?) > 0 ORDER BY id"
        params: tuple[str, ...] = (fold(typed),)
    else:
        sql, params = "SELECT name FROM contact WHERE archived = 0 ORDER BY id", ()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
        try:
            return [r[0] for r in conn.execute(sql, params)]
        finally:
            conn.close()
    except sqlite3.Error:
        return []
