"""``backup`` and ``restore`` on PostgreSQL: through a local SQLite file.

A backup of a PostgreSQL database is a consistent SQLite snapshot of it (one
REPEATABLE READ read), the same kind of file ``netlog backup`` writes for a
local database, so ``restore`` and ``db copy`` take either. A restore into
PostgreSQL replaces every row in one transaction (all or nothing), after
keeping a snapshot of what was there.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from netlog.errors import DatabaseError

if TYPE_CHECKING:
    from netlog.storage.postgres import PgDatabase


def backup_path(folder: Path, day: date) -> Path:
    """Where a PostgreSQL database's backup goes by default: ``netlog-backup-DAY.db``
    in ``folder`` (the user data folder, where a local database would be)."""
    from netlog.storage.backup import default_backup_path

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return default_backup_path(folder / "netlog.db", day)


def backup(url: str, target: Path) -> dict[str, int]:
    """Write a consistent SQLite snapshot of ``url`` to ``target`` (mode 0600, replaced whole)."""
    from netlog.files import new_temp, remove_quietly
    from netlog.storage.copy import snapshot_to_sqlite

    target = target.expanduser()
    if not target.parent.is_dir():
        raise DatabaseError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        tmp = new_temp(target)
    except OSError as exc:
        raise DatabaseError(f"cannot write {target}: {exc.strerror}") from None
    try:
        report = snapshot_to_sqlite(url, tmp)
        os.replace(tmp, target)
        return report.rows
    finally:
        remove_quietly(tmp)


def restore(source: Path, db: PgDatabase, keep: Path) -> tuple[dict[str, int], Path | None]:
    """Replace the network in ``url`` with the backup file ``source``.

    The file is checked first (a netlog database, healthy, not from a newer
    netlog; an older one is upgraded in a temporary copy); what ``url`` held
    is kept as a snapshot file ``keep`` first (``db`` is the open database). Returns the restored row counts and the
    kept file (None when the database was empty).
    """
    from netlog.storage.backup import check_netlog_file
    from netlog.storage.copy import COPIED_TABLES, replace_postgres
    from netlog.storage.db import open_db

    source = source.expanduser()
    counts = check_netlog_file(source)
    with tempfile.TemporaryDirectory(prefix="netlog-restore-") as folder:
        staging = Path(folder) / "restore.db"
        _copy_file(source, staging)
        open_db(staging).close()  # an older schema is brought up to date here
        kept: Path | None = None
        if _holds_data(db, COPIED_TABLES):
            kept = keep
            backup(db.url, kept)
        replace_postgres(staging, db.url)
    return counts, kept


def _copy_file(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot read {source}: {exc}") from None
    finally:
        src.close()


def _holds_data(db: PgDatabase, tables: tuple[str, ...]) -> bool:
    with db.read() as conn:
        return any(
            conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() is not None
            for t in tables
            if t != "meta"
        )
