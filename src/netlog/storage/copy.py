"""``netlog db copy SRC DEST``: a whole network from one engine to the other.

Either side is an SQLite file or a PostgreSQL URL. Every table the models
declare is copied with SQLAlchemy Core over the models' tables: contacts,
touchpoints, activities, letters, skips, follow-ups, meta and the undo history
(the change open at the moment, if any, is not: it belongs to a running
command). Ids are kept, so ``#3`` is the same person on both sides.

The source is read in one snapshot (REPEATABLE READ on PostgreSQL, one read
transaction on SQLite), the destination written in one transaction; the row
counts are compared before it commits, so a copy is whole or not at all. A
destination that already holds data is refused. An SQLite destination is
built in a temporary file next to it and renamed into place once verified.

:func:`snapshot_to_sqlite` is the same copy from PostgreSQL into a new local
SQLite file, which ``netlog restore`` and ``netlog db copy`` accept: the
backup of a PostgreSQL database.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netlog.errors import DatabaseError, NetlogError
from netlog.storage import engines
from netlog.storage.columns import COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine

# Every table the models declare, in their order (parents before children, which
# tests/test_pg_copy.py checks against the foreign keys), except the destination's
# own schema steps and the transient change_open.
COPIED_TABLES = tuple(t for t in COLUMNS if t not in {"migration", "change_open"})
# Data a new, empty netlog database already holds: its own schema steps and
# the time of its last check. Neither makes a destination "not empty".
_OWN_META = frozenset({"checked_at"})
CHUNK = 1000


@dataclass
class CopyReport:
    """What was copied: rows per table, the source and destination as shown to a user."""

    source: str
    destination: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _shown(where: str | Path) -> str:
    return engines.redact(where) if isinstance(where, str) else str(where)


def _tables() -> dict[str, Table]:
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (declares the tables)

    return {name: SQLModel.metadata.tables[name] for name in COPIED_TABLES}


# --- opening each side ---------------------------------------------------------------------


def _sqlite_engine(path: Path, *, readonly: bool) -> Engine:
    import sqlite3
    from urllib.parse import quote

    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    uri = f"file:{quote(str(path))}" + ("?mode=ro" if readonly else "")

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5)
        from netlog.storage.db import register_functions

        register_functions(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:  # pysqlite's own BEGIN is deferred until a write
        conn.exec_driver_sql("BEGIN IMMEDIATE" if not readonly else "BEGIN")

    return engine


def _check_sqlite_source(path: Path) -> None:
    from netlog.storage.backup import check_netlog_file
    from netlog.storage.migrations import LATEST

    check_netlog_file(path)
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version != LATEST:
        raise DatabaseError(
            f"{path} has netlog's schema {version}, not {LATEST}; open it with this netlog "
            "once (any command, e.g. 'netlog --db FILE due') to upgrade it, then copy"
        )


def _rows_in(conn: Connection, tables: dict[str, Table]) -> dict[str, int]:
    from sqlalchemy import func, select

    return {
        name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in tables.items()
    }


def _holds_data(conn: Connection, tables: dict[str, Table]) -> bool:
    from sqlalchemy import func, select

    for name, table in tables.items():
        query = select(func.count()).select_from(table)
        if name == "meta":
            query = query.where(table.c.key.not_in(sorted(_OWN_META)))
        if conn.execute(query).scalar_one():
            return True
    return False


# --- copying -------------------------------------------------------------------------------


def _coerce(table: Table, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A source row as the destination's columns take it (SQLite stores any value anywhere)."""
    from sqlalchemy import Boolean, Integer, String

    out: dict[str, Any] = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None:
            kind = getattr(column.type, "impl_instance", column.type)  # SQLModel's AutoString
            try:
                if isinstance(kind, Boolean):
                    value = bool(int(value))
                elif isinstance(kind, Integer) and not isinstance(value, int):
                    value = int(value)
                elif isinstance(kind, String) and not isinstance(value, str):
                    value = (
                        value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                    )
            except (TypeError, ValueError):
                key = row.get("id", row.get("key"))
                raise DatabaseError(
                    f"{name} #{key} holds a value in {column.name} the destination cannot "
                    "store; run 'netlog doctor' on the source first"
                ) from None
        out[column.name] = value
    return out


