"""netlog on PostgreSQL: the engine, one-line errors, transactions and a DB-API-like adapter.

A database given as ``postgresql://…`` (see :mod:`netlog.storage.engines`) is
reached through SQLAlchemy with psycopg 3 (the ``postgres`` extra), with
``hide_parameters=True`` so no value a user typed can end up in an error.
Passwords come from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads the
last two itself) and are never shown: every message names the database by its
redacted URL.

:class:`PgConnection` runs the storage's statements as they are written for
SQLite (``?`` and ``:name`` parameters, ``lastrowid``, ``BEGIN IMMEDIATE``,
the PRAGMAs netlog reads), translated once each by :mod:`netlog.storage.pgsql`.
Values come back as SQLite gives them: booleans as 0/1 and decimals as floats.

Transactions follow SQLite's: ``BEGIN IMMEDIATE`` takes netlog's writer lock
(an advisory lock per schema) inside a READ COMMITTED transaction, so writers
queue as they do on a file and each sees every write committed before it;
a plain ``BEGIN`` is a REPEATABLE READ snapshot (a consistent read).
:func:`run_transaction` retries a serialization failure or deadlock a few
times, then reports it; nothing is half-written since each try rolls back.

SQLAlchemy and psycopg are imported here only: never on the SQLite path.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from netlog.errors import DatabaseError, NetlogError
from netlog.storage import engines, pgsql

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

INSTALL_HINT = "pip install 'netlog[postgres]'"
CONNECT_TIMEOUT_S = 10
# How long a writer waits for another client's write to finish before giving up
# (SQLite's busy timeout is 5 s; a server across a network gets longer).
LOCK_TIMEOUT_MS = 15_000
RETRY_ATTEMPTS = 5
# Serialization failure and deadlock: the transaction can simply run again.
RETRYABLE = frozenset({"40001", "40P01"})

T = TypeVar("T")


class PgUnavailable(NetlogError):
    """The postgres extra (psycopg, SQLAlchemy) is not installed."""


def require_driver() -> None:
    """Refuse, in one line, when the postgres extra is missing."""
    try:
        import psycopg  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable(
            f"PostgreSQL support needs the postgres extra ({exc.name} is missing): {INSTALL_HINT}"
        ) from None


# --- errors ------------------------------------------------------------------------


def _sqlstate(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None)
    if state is None:
        orig = getattr(exc, "orig", None)  # a SQLAlchemy wrapper
        state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def _driver_text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc)


def connection_lost(exc: BaseException) -> bool:
    """True when the error means the connection to the server is gone."""
    state = _sqlstate(exc) or ""
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return True
    text = _driver_text(exc).lower()
    return any(
        words in text
        for words in (
            "server closed the connection",
            "terminating connection",
            "connection is closed",
            "the connection is lost",
            "consuming input failed",
            "connection not open",
            "connection is bad",
            "no connection to the server",
            "ssl syscall error",
            "server conn crashed",
        )
    )


def translate_error(exc: BaseException, url: str, *, during: str = "") -> NetlogError:
    """One line for ``exc``, naming the database by its redacted URL; no password, no data.

    ``during`` is the statement's verb, so that a connection lost on COMMIT
    says the change may or may not have been saved.
    """
    if isinstance(exc, NetlogError):
        return exc
    where = engines.redact(url)
    state = _sqlstate(exc) or ""
    text = engines.scrub(_driver_text(exc), url)
    low = text.lower()
    if "password authentication failed" in low or state == "28P01":
        return DatabaseError(
            f"PostgreSQL refused the password for {where}; check the password in the URL, "
            "PGPASSWORD or ~/.pgpass"
        )
    if "no password supplied" in low or "password is required" in low:
        return DatabaseError(
            f"PostgreSQL asks for a password for {where}; give it in PGPASSWORD or ~/.pgpass"
        )
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return DatabaseError(
            f"the database in {where} does not exist on that server; create it "
            "(createdb) or check the URL"
        )
    if state == "28000" and "role" in low:
        return DatabaseError(f"the PostgreSQL user in {where} does not exist; check the URL")
    if "pg_hba.conf" in low or state == "28000":
        return DatabaseError(
            f"the PostgreSQL server does not let this machine or user in ({where}); "
            "its pg_hba.conf decides"
        )
    if state == "42501":
        return DatabaseError(
            f"the PostgreSQL user has no right to do this in {where} (permission denied); "
            "ask the server's administrator"
        )
    if state == "55P03" or "lock timeout" in low:
        return DatabaseError(
            f"the database {where} is busy with another netlog client's change; nothing "
            "was written. Try again in a moment"
        )
    if state in RETRYABLE:
        return DatabaseError(
            f"the database {where} kept conflicting with other clients' changes; nothing "
            "was written. Try again"
        )
    if state == "53300" or "too many clients" in low or "remaining connection slots" in low:
        return DatabaseError(f"the PostgreSQL server for {where} has no free connection; try again")
    if connection_lost(exc):
        if during == "COMMIT":
            return DatabaseError(
                f"the connection to {where} was lost while saving; the change may or may not "
                "have been written (the server restarted?). Check with 'netlog undo --list'"
            )
        return DatabaseError(
            f"lost the connection to {where} (the server restarted or went away); nothing "
            "was written. Run the command again"
        )
    if _is_unreachable(low):
        return DatabaseError(f"cannot reach the PostgreSQL server for {where}: {_reason(low)}")
    if state.startswith("23"):
        return DatabaseError(
            f"the database {where} refused a change that breaks one of its rules "
            f"({_first_words(text)}); run 'netlog doctor'"
        )
    if not state:
        return DatabaseError(f"cannot use the PostgreSQL database {where}: {_first_words(text)}")
    return DatabaseError(
        f"database error on {where}: {_first_words(text)} (SQLSTATE {state}); run 'netlog doctor'"
    )


def _is_unreachable(low: str) -> bool:
    return any(
        words in low
        for words in (
            "connection refused",
            "could not translate host name",
            "name or service not known",
            "timeout expired",
            "timed out",
            "no route to host",
            "network is unreachable",
            "no such file or directory",
            "could not connect",
            "connection to server",
        )
    )


def _reason(low: str) -> str:
    if "connection refused" in low or "no such file or directory" in low:
        return "nothing answers there (is the server running, and is the host and port right?)"
    if "could not translate host name" in low or "name or service not known" in low:
        return "the host name is unknown"
    if "timeout" in low or "timed out" in low:
        return f"no answer within {CONNECT_TIMEOUT_S} s"
    if "no route to host" in low or "network is unreachable" in low:
        return "the network has no way there"
    return "the connection failed"


def _first_words(text: str) -> str:
    """The driver's first line up to its first colon: what follows may quote data."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    for prefix in ("FATAL:", "ERROR:"):
        if line.startswith(prefix):
            line = line[len(prefix) :].strip()
    return line.split(":", 1)[0].strip().rstrip(".") or "unknown error"


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


