"""Consistent copies of the database (SQLite online backup API), mode 0600."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netlog.errors import DatabaseError

if TYPE_CHECKING:
    from netlog.db import Database


def default_backup_path(db_path: Path, day: date) -> Path:
    base = db_path.with_name(f"{db_path.stem}-backup-{day.isoformat()}.db")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{db_path.stem}-backup-{day.isoformat()}-{n}.db")
    return candidate


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target`` (0600) and verify it."""
    from netlog.db import create_private_file

    target = target.expanduser()
    if target.exists() and target.is_dir():
        raise DatabaseError(f"{target} is a directory; give a file name")
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        create_private_file(tmp)
        dest = sqlite3.connect(tmp)
        try:
            source.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        if ok != "ok":
            raise DatabaseError(f"the backup copy failed its integrity check: {ok}")
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise DatabaseError(f"could not write the backup {target}: {exc}") from None
    except OSError as exc:
        raise DatabaseError(f"could not write the backup {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def backup_to(db: Database, target: Path) -> Path:
    copy_database(db.conn, target)
    return target


def backup_before_migration(db: Database, version: int) -> Path:
    """Keep a copy of the file as it was before a schema change."""
    from netlog.db import now_utc

    stamp = now_utc().replace(":", "").replace("-", "")
    target = db.path.with_name(f"{db.path.stem}-schema{version}-{stamp}.db")
    copy_database(db.conn, target)
    return target
