"""netlog on PostgreSQL: the engine, opening a database, transactions with retries.

A database given as ``postgresql://…`` (see :mod:`netlog.storage.engines`) is
reached through SQLAlchemy with psycopg 3 (the ``postgres`` extra), with
``hide_parameters=True`` so no value a user typed can end up in an error.
Passwords come from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads the
last two itself) and are never shown: every message names the database by its
redacted URL (:mod:`netlog.storage.pgerrors`).

The storage's statements run through :class:`netlog.storage.pgconn.PgConnection`
as written for SQLite; :class:`PgDatabase` gives it
:class:`netlog.storage.db.Database`'s transactions. :func:`run_transaction`
retries a serialization failure or deadlock a few times, then reports it;
nothing is half-written since each try rolls back.

SQLAlchemy and psycopg are imported by these modules only: never on the SQLite path.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from netlog.errors import DatabaseError, NetlogError
from netlog.storage import engines, pgsql
from netlog.storage.pgconn import PgConnection, PgCursor, lock_sql, register_adapters
from netlog.storage.pgerrors import (
    CONNECT_TIMEOUT_S,
    INSTALL_HINT,
    RETRYABLE,
    PgUnavailable,
    connection_lost,
    require_driver,
    sqlstate,
    translate_error,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

__all__ = [
    "CONNECT_TIMEOUT_S",
    "INSTALL_HINT",
    "LOCK_TIMEOUT_MS",
    "RETRYABLE",
    "RETRY_ATTEMPTS",
    "PgConnection",
    "PgCursor",
    "PgDatabase",
    "PgUnavailable",
    "connect",
    "connection_lost",
    "create_engine",
    "ensure_existing",
    "ensure_schema",
    "lock_sql",
    "open_database",
    "open_db",
    "require_driver",
    "run_transaction",
    "translate_error",
]

# How long a writer waits for another client's write to finish before giving up
# (SQLite's busy timeout is 5 s; a server across a network gets longer).
LOCK_TIMEOUT_MS = 15_000
RETRY_ATTEMPTS = 5

T = TypeVar("T")


# --- the engine ----------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> Any:
    """``url`` as SQLAlchemy's URL for psycopg 3 (``postgresql+psycopg``)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in engines.POSTGRES_SCHEMES:
        raise DatabaseError(f"{engines.redact(text)} is not a PostgreSQL URL")
    try:
        return make_url(f"postgresql+psycopg://{rest}")
    except (ArgumentError, ValueError):
        raise DatabaseError(f"cannot read the database URL {engines.redact(text)}") from None


