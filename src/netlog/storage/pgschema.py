"""netlog's schema on PostgreSQL: the same models, plus what SQLite brings built in.

The tables come from the SQLModel models (:mod:`netlog.storage.models`), the one
schema truth, rendered for PostgreSQL so that every statement the storage runs
on SQLite reads and sorts alike here (:func:`pg_metadata`):

- text columns use the collation "C" (byte order, like SQLite's BINARY; also
  makes ``lower`` and ``ILIKE`` touch ASCII letters only, as SQLite does);
- integer columns are 64-bit (SQLite's INTEGER is), booleans are BOOLEAN with
  the models' defaults as server defaults (the SQLite migrations declare the same);
- an id left out of an INSERT is ``max(id) + 1`` (a trigger), as SQLite assigns
  a rowid, so ids and the ``#3`` a user reads are the same on both engines;
- foreign keys are DEFERRABLE, so undo can put rows back in any order
  (SQLite's ``PRAGMA defer_foreign_keys``).

Next to the tables, :data:`COMPAT_SQL` creates the functions SQLite has and
PostgreSQL lacks, under their SQLite names, in netlog's schema: ``instr``,
``julianday``, two-argument ``min``/``max``, ``json_each`` / ``json_array_length`` /
``json_extract`` over text, ``sum(boolean)``, ``boolean = integer`` and
``netlog_fold`` (the same folding as :func:`netlog.storage.db.fold`). The undo
log's triggers are PL/pgSQL generated from the table → columns mapping
(:func:`undo_trigger_sql`).

The schema version is the number of migration steps recorded in ``migration``
(the steps of :mod:`netlog.storage.migrations`, by name); the table carries
netlog's mark (SQLite's ``application_id``) as its comment. A database of an
older version is brought up by the same named steps (:func:`upgrade`): each
step's SQLite statements name what it changes, and the PostgreSQL form of each
is made from the models' PostgreSQL tables (:func:`step_sql`).
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netlog.errors import DatabaseError
from netlog.storage.columns import COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import MetaData
    from sqlalchemy.engine import Connection, Engine

MARK = "netlog application_id 0x4E4C4F47"
# The advisory-lock class netlog's writers take (with the schema's hash):
# one writer per netlog schema at a time, as SQLite's BEGIN IMMEDIATE.
LOCK_CLASS = 0x4E4C4F47  # "NLOG", a 32-bit key

# Tables whose ``id`` netlog assigns as SQLite does (max + 1): those with an id.
ROWID_TABLES = tuple(t for t, columns in COLUMNS.items() if columns[0] == "id")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- the tables ---------------------------------------------------------------


def model_defaults() -> dict[tuple[str, str], Any]:
    """(table, column) → the model's default for columns with a plain value default."""
    from pydantic_core import PydanticUndefined

    from netlog.storage import models

    out: dict[tuple[str, str], Any] = {}
    for cls in vars(models).values():
        table = getattr(cls, "__table__", None)
        fields = getattr(cls, "model_fields", None)
        if table is None or fields is None:
            continue
        for name, info in fields.items():
            default = info.default
            if default is None or default is PydanticUndefined:
                continue
            if isinstance(default, bool | int | str):
                out[(table.name, name)] = default
    return out


@functools.cache
def pg_metadata() -> MetaData:
    """The models' tables as netlog creates them on PostgreSQL (see the module doc)."""
    from sqlalchemy import BigInteger, Boolean, ForeignKeyConstraint, Integer, MetaData, String
    from sqlalchemy import text as sql_text
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (declares the tables)

    defaults = model_defaults()
    meta = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        copy = table.to_metadata(meta)
        for column in copy.columns:
            kind = getattr(column.type, "impl_instance", column.type)  # SQLModel's AutoString
            if isinstance(kind, String):
                column.type = String(collation="C")
            elif isinstance(kind, Integer):
                column.type = BigInteger()
            if column.primary_key:
                column.autoincrement = False
            default = defaults.get((table.name, column.name))
            if isinstance(column.type, Boolean) and default is not None:
                # The models write SQLite's DEFAULT 0; PostgreSQL's booleans take false.
                column.server_default = _server_default(sql_text("true" if default else "false"))
            elif isinstance(default, str):
                column.server_default = _server_default(sql_text(_lit(default)))
            elif default is not None and column.server_default is None:
                if isinstance(column.type, Boolean):
                    column.server_default = _server_default(
                        sql_text("true" if default else "false")
                    )
                elif isinstance(default, str):
                    column.server_default = _server_default(sql_text(_lit(default)))
                else:
                    column.server_default = _server_default(sql_text(str(int(default))))
        for constraint in copy.constraints:
            if isinstance(constraint, ForeignKeyConstraint):
                constraint.deferrable = True
                constraint.initially = "IMMEDIATE"
    return meta


