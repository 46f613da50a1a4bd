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


def _open_readonly(path: Path) -> sqlite3.Connection:
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)


def check_netlog_file(path: Path) -> dict[str, int]:
    """Refuse anything but a healthy netlog database; returns its row counts.

    Checks the SQLite header, netlog's application_id, the schema version (not
    newer than this netlog) and ``PRAGMA integrity_check``. Opens read-only.
    """
    from netlog.db import SQLITE_MAGIC
    from netlog.migrations import APPLICATION_ID, LATEST

    path = path.expanduser()
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        raise DatabaseError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DatabaseError(f"{path} is a directory, not a netlog database") from None
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if not head.startswith(SQLITE_MAGIC) or len(head) < 100:
        raise DatabaseError(f"{path} is not a netlog database (not an SQLite file)")
    try:
        conn = _open_readonly(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise DatabaseError(f"{path} belongs to another application, not netlog")
            if version > LATEST:
                raise DatabaseError(
                    f"{path} was written by a newer netlog (schema {version}, this one "
                    f"knows {LATEST}); upgrade netlog to restore it"
                )
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise DatabaseError(f"{path} is damaged (integrity check: {ok})")
            counts = {
                table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("contact", "touchpoint")
            }
        finally:
            conn.close()
    except sqlite3.Error:
        raise DatabaseError(f"{path} is damaged or not a netlog database") from None
    return counts


def _raw_copy(source: Path, target: Path) -> None:
    """Byte copy into a new 0600 file (for a current file SQLite cannot read)."""
    import shutil

    from netlog.db import create_private_file

    create_private_file(target)
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst)


def _keep_current(current: Path, keep: Path) -> None:
    """Copy the database about to be replaced; a damaged one byte for byte."""
    try:
        conn = sqlite3.connect(current, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            copy_database(conn, keep)
            return
        finally:
            conn.close()
    except (sqlite3.Error, DatabaseError):
        pass
    try:
        _raw_copy(current, keep)
        wal = Path(f"{current}-wal")
        if wal.exists():
            _raw_copy(wal, Path(f"{keep}-wal"))
    except OSError as exc:
        raise DatabaseError(
            f"could not keep a copy of {current} at {keep}: {exc.strerror}; nothing was replaced"
        ) from None


def _release_wal(current: Path) -> None:
    """Fold the WAL into the file and leave rollback mode, so no -wal outlives it.

    Fails (and nothing is replaced) while another process has the file open.
    """
    try:
        conn = sqlite3.connect(current, isolation_level=None, timeout=5)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise DatabaseError(
                f"{current} is in use by another netlog process; close it and try again"
            )
    except sqlite3.Error as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseError(
                f"{current} is in use by another netlog process; close it and try again"
            ) from None
        # A damaged file: it is kept as a byte copy and replaced as it is.
    finally:
        conn.close()


def restore_from(source: Path, current: Path) -> tuple[dict[str, int], Path | None]:
    """Replace ``current`` with a checked copy of ``source``; keep the old one first.

    Returns the restored file's row counts and where the old database was kept.
    """
    from netlog.db import now_utc

    source = source.expanduser()
    current = current.expanduser()
    if current.exists() and source.resolve() == current.resolve():
        raise DatabaseError(f"{source} is the database in use; give a backup file")
    counts = check_netlog_file(source)
    staging = current.with_name(f".{current.name}.restore-{os.getpid()}")
    try:
        conn = _open_readonly(source)
        try:
            copy_database(conn, staging)
        finally:
            conn.close()
        kept: Path | None = None
        if current.exists() and current.stat().st_size > 0:
            stamp = now_utc().replace(":", "").replace("-", "")
            kept = current.with_name(f"{current.stem}-before-restore-{stamp}.db")
            _keep_current(current, kept)
            _release_wal(current)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{current}{suffix}").unlink()
        os.replace(staging, current)
    except OSError as exc:
        raise DatabaseError(f"could not restore into {current}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
    return counts, kept
