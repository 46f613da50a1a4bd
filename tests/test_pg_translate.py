"""netlog's SQLite statements as PostgreSQL reads them, and PostgreSQL URLs (no server needed)."""

from __future__ import annotations

import pytest

from netlog.storage import engines
from netlog.storage.pgsql import SqlTranslationError, shape, translate


@pytest.mark.parametrize(
    ("sqlite", "postgres"),
    [
        ("SELECT id FROM contact WHERE id = ?", "SELECT id FROM contact WHERE id = $1"),
        (
            "UPDATE contact SET name = ?, updated = ? WHERE id = ?",
            "UPDATE contact SET name = $1, updated = $2 WHERE id = $3",
        ),
        # A question mark or a colon inside a literal, a quoted name or a comment stays.
        (
            "SELECT '?', 'a:b', \"odd?\" FROM t -- why?\nWHERE x = ?",
            "SELECT '?', 'a:b', \"odd?\" FROM t -- why?\nWHERE x = $1",
        ),
        ("SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , $1"),
        ("SELECT /* ? :x */ ?", "SELECT /* ? :x */ $1"),
        # IS between values; IS NULL / IS NOT NULL untouched.
        ("SELECT 1 WHERE a IS NOT ?", "SELECT 1 WHERE a IS DISTINCT FROM $1"),
        ("SELECT 1 WHERE a IS (SELECT 1)", "SELECT 1 WHERE a IS NOT DISTINCT FROM (SELECT 1)"),
        (
            "SELECT 1 WHERE a IS NULL AND b IS NOT NULL",
            "SELECT 1 WHERE a IS NULL AND b IS NOT NULL",
        ),
        ("SELECT 1 WHERE a IS NOT DISTINCT FROM b", "SELECT 1 WHERE a IS NOT DISTINCT FROM b"),
        # The unary plus that keeps SQLite off an index; a binary plus stays.
        ("SELECT a FROM t ORDER BY +t.name, id", "SELECT a FROM t ORDER BY t.name, id"),
        ("SELECT a + 1, b FROM t WHERE +date <= ?", "SELECT a + 1, b FROM t WHERE date <= $1"),
        ("SELECT (a) + b, ? + 1", "SELECT (a) + b, $1 + 1"),
        # A subquery in FROM gets a name; one that has a name keeps it.
        (
            "SELECT n FROM (SELECT 1 AS n) WHERE n = 1",
            "SELECT n FROM (SELECT 1 AS n) AS _netlog_q1 WHERE n = 1",
        ),
        ("SELECT n FROM (SELECT 1 AS n) q", "SELECT n FROM (SELECT 1 AS n) q"),
        ("SELECT count(*) FROM (SELECT 1)", "SELECT count(*) FROM (SELECT 1) AS _netlog_q1"),
        ("SELECT x FROM t WHERE x IN (SELECT 1)", "SELECT x FROM t WHERE x IN (SELECT 1)"),
        # SQLite's LIKE ignores ASCII case: PostgreSQL's ILIKE on "C" text does the same.
        ("SELECT 1 WHERE a NOT LIKE ? ESCAPE '\\'", "SELECT 1 WHERE a NOT ILIKE $1 ESCAPE '\\'"),
        (
            "SELECT length(CAST(x AS BLOB)), char(10)",
            "SELECT length(convert_to(x, 'UTF8')), chr(10)",
        ),
        ("SELECT a == b", "SELECT a = b"),
        ("SELECT `odd name` FROM t", 'SELECT "odd name" FROM t'),
        ("SELECT CAST(? AS text[])", "SELECT CAST($1 AS text[])"),
    ],
)
def test_a_statement_reads_the_same_on_postgresql(sqlite: str, postgres: str) -> None:
    assert translate(sqlite).sql == postgres


def test_named_parameters_used_twice_are_one_value() -> None:
    t = translate("SELECT * FROM t WHERE d >= :today AND e < :end AND f <= :today")
    assert t.sql == "SELECT * FROM t WHERE d >= $1 AND e < $2 AND f <= $1"
    assert t.values({"today": "2026-11-05", "end": "2026-12-01", "unused": 1}) == [
        "2026-11-05",
        "2026-12-01",
    ]


def test_a_cast_is_not_a_parameter() -> None:
    assert (
        translate("SELECT x::text FROM t WHERE y = :y").sql == "SELECT x::text FROM t WHERE y = $1"
    )