def create_engine(url: str) -> Engine:
    """A SQLAlchemy engine for ``url`` (psycopg 3, ``hide_parameters``, pre-ping).

    Connecting is left to the first use; each new connection gets netlog's
    value conversions and session settings.
    """
    require_driver()
    from sqlalchemy import create_engine as sa_create_engine
    from sqlalchemy import event

    sa_url = sqlalchemy_url(url)
    connect_args: dict[str, Any] = {"application_name": "netlog"}
    if "connect_timeout" not in sa_url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    engine = sa_create_engine(
        sa_url,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=8,
        connect_args=connect_args,
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    register_adapters(dbapi_connection)
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        dbapi_connection.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        dbapi_connection.execute("SET idle_in_transaction_session_timeout = 0")
    finally:
        dbapi_connection.autocommit = autocommit


def connect(url: str, engine: Engine | None = None) -> PgConnection:
    """An adapter connection to ``url`` (errors already in one line)."""
    return PgConnection(engine or create_engine(url), url)


def run_transaction(
    conn: PgConnection,
    work: Callable[[PgConnection], T],
    *,
    write: bool = True,
    attempts: int = RETRY_ATTEMPTS,
    pause: float = 0.05,
) -> T:
    """Run ``work(conn)`` in one transaction; retry a serialization failure or deadlock.

    Each try starts afresh (the failed one is rolled back, so nothing of it
    stays); after ``attempts`` tries, or on any other error, one clear line.
    """
    for attempt in range(1, attempts + 1):
        during = "BEGIN"
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            during = "work"
            result = work(conn)
            during = "COMMIT"
            conn.execute("COMMIT")
            return result
        except NetlogError:
            _rollback_quietly(conn)
            raise
        except Exception as exc:
            _rollback_quietly(conn)
            if sqlstate(exc) in RETRYABLE and attempt < attempts:
                time.sleep(pause * attempt * (1 + random.random()))
                continue
            if isinstance(exc, pgsql.SqlTranslationError):
                raise
            raise translate_error(exc, conn.url, during=during) from None
        except BaseException:
            _rollback_quietly(conn)
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _rollback_quietly(conn: PgConnection) -> None:
    with contextlib.suppress(Exception):
        conn.execute("ROLLBACK")


# --- opening a database ------------------------------------------------------------------------


def ensure_schema(engine: Engine, url: str, *, backups: Path | None = None) -> int:
    """Create netlog's schema in an empty one, upgrade an older one; refuse another
    application's or a newer one.

    Several clients opening a new or older database at once create or upgrade
    it exactly once (the writers' lock is taken, then the state read again).
    Before an upgrade, the database is kept as a local SQLite file in
    ``backups`` (default: the user data folder); the steps then run in the
    same transaction as their records. Returns the schema version.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from netlog.storage import pgschema
    from netlog.storage.db import now_utc
    from netlog.storage.migrations import APPLICATION_ID, LATEST

    where = engines.redact(url)
    try:
        with engine.connect() as conn:
            app_id, version, _ = pgschema.schema_state(conn)
        if app_id == APPLICATION_ID and version == LATEST:
            return version
        with engine.begin() as conn:
            conn.exec_driver_sql(lock_sql())
            app_id, version, _ = pgschema.schema_state(conn)
            if app_id == -1:
                raise DatabaseError(
                    f"the schema of {where} holds another application's tables, not netlog's; "
                    "give netlog a database or schema of its own"
                )
            if version > LATEST:
                raise DatabaseError(
                    f"{where} was written by a newer netlog (schema {version}, this one knows "
                    f"{LATEST}); upgrade netlog to use it"
                )
            if app_id == 0:
                encoding = conn.exec_driver_sql("SHOW server_encoding").scalar()
                if str(encoding).upper() not in ("UTF8", "UTF-8"):
                    raise DatabaseError(
                        f"{where} uses the encoding {encoding}; netlog needs a UTF8 database "
                        "(createdb -E UTF8 -T template0)"
                    )
                pgschema.create_schema(conn, applied=now_utc())
                return LATEST
            if version < pgschema.FIRST_VERSION:
                raise DatabaseError(
                    f"{where} has netlog's schema {version}, which no netlog made on "
                    "PostgreSQL; copy its network into an empty database with 'netlog db copy'"
                )
            if version < LATEST:
                folder = backups if backups is not None else pgschema.default_folder()
                pgschema.backup_before_upgrade(engine, version, folder)
                pgschema.upgrade(conn, version, applied=now_utc())
                return LATEST
            return version
    except SQLAlchemyError as exc:
        raise translate_error(exc, url) from None


def ensure_existing(engine: Engine, url: str) -> int:
    """Refuse ``url`` unless it holds netlog's schema at this netlog's version (a copy's source)."""
    from sqlalchemy.exc import SQLAlchemyError

    from netlog.storage import pgschema
    from netlog.storage.migrations import LATEST

    where = engines.redact(url)
    try:
        with engine.connect() as conn:
            app_id, version, _ = pgschema.schema_state(conn)
    except SQLAlchemyError as exc:
        raise translate_error(exc, url) from None
    if app_id == 0:
        raise DatabaseError(f"{where} holds no netlog network (its schema is empty)")
    if app_id == -1:
        raise DatabaseError(
            f"the schema of {where} holds another application's tables, not netlog's"
        )
    if version != LATEST:
        newer = version > LATEST
        raise DatabaseError(
            f"{where} has netlog's schema {version}; this netlog knows {LATEST}"
            + (
                "; upgrade netlog to use it"
                if newer
                else "; open it with this netlog once (e.g. 'netlog --db URL due') to "
                "upgrade it, then copy"
            )
        )
    return version


def open_database(url: str, *, backups: Path | None = None) -> PgConnection:
    """Connect to ``url``, creating netlog's schema there on first use (or upgrading it)."""
    engine = create_engine(url)
    ensure_schema(engine, url, backups=backups)
    return PgConnection(engine, url)


class PgDatabase:
    """An open netlog database on PostgreSQL, with :class:`netlog.storage.db.Database`'s
    transactions: :meth:`write` (netlog's writer lock; nested writes join the
    outer one; the change recorded for ``undo`` when :attr:`command` is set) and
    :meth:`read` (one consistent snapshot)."""

    def __init__(self, url: str, conn: PgConnection) -> None:
        self.url = url
        self.path = engines.redact(url)  # what messages name
        self.conn = conn
        self.command: str | None = None
        self._depth = 0
        self._author: str | None = None

    @property
    def author(self) -> str:
        """Who this client is, recorded with each change it makes: the role it connected as.

        Several people may share one schema; ``undo`` then reverts this
        user's own changes (:mod:`netlog.storage.changes`).
        """
        if self._author is None:
            try:
                row = self.conn.execute("SELECT current_user").fetchone()
            except Exception as exc:
                raise translate_error(exc, self.url) from None
            self._author = str(row[0]) if row else ""
        return self._author

    @contextlib.contextmanager
    def write(self) -> Iterator[PgConnection]:
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        during = "BEGIN"
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except Exception as exc:
            raise translate_error(exc, self.url, during=during) from None
        self._depth = 1
        try:
            change = None
            if self.command is not None:
                from netlog.storage import changes
                from netlog.storage.db import now_utc

                change = changes.open_change(
                    _as_sqlite(self.conn), self.command, now_utc(), self.author
                )
            during = "work"
            yield self.conn
            if change is not None:
                changes.close_change(_as_sqlite(self.conn), change, self.author)
            during = "COMMIT"
            self.conn.execute("COMMIT")
        except NetlogError:
            _rollback_quietly(self.conn)
            raise
        except Exception as exc:
            _rollback_quietly(self.conn)
            if isinstance(exc, pgsql.SqlTranslationError):
                raise
            raise translate_error(exc, self.url, during=during) from None
        except BaseException:
            _rollback_quietly(self.conn)
            raise
        finally:
            self._depth = 0

    @contextlib.contextmanager
    def read(self) -> Iterator[PgConnection]:
        if self._depth:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN")
            yield self.conn
        except NetlogError:
            raise
        except Exception as exc:
            if isinstance(exc, pgsql.SqlTranslationError):
                raise
            raise translate_error(exc, self.url) from None
        finally:
            _rollback_quietly(self.conn)

    def close(self) -> None:
        self.conn.close()
        self.conn.engine.dispose()


def _as_sqlite(conn: PgConnection) -> Any:
    """The adapter where the storage's functions are typed for ``sqlite3.Connection``
    (they run on either; a shared protocol type is for the merge to add)."""
    return conn


def open_db(url: str, *, backups: Path | None = None) -> PgDatabase:
    """:func:`netlog.storage.db.open_db` for a PostgreSQL URL (``backups``: where the
    copy kept before a schema upgrade goes; default the user data folder)."""
    return PgDatabase(url, open_database(url, backups=backups))