def register_adapters(conn: Any) -> None:
    """Values as SQLite gives and takes them, on one psycopg connection.

    Booleans and decimals are read as ints 0/1 and floats; the ints 0 and 1
    are sent untyped, so that the server reads them as whatever the column is
    (SQLite's booleans are 0 and 1: ``INSERT … (core) VALUES (?)`` with 1).
    """
    import psycopg
    from psycopg.adapt import Dumper, Loader, PyFormat

    base = psycopg.adapters.get_dumper(int, PyFormat.TEXT)

    class UntypedBit(Dumper):
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

        def quote(self, obj: Any) -> bytes:  # in SQL text (FETCH FORWARD 1): a number
            return self.dump(obj)

    class SqliteInt(Dumper):
        def __init__(self, cls: type, context: Any = None) -> None:
            super().__init__(cls, context)
            self._int = base(int, context)
            self._bit = UntypedBit(int, context)

        def dump(self, obj: Any) -> bytes:  # pragma: no cover - dispatcher only
            raise TypeError("a dispatcher: upgrade() picks the dumper")

        def get_key(self, obj: Any, format: PyFormat) -> Any:
            if obj == 0 or obj == 1:
                return (int, UntypedBit)
            return self._int.get_key(obj, format)

        def upgrade(self, obj: Any, format: PyFormat) -> Any:
            if obj == 0 or obj == 1:
                return self._bit
            return self._int.upgrade(obj, format)

    class BoolAsInt(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    class NumericAsFloat(Loader):
        def load(self, data: Any) -> float:
            return float(bytes(data).decode())

    conn.adapters.register_dumper(int, SqliteInt)
    conn.adapters.register_loader("bool", BoolAsInt)
    conn.adapters.register_loader("numeric", NumericAsFloat)


def lock_sql() -> str:
    """The statement that takes netlog's writer lock for the current schema."""
    from netlog.storage.pgschema import LOCK_CLASS

    return f"SELECT pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_schema()))"


# --- the adapter -----------------------------------------------------------------------------


class _Rows:
    """A finished cursor's rows, for PRAGMA answers and INSERTs that were given RETURNING."""

    def __init__(self, rows: list[tuple[Any, ...]], description: Any = (("value",),)) -> None:
        self._rows = rows
        self._at = 0
        self.description = description

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows = self._rows[self._at :]
        self._at = len(self._rows)
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._at = len(self._rows)


class PgCursor:
    """What ``conn.execute(…)`` returns: rows, ``lastrowid``, ``rowcount``, like sqlite3's."""

    def __init__(self, source: Any, *, lastrowid: int | None = None, rowcount: int = -1) -> None:
        self._source = source
        self.lastrowid = lastrowid
        self.rowcount = rowcount

    @property
    def description(self) -> Any:
        return self._source.description if self._source is not None else None

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._source is None or self._source.description is None:
            return None
        row: tuple[Any, ...] | None = self._source.fetchone()
        return row

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._source is None or self._source.description is None:
            return []
        rows: list[tuple[Any, ...]] = self._source.fetchall()
        return rows

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        out = []
        for _ in range(size):
            row = self.fetchone()
            if row is None:
                break
            out.append(row)
        return out

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        if self._source is not None:
            self._source.close()


Params = Sequence[Any] | Mapping[str, Any] | None


class PgConnection:
    """One PostgreSQL connection that takes the storage's SQLite statements unchanged.

    ``execute``/``executemany`` return :class:`PgCursor`; transactions are
    explicit (``BEGIN``…``COMMIT``), as with ``sqlite3`` in autocommit mode
    (``isolation_level=None``), which is how netlog opens its files.
    """

    def __init__(self, engine: Engine, url: str, *, id_tables: Iterable[str] | None = None) -> None:
        from netlog.storage.pgschema import ROWID_TABLES

        self.engine = engine
        self.url = url
        self.id_tables = frozenset(ROWID_TABLES if id_tables is None else id_tables)
        self._proxy: Any = None
        self._conn: Any = None
        self._connect()

    # connection ---------------------------------------------------------------

    def _connect(self) -> None:
        try:
            proxy = self.engine.raw_connection()
        except Exception as exc:  # SQLAlchemy wraps the driver's error
            raise translate_error(exc, self.url) from None
        conn = proxy.driver_connection
        assert conn is not None
        try:
            conn.rollback()
            conn.autocommit = True
        except Exception as exc:
            proxy.invalidate()
            raise translate_error(exc, self.url) from None
        self._proxy, self._conn = proxy, conn

    def _reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self._proxy.invalidate()
        self._proxy = self._conn = None
        self._connect()

    @property
    def driver(self) -> Any:
        """The psycopg connection underneath (for COPY and the like)."""
        return self._conn

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        if self._conn is None or self._conn.closed:
            return False
        return bool(self._conn.info.transaction_status != TransactionStatus.IDLE)

    def close(self) -> None:
        if self._proxy is None:
            return
        try:
            if self.in_transaction:
                self._conn.execute("ROLLBACK")
            self._conn.autocommit = False
            self._proxy.close()
        except Exception:
            with contextlib.suppress(Exception):
                self._proxy.invalidate()
        finally:
            self._proxy = self._conn = None

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # statements -----------------------------------------------------------------

    def _raw(self, sql: str, values: Sequence[Any] = ()) -> Any:
        import psycopg

        if self._conn is None:
            raise DatabaseError(f"the connection to {engines.redact(self.url)} is closed")
        cursor = psycopg.RawCursor(self._conn)
        cursor.execute(sql.encode(), list(values) if values else None)
        return cursor

    def execute(self, sql: str, params: Params = None) -> PgCursor:
        form = pgsql.shape(sql)
        if (
            form.verb in ("BEGIN", "COMMIT", "END", "ROLLBACK")
            and form.words[1:2] != ("TO",)  # ROLLBACK TO SAVEPOINT runs as it is
            and not params
        ):
            return self._transaction_statement(form)
        if form.verb == "PRAGMA":
            return PgCursor(_Rows(self._pragma(sql)))
        translated = pgsql.translate(sql)
        values = translated.values(params)
        wants_id = (
            form.verb == "INSERT" and not form.returning and form.insert_table in self.id_tables
        )
        text = translated.sql + (" RETURNING id" if wants_id else "")
        cursor = self._raw(text, values)
        if wants_id:
            row = cursor.fetchone()
            rowcount = cursor.rowcount
            cursor.close()
            return PgCursor(None, lastrowid=row[0] if row else None, rowcount=rowcount)
        rowcount = -1 if cursor.description is not None else cursor.rowcount
        return PgCursor(cursor, rowcount=rowcount)

    def executemany(self, sql: str, seq_of_params: Iterable[Params]) -> PgCursor:
        import psycopg

        translated = pgsql.translate(sql)
        rows = [translated.values(p) for p in seq_of_params]
        if self._conn is None:
            raise DatabaseError(f"the connection to {engines.redact(self.url)} is closed")
        cursor = psycopg.RawCursor(self._conn)
        if rows:
            cursor.executemany(translated.sql.encode(), rows)
        return PgCursor(None, rowcount=cursor.rowcount if rows else 0)

    def _transaction_statement(self, form: pgsql.Shape) -> PgCursor:
        verb = form.verb
        if verb in ("COMMIT", "END"):
            self._raw("COMMIT")
        elif verb == "ROLLBACK":
            if self.in_transaction:
                self._raw("ROLLBACK")
        else:
            kind = form.words[1] if len(form.words) > 1 else "DEFERRED"
            self._begin(write=kind in ("IMMEDIATE", "EXCLUSIVE"))
        return PgCursor(None)

    def _begin(self, *, write: bool) -> None:
        """Start a transaction; a connection the server dropped since is opened again once."""
        for attempt in (1, 2):
            try:
                if write:
                    self._raw("BEGIN ISOLATION LEVEL READ COMMITTED")
                    self._raw(lock_sql())
                else:
                    self._raw("BEGIN ISOLATION LEVEL REPEATABLE READ")
                return
            except Exception as exc:
                if attempt == 1 and connection_lost(exc):
                    self._reconnect()
                    continue
                with contextlib.suppress(Exception):
                    if self.in_transaction:
                        self._raw("ROLLBACK")
                raise

    # PRAGMAs netlog reads or sets, answered as SQLite would -------------------------------

    def _pragma(self, sql: str) -> list[tuple[Any, ...]]:
        from netlog.storage.pgschema import schema_state_raw

        body = sql.strip().rstrip(";")[len("PRAGMA") :].strip()
        name, _, value = body.partition("=")
        name, value = name.strip().lower(), value.strip()
        argument = None
        if "(" in name:
            name, _, rest = name.partition("(")
            argument = rest.rstrip(")").strip().strip("\"'")
        if name == "table_info" and argument:
            return [
                tuple(r)
                for r in self._raw(
                    "SELECT ordinal_position - 1, column_name, data_type, "
                    "CAST(is_nullable = 'NO' AS integer), column_default, 0 "
                    "FROM information_schema.columns WHERE table_schema = current_schema() "
                    "AND table_name = $1 ORDER BY ordinal_position",
                    [argument.lower()],
                ).fetchall()
            ]
        if name in ("user_version", "application_id") and not value:
            app_id, version, _ = schema_state_raw(self)
            return [(version if name == "user_version" else max(app_id, 0),)]
        if name in ("quick_check", "integrity_check"):
            return [("ok",)]
        if name == "foreign_key_check":
            return []  # PostgreSQL enforces foreign keys on every write
        if name == "defer_foreign_keys":
            if value.lower() in ("on", "1", "true", "yes"):
                self._raw("SET CONSTRAINTS ALL DEFERRED")
            return []
        if name == "journal_mode":
            return [("wal",)]
        if name in (
            "busy_timeout",
            "foreign_keys",
            "secure_delete",
            "synchronous",
            "user_version",
            "application_id",
        ):
            return []  # nothing to set: the server has its own (see netlog.storage.pgschema)
        raise pgsql.SqlTranslationError(f"internal: PRAGMA {name} has no PostgreSQL form")


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
            if _sqlstate(exc) in RETRYABLE and attempt < attempts:
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


def ensure_schema(engine: Engine, url: str) -> int:
    """Create netlog's schema in an empty one; refuse another application's or a newer one.

    Several clients opening a new database at once create it exactly once
    (the writers' lock is taken, then the state read again). Returns the
    schema version.
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
            if version < LATEST:
                raise DatabaseError(
                    f"{where} has netlog's schema {version}; this netlog cannot upgrade it "
                    f"to {LATEST} on PostgreSQL yet"
                )
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
            + ("; upgrade netlog to use it" if newer else "")
        )
    return version


def open_database(url: str) -> PgConnection:
    """Connect to ``url``, creating netlog's schema there on first use."""
    engine = create_engine(url)
    ensure_schema(engine, url)
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

                change = changes.open_change(_as_sqlite(self.conn), self.command, now_utc())
            during = "work"
            yield self.conn
            if change is not None:
                changes.close_change(_as_sqlite(self.conn), change)
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


def open_db(url: str) -> PgDatabase:
    """:func:`netlog.storage.db.open_db` for a PostgreSQL URL."""
    return PgDatabase(url, open_database(url))