def _server_default(clause: Any) -> Any:
    from sqlalchemy import DefaultClause

    return DefaultClause(clause)


def boolean_columns() -> dict[str, tuple[str, ...]]:
    from sqlalchemy import Boolean

    return {
        t.name: tuple(c.name for c in t.columns if isinstance(c.type, Boolean))
        for t in pg_metadata().sorted_tables
    }


def model_columns() -> dict[str, tuple[str, ...]]:
    """Every table's columns, in the models' order."""
    return {t.name: tuple(c.name for c in t.columns) for t in pg_metadata().sorted_tables}


# --- what SQLite has built in ------------------------------------------------------


def _ranges(codepoints: Iterable[int]) -> str:
    return "".join(chr(c) for c in codepoints)


@dataclass(frozen=True)
class FoldTables:
    """What ``netlog_fold`` needs to fold as :func:`netlog.storage.db.fold` does.

    Python's fold: NFKD, drop combining marks, casefold, split on whitespace
    and join with one space. On the server, after NFKD: the marks are removed
    (a regular expression of their ranges), ASCII letters and spaces mapped by
    a short ``translate``, and only a text holding another character whose
    fold differs (or other whitespace) goes through the long ``translate``;
    ß and ẞ, whose fold is two letters, are replaced. A fold never yields a
    mark or a space, so this order gives Python's result.
    """

    marks: str  # a regular-expression class: every combining mark left after NFKD
    others: str  # a class: non-ASCII characters whose fold differs, and whitespace
    source: str  # translate(): those characters…
    target: str  # …and what each becomes
    longer: tuple[tuple[str, str], ...]  # folds of more than one character