def _copy_rows(source: Connection, dest: Connection, tables: dict[str, Table]) -> dict[str, int]:
    from sqlalchemy import delete, insert, select

    copied: dict[str, int] = {}
    for name, table in tables.items():
        order = [c for c in table.primary_key.columns]
        result = source.execution_options(yield_per=CHUNK).execute(select(table).order_by(*order))
        if name == "meta":  # a new database's own keys give way to the source's
            dest.execute(delete(table).where(table.c.key.in_(sorted(_OWN_META))))
        count = 0
        batch: list[dict[str, Any]] = []
        for row in result.mappings():
            batch.append(_coerce(table, name, dict(row)))
            if len(batch) >= CHUNK:
                dest.execute(insert(table), batch)
                count += len(batch)
                batch = []
        if batch:
            dest.execute(insert(table), batch)
            count += len(batch)
        copied[name] = count
    return copied


def _verify(expected: dict[str, int], dest: Connection, tables: dict[str, Table]) -> None:
    found = _rows_in(dest, tables)
    wrong = [f"{t}: {expected[t]} → {found[t]}" for t in tables if found[t] != expected[t]]
    if wrong:
        raise DatabaseError("the copy does not hold every row (" + "; ".join(wrong) + ")")


@contextlib.contextmanager
def _source(where: str | Path) -> Iterator[Connection]:
    """One consistent read of the source."""
    if isinstance(where, str):
        from netlog.storage import postgres

        engine = postgres.create_engine(where)
        postgres.ensure_existing(engine, where)
        try:
            with (
                engine.connect().execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                ) as conn,
                conn.begin(),
            ):
                yield conn
        finally:
            engine.dispose()
        return
    _check_sqlite_source(where)
    engine = _sqlite_engine(where, readonly=True)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def _into_postgres(url: str, fill: Any) -> dict[str, int]:
    from netlog.storage import postgres

    engine = postgres.create_engine(url)
    try:
        postgres.ensure_schema(engine, url)
        with engine.begin() as conn:
            conn.exec_driver_sql(postgres.lock_sql())
            conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
            counts: dict[str, int] = fill(conn)
        _analyze(engine)
        return counts
    finally:
        engine.dispose()


def _analyze(engine: Engine) -> None:
    """Give the planner the copied rows' statistics now, not when autovacuum gets to it.

    Without them the first ``netlog list`` after copying 10,000 contacts read
    ``pending`` once per contact (22 s instead of 0.7 s). A role that does not
    own the tables is only warned; nothing here can undo the copy.
    """
    from sqlalchemy.exc import SQLAlchemyError

    with contextlib.suppress(SQLAlchemyError), engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE " + ", ".join(f'"{t}"' for t in COPIED_TABLES))
        conn.commit()


def _into_sqlite(path: Path, fill: Any) -> dict[str, int]:
    from netlog.files import new_temp, remove_quietly
    from netlog.storage.db import open_db

    path = path.expanduser()
    if path.exists():
        if not path.is_file():
            raise DatabaseError(f"{path} is not a regular file; give a new file name")
        if path.stat().st_size:
            _refuse_if_filled(path)
    if not path.parent.is_dir():
        raise DatabaseError(f"cannot write {path}: the folder {path.parent} does not exist")
    tmp = new_temp(path)
    try:
        open_db(tmp).close()  # netlog's own schema, migrations and marks
        engine = _sqlite_engine(tmp, readonly=False)
        try:
            with engine.begin() as conn:
                counts: dict[str, int] = fill(conn)
        finally:
            engine.dispose()
        _publish(tmp, path)
        return counts
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            remove_quietly(Path(f"{tmp}{suffix}"))


