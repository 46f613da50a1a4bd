"""Consistent copies of the database (SQLite online backup API), mode 0600."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO, Protocol

from netlog.errors import DatabaseError, InvalidValue
from netlog.storage.header import HEADER_SIZE, is_sqlite_header


class OpenDatabase(Protocol):
    """An open database (a :class:`netlog.storage.db.Database`): its file and connection."""

    path: Path
    conn: sqlite3.Connection


def default_backup_path(db_path: Path, day: date) -> Path:
    """``STEM-backup-DAY.db`` next to the database (``-2``, ``-3``… when taken).

    The name is created (empty, 0600, exclusively) here, so two backups the
    same day never share it; the copy then replaces that empty file.
    """
    from netlog.files import reserve_copy

    return reserve_copy(db_path, f"{db_path.stem}-backup-{day.isoformat()}")


def _copy_into(source: sqlite3.Connection, path: Path) -> None:
    """Copy ``source`` into the (new, empty) file ``path`` and verify the copy."""
    dest = sqlite3.connect(path)
    try:
        source.backup(dest)
        ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    if ok != "ok":
        raise DatabaseError(f"the backup copy failed its integrity check: {ok}")


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``source`` to ``target`` (0600) and verify it.

    ``source`` must not be inside a transaction. The copy is made in a
    temporary file next to ``target`` and renamed over it when checked.
    """
    from netlog.files import private_output

    target = target.expanduser()
    if target.exists() and target.is_dir():
        raise DatabaseError(f"{target} is a directory; give a file name")
    try:
        with private_output(target) as tmp:
            _copy_into(source, tmp)
    except sqlite3.Error as exc:
        raise DatabaseError(f"could not write the backup {target}: {exc}") from None
    except InvalidValue as exc:
        raise DatabaseError(f"could not write the backup: {exc}") from None


def backup_to(db: OpenDatabase, target: Path) -> Path:
    copy_database(db.conn, target)
    return target


def backup_before_migration(db: OpenDatabase, version: int) -> Path:
    """Keep a copy of the file as it was before a schema change.

    Called with the write lock held (inside the upgrade's transaction): the
    copy is read through a second connection, which sees the file as it was.
    """
    from netlog.files import new_temp, publish_copy, remove_quietly

    tmp = new_temp(db.path)
    try:
        reader = sqlite3.connect(db.path, timeout=5, isolation_level=None)
        try:
            _copy_into(reader, tmp)
        finally:
            reader.close()
        return publish_copy(tmp, db.path, f"schema{version}")
    except sqlite3.Error as exc:
        raise DatabaseError(f"could not keep a copy before the upgrade: {exc}") from None
    finally:
        remove_quietly(tmp)


def _open_readonly(path: Path) -> sqlite3.Connection:
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, isolation_level=None)


def check_netlog_file(path: Path) -> dict[str, int]:
    """Refuse anything but a healthy netlog database; returns its row counts.

    Checks the SQLite header, netlog's application_id, the schema version (not
    newer than this netlog) and ``PRAGMA integrity_check``. Opens read-only.
    """
    from netlog.storage.migrations import APPLICATION_ID, LATEST

    path = path.expanduser()
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            raise DatabaseError(f"{path} is not a regular file, not a netlog database")
        with path.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
    except FileNotFoundError:
        raise DatabaseError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DatabaseError(f"{path} is a directory, not a netlog database") from None
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if not is_sqlite_header(head):
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
    """Byte copy of ``source`` into the (new, empty) file ``target``."""
    with source.open("rb") as src:
        _copy_from(src, target)


def _copy_from(src: BinaryIO, target: Path) -> None:
    """Byte copy of the open file ``src``, from its start, into the new file ``target``."""
    import shutil

    src.seek(0)
    with target.open("wb") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())


def _in_use(current: Path) -> DatabaseError:
    return DatabaseError(
        f"{current} is in use by another netlog process; nothing was replaced. "
        "Close it and try again"
    )