def _char_class(codes: Sequence[int]) -> str:
    def esc(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    parts: list[str] = []
    start = prev = -2
    for code in [*sorted(codes), -1]:
        if code == prev + 1:
            prev = code
            continue
        if start >= 0:
            parts.append(esc(start) if start == prev else f"{esc(start)}-{esc(prev)}")
        start = prev = code
    return "[" + "".join(parts) + "]"


@functools.cache
def fold_tables() -> FoldTables:
    marks: list[int] = []
    others: dict[str, str] = {}
    longer: list[tuple[str, str]] = []
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        if unicodedata.normalize("NFKD", ch) != ch:
            continue  # never left after NFKD
        if unicodedata.combining(ch):
            marks.append(code)
        elif ch.isspace():
            others[ch] = " "
        else:
            folded = ch.casefold()
            if len(folded) == 1 and folded != ch:
                others[ch] = folded
            elif len(folded) > 1:
                longer.append((ch, folded))
    return FoldTables(
        marks=_char_class(marks),
        others=_char_class([ord(c) for c in others] + [ord(c) for c, _ in longer]),
        source="".join(others),
        target="".join(others.values()),
        longer=tuple(longer),
    )


def fold_function_sql() -> str:
    tables = fold_tables()
    upper = "".join(chr(c) for c in range(ord("A"), ord("Z") + 1))
    space = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
    ascii_fold = f"translate(s, {_lit(upper + space)}, {_lit(upper.lower() + ' ' * len(space))})"
    others = f"translate(s, {_lit(tables.source)}, {_lit(tables.target)})"
    for ch, folded in tables.longer:
        others = f"replace({others}, {_lit(ch)}, {_lit(folded)})"
    return (
        "CREATE OR REPLACE FUNCTION netlog_fold(t text) RETURNS text "
        "LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $netlog$ DECLARE s text := t; BEGIN "
        "IF s IS NULL OR s = '' THEN RETURN ''; END IF; "
        "IF s !~ '^[\\x01-\\x7f]*$' THEN "
        "s := normalize(s, NFKD); "
        f"IF s ~ {_lit(tables.marks)} THEN s := regexp_replace(s, {_lit(tables.marks)}, '', 'g'); "
        "END IF; "
        f"IF s ~ {_lit(tables.others)} THEN s := {others}; END IF; "
        "END IF; "
        f"s := {ascii_fold}; "
        "IF strpos(s, '  ') > 0 THEN s := regexp_replace(s, ' {2,}', ' ', 'g'); END IF; "
        "RETURN btrim(s, ' '); END $netlog$"
    )


COMPAT_SQL: tuple[str, ...] = (
    # instr(a, b): 1-based position of b in a, 0 when absent; NULL in, NULL out.
    "CREATE OR REPLACE FUNCTION instr(a text, b text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT strpos(a, b)'",
    # julianday('2026-11-05') = 2461349.5, as SQLite (noon-based Julian days).
    "CREATE OR REPLACE FUNCTION julianday(t text) RETURNS double precision "
    "LANGUAGE sql STABLE PARALLEL SAFE AS "
    "$$SELECT extract(julian FROM CAST(t AS timestamp))::double precision - 0.5$$",
    # SQLite's scalar min(a, b) / max(a, b).
    "CREATE OR REPLACE FUNCTION min(a double precision, b double precision) "
    "RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT LEAST(a, b)'",
    "CREATE OR REPLACE FUNCTION max(a double precision, b double precision) "
    "RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT GREATEST(a, b)'",
    # json_each(text): the elements of a JSON array (or members of an object) as
    # text, with SQLite's column names key, value, type.
    "CREATE OR REPLACE FUNCTION json_each(doc text) "
    "RETURNS TABLE(key text, value text, type text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
    "SELECT NULL::text, e.j #>> '{}', jsonb_typeof(e.j) "
    "FROM jsonb_array_elements(CASE WHEN jsonb_typeof(CAST(doc AS jsonb)) = 'array' "
    "THEN CAST(doc AS jsonb) ELSE '[]'::jsonb END) AS e(j) "
    "UNION ALL SELECT o.k, o.j #>> '{}', jsonb_typeof(o.j) "
    "FROM jsonb_each(CASE WHEN jsonb_typeof(CAST(doc AS jsonb)) = 'object' "
    "THEN CAST(doc AS jsonb) ELSE '{}'::jsonb END) AS o(k, j)$$",
    "CREATE OR REPLACE FUNCTION json_array_length(doc text) RETURNS integer "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT jsonb_array_length(CAST(doc AS jsonb))'",
    # json_extract(doc, '$.a.b') for object paths, as text.
    "CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "$$SELECT CAST(doc AS jsonb) #>> string_to_array(substr(path, 3), '.')$$",
    # sum() over a boolean counts the true ones (SQLite's booleans are 0 and 1).
    "CREATE OR REPLACE FUNCTION netlog_sum_bool(acc bigint, b boolean) RETURNS bigint "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "'SELECT CASE WHEN b IS NULL THEN acc ELSE coalesce(acc, 0) + CAST(b AS integer) END'",
    "CREATE OR REPLACE AGGREGATE sum(boolean) (SFUNC = netlog_sum_bool, STYPE = bigint)",
    # core = 1, archived = 0: a boolean compared with SQLite's 0 and 1.
    "CREATE OR REPLACE FUNCTION netlog_bool_eq(a boolean, b integer) RETURNS boolean "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT CAST(a AS integer) = b'",
    "CREATE OR REPLACE FUNCTION netlog_bool_ne(a boolean, b integer) RETURNS boolean "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT CAST(a AS integer) <> b'",
)
# CREATE OPERATOR has no OR REPLACE: these are created once, with the schema.
OPERATOR_SQL: tuple[str, ...] = (
    "CREATE OPERATOR = (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = netlog_bool_eq, "
    "NEGATOR = <>)",
    "CREATE OPERATOR <> (LEFTARG = boolean, RIGHTARG = integer, FUNCTION = netlog_bool_ne, "
    "NEGATOR = =)",
)


# --- triggers -------------------------------------------------------------------


def next_id_sql(table: str) -> list[str]:
    """An INSERT without an id gets ``max(id) + 1`` (SQLite's rowid), one inserter at a time."""
    fn = f"netlog_{table}_next_id"
    return [
        f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $netlog$ "
        "BEGIN IF NEW.id IS NULL THEN "
        f"PERFORM pg_advisory_xact_lock({LOCK_CLASS}, hashtext(current_schema() || '.{table}')); "
        f"SELECT coalesce(max(id), 0) + 1 INTO NEW.id FROM {_q(table)}; "
        "END IF; RETURN NEW; END $netlog$",
        f"DROP TRIGGER IF EXISTS {table}_next_id ON {_q(table)}",
        f"CREATE TRIGGER {table}_next_id BEFORE INSERT ON {_q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
    ]


def uid_default_sql() -> list[str]:
    """A contact inserted without a uid gets 32 new hex digits (migration 0004)."""
    return [
        "CREATE OR REPLACE FUNCTION netlog_contact_uid() RETURNS trigger LANGUAGE plpgsql AS "
        "$netlog$ BEGIN IF NEW.uid IS NULL THEN "
        "NEW.uid := replace(CAST(gen_random_uuid() AS text), '-', ''); "
        "END IF; RETURN NEW; END $netlog$",
        'DROP TRIGGER IF EXISTS contact_uid_default ON "contact"',
        'CREATE TRIGGER contact_uid_default BEFORE INSERT ON "contact" '
        "FOR EACH ROW EXECUTE FUNCTION netlog_contact_uid()",
    ]


def undo_trigger_sql(
    table: str,
    columns: Sequence[str],
    *,
    derived: Iterable[str] = (),
    booleans: Iterable[str] = (),
) -> list[str]:
    """The undo log's triggers on ``table``, as migration 0002 defines them on SQLite.

    While a change is open (a row in ``change_open``), the first touch of each
    row in that change is kept in ``change_row``: ``NULL`` for an inserted row,
    else a JSON object of ``columns`` before the change (booleans as 0/1, as
    SQLite writes them). An update that only changes ``derived`` columns is not
    a user's change and is not kept.
    """
    derived = frozenset(derived)
    booleans = frozenset(booleans)
    pairs = ", ".join(
        f"{_lit(c)}, " + (f"CAST(OLD.{_q(c)} AS integer)" if c in booleans else f"OLD.{_q(c)}")
        for c in columns
    )
    image = f"CAST(jsonb_build_object({pairs}) AS text)"
    changed = " OR ".join(
        f"OLD.{_q(c)} IS DISTINCT FROM NEW.{_q(c)}" for c in columns if c not in derived
    )
    fn = f"netlog_undo_{table}"
    body = (
        f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $netlog$\n"
        "DECLARE open_id bigint; row_key bigint;\n"
        "BEGIN\n"
        "  SELECT change_id INTO open_id FROM change_open LIMIT 1;\n"
        "  IF open_id IS NULL THEN\n"
        "    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;\n"
        "  END IF;\n"
        "  IF TG_OP = 'INSERT' THEN row_key := NEW.id; ELSE row_key := OLD.id; END IF;\n"
        f"  IF TG_OP = 'UPDATE' AND NOT ({changed or 'false'}) THEN RETURN NEW; END IF;\n"
        "  IF NOT EXISTS (SELECT 1 FROM change_row WHERE change_id = open_id "
        f"AND table_name = {_lit(table)} AND row_id = row_key) THEN\n"
        "    INSERT INTO change_row (change_id, table_name, op, row_id, image) VALUES "
        f"(open_id, {_lit(table)}, lower(TG_OP), row_key, "
        f"CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE {image} END);\n"
        "  END IF;\n"
        "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;\n"
        "END $netlog$"
    )
    return [
        body,
        *(f"DROP TRIGGER IF EXISTS undo_{table}_{op} ON {_q(table)}" for op in _OPS),
        f"CREATE TRIGGER undo_{table}_insert AFTER INSERT ON {_q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER undo_{table}_update BEFORE UPDATE ON {_q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
        f"CREATE TRIGGER undo_{table}_delete BEFORE DELETE ON {_q(table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
    ]


_OPS = ("insert", "update", "delete")


def undo_columns() -> dict[str, tuple[str, ...]]:
    """The undo log's tables and their columns: every column the models declare."""
    from netlog.storage.columns import UNDO_TABLES

    columns = model_columns()
    return {table: columns[table] for table in UNDO_TABLES}


def derived_columns() -> Mapping[str, frozenset[str]]:
    """Columns netlog recomputes itself (a change to them alone is not undoable)."""
    from netlog.storage.columns import RECOMPUTED

    return {table: frozenset(names) for table, names in RECOMPUTED.items()}


def trigger_sql() -> list[str]:
    booleans = boolean_columns()
    derived = derived_columns()
    out: list[str] = []
    for table in ROWID_TABLES:
        out += next_id_sql(table)
    out += uid_default_sql()
    for table, columns in undo_columns().items():
        out += undo_trigger_sql(
            table, columns, derived=derived.get(table, ()), booleans=booleans.get(table, ())
        )
    return out


# --- creating and recognising the schema ------------------------------------------------


_TABLES_SQL = (
    "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
    "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
    "AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
)
_MARK_SQL = (
    "SELECT obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relname = 'migration' AND c.relkind = 'r'"
)


def schema_state_of(scalar: Callable[[str], Any]) -> tuple[int, int, int]:
    """(application id, schema version, tables) of the current schema.

    ``scalar(sql)`` runs a query and returns its one value. The application
    id is netlog's (``migrations.APPLICATION_ID``) when the ``migration`` table
    carries netlog's mark, 0 for a schema without tables, else -1 (another
    application's tables). The version is the number of recorded steps.
    """
    from netlog.storage.migrations import APPLICATION_ID

    tables = int(scalar(_TABLES_SQL))
    if scalar(_MARK_SQL) != MARK:
        return (0 if tables == 0 else -1), 0, tables
    return APPLICATION_ID, int(scalar("SELECT count(*) FROM migration")), tables


def schema_state(conn: Connection) -> tuple[int, int, int]:
    """:func:`schema_state_of` on a SQLAlchemy connection."""
    return schema_state_of(lambda sql: conn.exec_driver_sql(sql).scalar())


def schema_state_raw(conn: Any) -> tuple[int, int, int]:
    """:func:`schema_state_of` on a :class:`netlog.storage.postgres.PgConnection`."""

    def scalar(sql: str) -> Any:
        row = conn.execute(sql).fetchone()
        return row[0] if row else None

    return schema_state_of(scalar)


# --- schema steps ------------------------------------------------------------------

# netlog first made PostgreSQL databases at schema 6 (0006_skip), from the
# models: no older one exists, so steps 1-6 never run here.
FIRST_VERSION = 6

_CREATE = re.compile(r"^\s*CREATE\s+(TABLE|INDEX)\s+(\w+)", re.IGNORECASE)
_TRIGGER = re.compile(r"^\s*(CREATE|DROP)\s+TRIGGER\b", re.IGNORECASE)
_DROP_INDEX = re.compile(r"^\s*DROP\s+INDEX\s+(\w+)\s*$", re.IGNORECASE)


class NoPostgresForm(Exception):
    """A schema step statement this module cannot make for PostgreSQL (a bug in netlog)."""


def step_sql(number: int) -> list[str]:
    """Step ``number`` of :data:`netlog.storage.migrations.STEPS` as PostgreSQL runs it.

    From the models' PostgreSQL tables (:func:`pg_metadata`): ``ALTER TABLE t
    ADD COLUMN c`` adds ``c`` with its type, collation, default and NOT NULL;
    ``CREATE TABLE`` / ``CREATE INDEX`` create that table or index. The undo
    triggers a step remakes on SQLite are remade by :func:`upgrade` after the
    last step, with every column; ``DROP INDEX i`` drops it. Any other statement has no PostgreSQL form
    here: a new step that needs one adds it (tests check every step after
    :data:`FIRST_VERSION` has its form).
    """
    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable

    from netlog.storage.migrations import STEPS, added_column

    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    tables = pg_metadata().tables
    out: list[str] = []
    for statement in STEPS[number - 1][1]:
        added = added_column(statement)
        if added is not None:
            table, column = added
            spec = CreateColumn(tables[table].c[column]).compile(dialect=dialect)
            out.append(f"ALTER TABLE {_q(table)} ADD COLUMN {spec}")
            continue
        if _TRIGGER.match(statement):
            continue
        dropped = _DROP_INDEX.match(statement)
        if dropped is not None:
            out.append(f"DROP INDEX {_q(dropped.group(1))}")
            continue
        created = _CREATE.match(statement)
        if created is not None and created.group(1).upper() == "TABLE":
            out.append(str(CreateTable(tables[created.group(2)]).compile(dialect=dialect)))
            continue
        if created is not None:
            index = next(
                (i for t in tables.values() for i in t.indexes if i.name == created.group(2)),
                None,
            )
            if index is not None:
                out.append(str(CreateIndex(index).compile(dialect=dialect)))
                continue
        raise NoPostgresForm(f"step {STEPS[number - 1][0]}: {statement.split(chr(10))[0]}")
    return out


def upgrade(conn: Connection, version: int, *, applied: str) -> None:
    """Bring netlog's schema at ``version`` to the latest: the steps it lacks, each recorded.

    Runs in the caller's transaction (all the steps or none), which must hold
    the writers' lock; the functions SQLite has built in are made as this
    netlog defines them, and the triggers remade with every column.
    """
    from sqlalchemy import text

    from netlog.storage.migrations import STEPS

    ddl = conn.execution_options(no_parameters=True)
    for statement in (fold_function_sql(), *COMPAT_SQL):
        ddl.exec_driver_sql(statement)
    for number, (name, _) in enumerate(STEPS, start=1):
        if number <= version:
            continue
        for statement in step_sql(number):
            ddl.exec_driver_sql(statement)
        conn.execute(
            text("INSERT INTO migration (id, name, applied) VALUES (:id, :name, :applied)"),
            {"id": number, "name": name, "applied": applied},
        )
    for statement in trigger_sql():
        ddl.exec_driver_sql(statement)


def default_folder() -> Path:
    """The user data folder (where a local database would be): backups go there by default."""
    from platformdirs import user_data_path

    return user_data_path("netlog", appauthor=False)


def backup_before_upgrade(engine: Engine, version: int, folder: Path) -> Path:
    """Keep the database as it is before a schema change: a local SQLite file of ``version``.

    Called by the upgrade with netlog's writer lock held, so no netlog writes
    in between; read here through a second connection in one snapshot. The file
    is what an older netlog's file of that version holds (its steps, its rows),
    so ``netlog restore`` and ``db copy`` take it; it is named
    ``netlog-schemaN-TIME.db`` in ``folder``, mode 0600, never over another file.
    """
    from netlog.files import new_temp, publish_copy, remove_quietly
    from netlog.storage.migrations import create_at

    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = folder / "netlog.db"  # the names are made as for a local file there
    tmp = new_temp(database)
    try:
        dest = sqlite3.connect(tmp, isolation_level=None)
        try:
            dest.execute("BEGIN")
            create_at(dest, version)
            with (
                engine.connect().execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                ) as source,
                source.begin(),
            ):
                _copy_tables(source, dest)
            dest.execute("COMMIT")
            dest.execute("PRAGMA journal_mode = DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
        if ok != "ok":
            raise DatabaseError(f"the copy kept before the upgrade failed its check: {ok}")
        os.chmod(tmp, 0o600)
        return publish_copy(tmp, database, f"schema{version}")
    except (sqlite3.Error, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).split(":", 1)[0]
        raise DatabaseError(
            f"could not keep a copy before the upgrade in {folder}: {reason}; nothing was changed"
        ) from None
    finally:
        remove_quietly(tmp)


def _copy_tables(source: Connection, dest: sqlite3.Connection) -> None:
    """Every row of every table ``dest`` has (its columns, as they are) from ``source``."""
    names = [
        r[0]
        for r in dest.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'change_open'"
        )
    ]
    for name in names:
        columns = [r[1] for r in dest.execute(f'PRAGMA table_info("{name}")')]
        quoted = ", ".join(f'"{c}"' for c in columns)
        insert = f'INSERT INTO "{name}" ({quoted}) VALUES ({", ".join("?" * len(columns))})'
        result = source.exec_driver_sql(f'SELECT {quoted} FROM "{name}" ORDER BY 1')
        while rows := result.fetchmany(1000):
            dest.executemany(insert, [tuple(row) for row in rows])


def create_schema(conn: Connection, *, applied: str) -> None:
    """Create netlog's tables, functions and triggers and record every step as applied.

    Runs in the caller's transaction (all or nothing), which must hold the
    writers' lock (:func:`netlog.storage.postgres.lock_sql`).
    """
    from sqlalchemy import text

    from netlog.storage.migrations import STEPS

    # Sent as written: no parameters, so a % in a body is not taken for one.
    ddl = conn.execution_options(no_parameters=True)
    for statement in (fold_function_sql(), *COMPAT_SQL, *OPERATOR_SQL):
        ddl.exec_driver_sql(statement)
    pg_metadata().create_all(conn)
    for statement in trigger_sql():
        ddl.exec_driver_sql(statement)
    conn.execute(
        text("INSERT INTO migration (id, name, applied) VALUES (:id, :name, :applied)"),
        [{"id": n, "name": name, "applied": applied} for n, (name, _) in enumerate(STEPS, 1)],
    )
    ddl.exec_driver_sql(f"COMMENT ON TABLE migration IS {_lit(MARK)}")
