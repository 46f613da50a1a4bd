"""Opening the database file: PRAGMAs, refusing bad files, migrating, transactions.

Uses the standard library's sqlite3 driver so commands start fast; the schema
it creates is the one declared in :mod:`netlog.storage.models` (checked by tests).

Every write runs inside ``BEGIN IMMEDIATE`` so two netlog processes never
deadlock on a read-then-write upgrade; a lock held by another process is
waited for (busy timeout, about 5 s) and then reported clearly. The first
write of a command quick-checks a file not checked recently and refuses a
damaged one; a write refuses too when the path now names another file (a
restore replaced it while the command waited).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from netlog.errors import DatabaseError
from netlog.storage.header import HEADER_SIZE, is_sqlite_header
from netlog.storage.header import SQLITE_MAGIC as SQLITE_MAGIC  # (read by doctor)
from netlog.storage.migrations import APPLICATION_ID, LATEST, create_latest

BUSY_TIMEOUT_MS = 5000
# Before the first write of a command, a file not checked for this long gets
# SQLite's quick check (the time of the last one is the meta row "checked_at").
CHECK_EVERY = timedelta(hours=6)
CHECKED_AT = "checked_at"


def now_utc() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_private_file(path: Path) -> None:
    """Create ``path`` with mode 0600 (and its folder 0700) if it does not exist.

    Through a symbolic link the file it points to is created 0600.
    """
    from netlog.files import create_private

    fd = create_private(path)
    if fd is not None:
        os.close(fd)


def _identity(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _check_regular(path: Path) -> bool:
    """True when ``path`` exists; refuses a folder, FIFO, device or socket at once."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except PermissionError:
        raise DatabaseError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"{path} is a directory, not a netlog database")
    if not stat.S_ISREG(mode):
        raise DatabaseError(
            f"{path} is not a regular file (a pipe, device or socket), not a netlog database"
        )
    return True


def _check_header(path: Path) -> bool:
    """True when the file is empty (new); raises when it is not SQLite."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
    except PermissionError:
        raise DatabaseError(f"cannot read {path}: permission denied") from None
    except IsADirectoryError:
        raise DatabaseError(f"{path} is a directory, not a netlog database") from None
    if not head:
        return True
    if not is_sqlite_header(head):
        raise DatabaseError(f"{path} is not a netlog database (not an SQLite file)")
    return False


def _translate(exc: sqlite3.Error, path: Path) -> DatabaseError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"the database {path} is locked by another netlog process; try again in a moment"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(
            f"{path} is damaged or not a netlog database; run 'netlog doctor' "
            "or restore a backup with 'netlog restore'"
        )
    if "disk" in text and ("full" in text or "i/o" in text):
        return DatabaseError(f"could not write {path}: the disk is full or failing")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"cannot write {path}: the file or its folder is read-only")
    # The engine's words up to the first colon only: what follows may quote data.
    reason = str(exc).split(":", 1)[0].strip() or type(exc).__name__
    return DatabaseError(f"database error on {path}: {reason}; run 'netlog doctor'")


def fold(text: str | None) -> str:
    """Case- and accent-insensitive form of a text ("José" and "jose" fold alike).

    Also registered in SQLite as ``netlog_fold()``, whose ``lower()`` only
    folds ASCII letters.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """``text`` lowered as SQLite's ``lower()`` does: ASCII letters only.

    A statement compares ``lower(column) = ?`` with this on its parameter, so
    that PostgreSQL (whose ``lower()`` of a parameter also lowers ``É``) finds
    exactly what SQLite finds.
    """
    return text.translate(_ASCII_LOWER)


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("netlog_fold", 1, fold, deterministic=True)