def test_wrong_parameters_are_an_internal_error_not_a_wrong_query() -> None:
    with pytest.raises(SqlTranslationError, match="2 parameter"):
        translate("SELECT ?, ?").values([1])
    with pytest.raises(SqlTranslationError, match=":b"):
        translate("SELECT :a, :b").values({"a": 1})
    with pytest.raises(SqlTranslationError, match="mixes"):
        translate("SELECT ?, :a")
    with pytest.raises(SqlTranslationError, match="unclosed"):
        translate("SELECT 'oops")


def test_the_shape_names_the_table_an_insert_writes() -> None:
    insert = shape('INSERT INTO "contact" (name) VALUES (?)')
    assert (insert.verb, insert.insert_table, insert.returning) == ("INSERT", "contact", False)
    assert shape("INSERT INTO change (at) VALUES (?) RETURNING id").returning
    assert shape("  begin immediate").words[:2] == ("BEGIN", "IMMEDIATE")


# --- URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://alice@db.example/netlog",
        "postgresql+psycopg://alice:pw@db.example:5433/netlog",
        "POSTGRES://alice@localhost/netlog",
        "  postgresql:///netlog  ",
    ],
)
def test_a_postgresql_url_is_recognised(text: str) -> None:
    assert engines.is_postgres_url(text)
    assert engines.target(text) == text.strip()


@pytest.mark.parametrize(
    "text", ["netlog.db", "~/data/netlog.db", "sqlite:///x.db", "/tmp/postgresql"]
)
def test_anything_else_is_a_file(text: str) -> None:
    assert not engines.is_postgres_url(text)


def test_a_redacted_url_never_holds_the_password() -> None:
    url = "postgresql://alice:p%40ss:w0rd@db.example:5432/netlog?sslmode=require&password=two"
    shown = engines.redact(url)
    assert shown == "postgresql://alice@db.example:5432/netlog?sslmode=require"
    assert "w0rd" not in shown and "two" not in shown
    message = "FATAL: password p@ss:w0rd and p%40ss:w0rd and two were wrong"
    assert engines.scrub(message, url) == "FATAL: password *** and *** and *** were wrong"
    assert engines.describe(url) == "netlog on db.example:5432 as alice"


def test_the_sqlite_path_loads_neither_sqlalchemy_nor_psycopg_for_these() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import netlog.storage.engines, netlog.storage.pgsql; "
        "print(sorted(m for m in ('sqlalchemy', 'psycopg', 'sqlmodel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_postgresql_rendering_leaves_the_models_as_they_are() -> None:
    from sqlalchemy import BigInteger, Boolean, Integer
    from sqlmodel import SQLModel

    from netlog.storage import pgschema

    meta = pgschema.pg_metadata()
    contact = meta.tables["contact"]
    assert isinstance(contact.c.id.type, BigInteger) and contact.c.id.autoincrement is False
    assert contact.c.name.type.collation == "C"  # type: ignore[attr-defined]
    assert str(contact.c.core.server_default.arg) == "false"  # type: ignore[union-attr]
    assert str(contact.c.types.server_default.arg) == "'[]'"  # type: ignore[union-attr]
    assert isinstance(contact.c.core.type, Boolean)
    fk = next(iter(meta.tables["touchpoint"].foreign_keys))
    assert fk.constraint is not None and fk.constraint.deferrable
    model = SQLModel.metadata.tables["contact"]
    assert isinstance(model.c.id.type, Integer) and not isinstance(model.c.id.type, BigInteger)
    # The models keep SQLite's own DEFAULT 0 (PostgreSQL's false is on the copy only).
    assert str(model.c.core.server_default.arg) == "0"  # type: ignore[union-attr]
    assert not next(iter(SQLModel.metadata.tables["touchpoint"].foreign_keys)).constraint.deferrable  # type: ignore[union-attr]


def test_the_undo_triggers_cover_every_column_of_the_undo_tables() -> None:
    from netlog.storage import pgschema
    from netlog.storage.migrations import UNDO_TABLES

    columns = pgschema.undo_columns()
    assert tuple(columns) == UNDO_TABLES
    for table, names in columns.items():
        body = pgschema.undo_trigger_sql(table, names)[0]
        for name in names:
            assert f"'{name}', OLD.\"{name}\"" in body or f'CAST(OLD."{name}"' in body