def _refuse_if_filled(path: Path) -> None:
    _check_sqlite_source(path)
    engine = _sqlite_engine(path, readonly=True)
    try:
        with engine.begin() as conn:
            if _holds_data(conn, _tables()):
                raise DatabaseError(
                    f"{path} already holds a netlog network; copy into a new file or an "
                    "empty database"
                )
    finally:
        engine.dispose()


def _publish(tmp: Path, path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        conn.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def copy_database(source: str | Path, destination: str | Path) -> CopyReport:
    """Copy the netlog network at ``source`` into ``destination`` (each a path or a URL).

    Refuses a destination that holds data, a source that is not netlog's
    (or from a newer netlog), and the same database on both sides.
    """
    from sqlalchemy.exc import SQLAlchemyError

    src = engines.target(source)
    dest = engines.target(destination)
    report = CopyReport(_shown(src), _shown(dest))
    if isinstance(src, Path) and isinstance(dest, Path):
        if dest.exists() and src.exists() and src.resolve() == dest.resolve():
            raise DatabaseError(f"{src} is both the source and the destination")
    elif isinstance(src, str) and isinstance(dest, str) and _same_url(src, dest):
        raise DatabaseError(f"{report.source} is both the source and the destination")
    tables = _tables()

    def fill(conn: Connection) -> dict[str, int]:
        if _holds_data(conn, tables):
            raise DatabaseError(
                f"{report.destination} already holds a netlog network; copy into an empty database"
            )
        with _source(src) as reader:
            expected = _rows_in(reader, tables)
            copied = _copy_rows(reader, conn, tables)
        _verify(expected, conn, tables)
        return copied

    try:
        if isinstance(dest, str):
            report.rows = _into_postgres(dest, fill)
        else:
            report.rows = _into_sqlite(dest, fill)
    except NetlogError:
        raise
    except SQLAlchemyError as exc:
        raise _copy_error(exc, src, dest) from None
    return report


def _same_url(a: str, b: str) -> bool:
    return engines.redact(a).lower() == engines.redact(b).lower()


def _copy_error(exc: Exception, src: str | Path, dest: str | Path) -> NetlogError:
    from netlog.storage import postgres

    for side in (src, dest):
        if isinstance(side, str) and isinstance(getattr(exc, "orig", None), _psycopg_error_types()):
            return postgres.translate_error(exc, side)
    reason = str(getattr(exc, "orig", exc)).split(":", 1)[0].strip()
    return DatabaseError(f"the copy failed: {reason}; nothing was written")


def _psycopg_error_types() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:
        return ()
    return (psycopg.Error,)


def snapshot_to_sqlite(url: str, target: Path) -> CopyReport:
    """A consistent local SQLite copy of the PostgreSQL database ``url`` (a backup).

    ``target`` must be new or empty; the copy is read in one snapshot, so it
    holds every change committed before it began and none after.
    """
    if not engines.is_postgres_url(url):
        raise DatabaseError(f"{url} is not a PostgreSQL URL")
    return copy_database(url, target)


def replace_postgres(source: Path, url: str) -> CopyReport:
    """Replace everything in the PostgreSQL database ``url`` with the network in ``source``.

    One transaction under netlog's writer lock: the old rows are deleted and
    the file's copied and counted; anything wrong rolls it all back, so the
    database holds either the old network or the new one (``restore``).
    """
    from sqlalchemy import delete
    from sqlalchemy.exc import SQLAlchemyError

    report = CopyReport(_shown(source), _shown(url))
    tables = _tables()

    def fill(conn: Connection) -> dict[str, int]:
        conn.exec_driver_sql('DELETE FROM "change_open"')  # no undo images of the old rows
        for name in reversed(COPIED_TABLES):
            conn.execute(delete(tables[name]))
        with _source(source) as reader:
            expected = _rows_in(reader, tables)
            copied = _copy_rows(reader, conn, tables)
        _verify(expected, conn, tables)
        return copied

    try:
        report.rows = _into_postgres(url, fill)
    except NetlogError:
        raise
    except SQLAlchemyError as exc:
        raise _copy_error(exc, source, url) from None
    return report