@contextlib.contextmanager
def _locked(current: Path) -> Iterator[BinaryIO]:
    """Hold ``current`` so no other process can read or write it; yields its bytes.

    The file is taken out of WAL mode (possible only while no other
    connection has it open; tried for about 5 s) and locked with
    ``BEGIN EXCLUSIVE``, so its bytes are the whole database and nobody can
    change them until the block ends. A file SQLite cannot read (damaged) is
    yielded unlocked, to be kept byte for byte.

    The bytes must be read through the yielded file: on POSIX, closing *any*
    descriptor of a file drops every lock the process holds on it, so a copy
    that opened and closed the file itself would let a writer in between the
    copy and the rename, and its write would be in neither file. The yielded
    descriptor is opened before SQLite's and closed after it.
    """
    with current.open("rb") as held:
        try:
            conn = sqlite3.connect(current, isolation_level=None, timeout=0.2)
        except sqlite3.Error:
            yield held
            return
        try:
            _lock_exclusively(conn, current)  # False (damaged): kept as it is, unlocked
            yield held
        finally:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            conn.close()


def _lock_exclusively(conn: sqlite3.Connection, current: Path) -> bool:
    """Take ``current`` out of WAL mode and hold it with ``BEGIN EXCLUSIVE``.

    False for a file SQLite cannot read; raises when other processes keep it
    open for about 5 s.
    """
    deadline = time.monotonic() + 5
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if mode == "delete":
                conn.execute("BEGIN EXCLUSIVE")
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode == "delete" and not _has_wal(current):
                    return True
                conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            text = str(exc).lower()
            if "locked" not in text and "busy" not in text:
                return False
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if time.monotonic() > deadline:
            raise _in_use(current)
        time.sleep(0.005)


def _has_wal(current: Path) -> bool:
    wal = Path(f"{current}-wal")
    return wal.exists() and wal.stat().st_size > 0


def restore_from(source: Path, current: Path) -> tuple[dict[str, int], Path | None]:
    """Replace ``current`` with a checked copy of ``source``; keep the old one first.

    The current file is held exclusively (no other process can read or write
    it) from the moment its copy is taken until the new file is in place, so
    every write another command reported is in the kept copy; while another
    netlog process has the database open, restore refuses. Returns the
    restored file's row counts and where the old database was kept.
    """
    from netlog.files import new_temp, publish_copy, remove_quietly, sweep

    source = source.expanduser()
    current = current.expanduser()
    if current.exists() and not current.is_file():
        raise DatabaseError(f"{current} is not a regular file, not a netlog database")
    if current.exists() and source.resolve() == current.resolve():
        raise DatabaseError(f"{source} is the database in use; give a backup file")
    counts = check_netlog_file(source)
    if current.parent.is_dir():
        sweep(current.parent)
    try:
        staging = new_temp(current)
    except OSError as exc:
        raise DatabaseError(f"could not restore into {current}: {exc.strerror}") from None
    kept: Path | None = None
    keeping: Path | None = None
    try:
        conn = _open_readonly(source)
        try:
            copy_database(conn, staging)
        finally:
            conn.close()
        # In WAL mode before it is in place: the first command to open the
        # restored file need not wait for the lock that switching takes.
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(staging, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            finally:
                conn.close()
        if not (current.exists() and current.stat().st_size > 0):
            os.replace(staging, current)
            return counts, None
        with _locked(current) as held:
            keeping = new_temp(current)
            _copy_from(held, keeping)
            if _has_wal(current):  # a damaged file's log goes with it
                _raw_copy(Path(f"{current}-wal"), Path(f"{keeping}-wal"))
            kept = publish_copy(keeping, current, "before-restore")
            if Path(f"{keeping}-wal").exists():
                os.replace(f"{keeping}-wal", f"{kept}-wal")
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{current}{suffix}").unlink()
            os.replace(staging, current)
    except BaseException as exc:
        if kept is not None:
            remove_quietly(kept)  # nothing was replaced: no copy of it to keep
        if isinstance(exc, OSError):
            raise DatabaseError(f"could not restore into {current}: {exc.strerror}") from None
        raise
    finally:
        remove_quietly(staging)
        if keeping is not None:
            remove_quietly(keeping)
    return counts, kept
