"""The DB-API-like adapter: the storage's SQLite statements, unchanged, on one PostgreSQL connection.

:class:`PgConnection` runs statements as they are written for SQLite (``?``
and ``:name`` parameters, ``lastrowid``, ``BEGIN IMMEDIATE``, the PRAGMAs
netlog reads), translated once each by :mod:`netlog.storage.pgsql`. Values
come back as sqlite3 gives them: booleans as 0/1 and decimals as floats
(:func:`register_adapters`).

``BEGIN IMMEDIATE`` takes netlog's writer lock (an advisory lock per schema)
inside a READ COMMITTED transaction, so writers queue as they do on a file
and each sees every write committed before it; a plain ``BEGIN`` is a
REPEATABLE READ snapshot (a consistent read).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from netlog.errors import DatabaseError
from netlog.storage import engines, pgsql
from netlog.storage.pgerrors import connection_lost, translate_error

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


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