class Database:
    """An open netlog database. Use :meth:`write` / :meth:`read` for transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        # Set by the CLI to the running command's name: its writes are then
        # recorded in the change log so ``netlog undo`` can revert them.
        self.command: str | None = None
        # Who makes the changes, where several people share a database
        # (PostgreSQL); a file has one user, so its changes name no one.
        self.author: str | None = None
        self._depth = 0  # nesting of write(): inner ones join the outer transaction
        # The file this connection has open (device, inode): a write refuses
        # when the path now names another file (replaced by a restore).
        self.identity: tuple[int, int] | None = None
        self._checked = False  # the quick check ran (or was not due) in this process
        self._upgrading = False  # an upgrade's check is not recorded in the file

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``); rolled back on any error.

        Inside another :meth:`write` it joins that transaction, so a command
        made of several service calls (``netlog demo``) is still one
        transaction and one change to undo.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        self._depth = 1
        try:
            self._still_the_same_file()
            if not self._checked:
                self._before_first_write(record=not self._upgrading)
            change = None
            if self.command is not None:
                from netlog.storage import changes

                change = changes.open_change(self.conn, self.command, now_utc())
            yield self.conn
            if change is not None:
                changes.close_change(self.conn, change)
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _translate(exc, self.path) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read (a deferred transaction), or part of an open write."""
        if self._depth:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN")
            yield self.conn
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from None
        finally:
            self._rollback()

    def _still_the_same_file(self) -> None:
        if self.identity is None:
            return
        try:
            same = _identity(self.path) == self.identity
        except OSError:
            same = False
        if not same:
            raise DatabaseError(
                f"{self.path} was replaced (by 'netlog restore'?) while this command ran; "
                "nothing was written. Run the command again"
            )

    def _before_first_write(self, *, record: bool = True) -> None:
        """Quick-check a file not checked recently; refuse a damaged one.

        Runs inside the write transaction, before anything is written, so a
        damaged file is left byte for byte as it was. Also removes the
        temporary files a killed netlog left next to the database.
        """
        self._checked = record  # an upgrade's check is repeated (and recorded) by the next write
        from netlog.files import sweep

        sweep(self.path.parent)
        try:
            row = self.conn.execute(
                'SELECT value FROM meta WHERE "key" = ?', (CHECKED_AT,)
            ).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc).lower():
                return  # a new file: nothing in it to check yet
            raise
        now = datetime.now(UTC)
        if row and row[0]:
            try:
                last = datetime.fromisoformat(str(row[0]).replace("Z", "+00:00"))
            except ValueError:
                last = None
            if last is not None and timedelta(0) <= now - last < CHECK_EVERY:
                return
        result = [r[0] for r in self.conn.execute("PRAGMA quick_check(1)")]
        if result != ["ok"]:
            raise DatabaseError(
                f"{self.path} is damaged (SQLite's quick check failed); nothing was written. "
                "Run 'netlog doctor' for what to do (usually 'netlog restore' a backup)"
            )
        if record:
            self.conn.execute(
                'INSERT INTO meta ("key", value) VALUES (?, ?) '
                'ON CONFLICT("key") DO UPDATE SET value = excluded.value',
                (CHECKED_AT, now.strftime("%Y-%m-%dT%H:%M:%SZ")),
            )

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


def open_db(path: Path) -> Database:
    """Open (creating on first use) and migrate the netlog database at ``path``.

    A file that is not SQLite, another application's SQLite file, a damaged
    file or one written by a newer netlog is refused and left untouched; so is
    anything that is not a regular file (a FIFO would hang).
    """
    path = path.expanduser()
    if _check_regular(path):
        is_new = _check_header(path)
    else:
        try:
            create_private_file(path)
        except OSError as exc:
            raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
        _check_regular(path)
        is_new = True
    try:
        before = _identity(path)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from None
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    db = Database(path, conn)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        register_functions(conn)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        db.identity = before
        db._still_the_same_file()
        if not is_new and app_id != APPLICATION_ID:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app_id != 0 or has_tables:
                raise DatabaseError(
                    f"{path} belongs to another application, not netlog; "
                    "choose another file with --db"
                )
        if version > LATEST:
            raise DatabaseError(
                f"{path} was written by a newer netlog (schema {version}, this one knows "
                f"{LATEST}); upgrade netlog to use it"
            )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if version < LATEST:
            _upgrade(db)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _use_wal(db)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        conn.close()
        raise _translate(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return db


def _use_wal(db: Database) -> None:
    """Switch a new file to write-ahead logging.

    The switch needs the file to itself, and SQLite answers "locked" at once,
    without waiting out the busy timeout, when another process is reading it,
    as happens when several commands open a new file together. So the switch
    is tried again until it is done (here or by another process) or the
    timeout has passed.
    """
    import time

    conn = db.conn
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.002
    while True:
        try:
            db._still_the_same_file()
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _upgrade(db: Database) -> None:
    """Bring the file to the latest schema in one write transaction.

    The version is read again once the write lock is held, so several
    processes opening a new or old file at once upgrade it exactly once (the
    others find it done). A file with data is copied aside first.
    """
    db._upgrading = True
    try:
        with db.write() as conn:
            _upgrade_locked(db, conn)
    finally:
        db._upgrading = False


def _upgrade_locked(db: Database, conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= LATEST:
        return
    if version == 0:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or tables:
            raise DatabaseError(
                f"{db.path} belongs to another application, not netlog; "
                "choose another file with --db"
            )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        create_latest(conn, now_utc())  # the models' schema, recorded as every step
        return
    else:
        from netlog.storage.backup import backup_before_migration

        backup_before_migration(db, version)
    from netlog.storage.migrations import STEPS

    for number, (name, statements) in enumerate(STEPS, start=1):
        if number <= version:
            continue
        for statement in statements:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO migration (id, name, applied) VALUES (?, ?, ?)",
            (number, name, now_utc()),
        )
        conn.execute(f"PRAGMA user_version = {number}")
