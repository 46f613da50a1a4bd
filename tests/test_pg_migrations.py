"""An older netlog database on PostgreSQL reaches the latest schema by the same named steps.

Mirrors tests/test_migrations.py (the SQLite file): a database as an older
netlog made it is upgraded through the steps it lacks, in one transaction,
each recorded, after a local SQLite copy of it is kept; the result equals a
new database made from the models.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from netlog.errors import DatabaseError
from tests.pgserver import SUPERPASS, PgDatabase, PgServer
from tests.safety_helpers import run

pytestmark = pytest.mark.postgres


def make_pg_schema(pg: PgDatabase, version: int) -> None:
    """``pg`` as netlog of schema ``version`` made it: the models' schema less what later
    steps add (their columns, tables and indexes), those steps unrecorded, the undo
    triggers copying the columns of that time."""
    from netlog.storage import pgschema, postgres
    from netlog.storage.columns import UNDO_TABLES
    from netlog.storage.migrations import RELEASED, added_column, columns_after

    postgres.open_database(pg.url).close()
    for _name, statements, _logged in reversed(RELEASED[version:]):
        for statement in statements:
            added = added_column(statement)
            words = statement.split()
            if added is not None:
                pg.sql(f'ALTER TABLE "{added[0]}" DROP COLUMN "{added[1]}"')
            elif words[:2] == ["CREATE", "TABLE"]:
                pg.sql(f'DROP TABLE "{words[2]}" CASCADE')
            elif words[:2] == ["CREATE", "INDEX"]:
                pg.sql(f'DROP INDEX IF EXISTS "{words[2]}"')
    pg.sql("DELETE FROM migration WHERE id > %s", (version,))
    booleans = pgschema.boolean_columns()
    derived = pgschema.derived_columns()
    for table in UNDO_TABLES:
        columns = columns_after(version, table)
        if not columns:
            continue
        for statement in pgschema.undo_trigger_sql(
            table, columns, derived=derived.get(table, ()), booleans=booleans.get(table, ())
        ):
            pg.sql(statement)


def pg_shape(pg: PgDatabase) -> dict[str, list[tuple[Any, ...]]]:
    """Tables and columns (in order), constraints, indexes, triggers, functions, the mark."""
    here = "current_schema()::regnamespace"
    return {
        "columns": pg.sql(
            "SELECT table_name, column_name, data_type, collation_name, is_nullable, "
            "column_default FROM information_schema.columns "
            "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
        ),
        "constraints": pg.sql(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            f"FROM pg_constraint WHERE connamespace = {here} ORDER BY 1, 2"
        ),
        "indexes": pg.sql(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() ORDER BY 1, 2"
        ),
        "triggers": pg.sql(
            "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE NOT tgisinternal ORDER BY 1, 2"
        ),
        "functions": pg.sql(
            "SELECT proname, pg_get_function_identity_arguments(oid), md5(prosrc) "
            f"FROM pg_proc WHERE pronamespace = {here} ORDER BY 1, 2"
        ),
        "mark": pg.sql("SELECT obj_description('migration'::regclass, 'pg_class')"),
    }


def _fresh_shape(pg_server: PgServer) -> dict[str, list[tuple[Any, ...]]]:
    from netlog.storage import postgres

    fresh = pg_server.new_database()
    try:
        postgres.open_database(fresh.url).close()
        return pg_shape(fresh)
    finally:
        pg_server.drop_database(fresh.name)


def test_every_step_after_the_first_postgresql_schema_has_its_postgresql_form() -> None:
    from netlog.storage import pgschema
    from netlog.storage.migrations import LATEST

    for number in range(pgschema.FIRST_VERSION + 1, LATEST + 1):
        assert pgschema.step_sql(number), number


def test_an_older_database_is_upgraded_to_exactly_the_models_schema_keeping_every_row(
    pg: PgDatabase, pg_server: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netlog.storage import pgschema
    from netlog.storage.migrations import LATEST, STEPS

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    env = {"NETLOG_DB": pg.url, "XDG_DATA_HOME": str(tmp_path / "share")}
    run("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--core", env=env, check=True)
    run("log", "patel", "--kind", "thanks", "--note", "sent the ACL paper", env=env, check=True)
    version = pgschema.FIRST_VERSION
    make_pg_schema(pg, version)
    assert pg.sql("SELECT count(*) FROM migration") == [(version,)]
    contacts = pg.sql("SELECT * FROM contact ORDER BY id")
    touchpoints = pg.sql("SELECT * FROM touchpoint ORDER BY id")

    listed = run("list", "--json", env=env, check=True)
    assert "Dr. Maya Patel" in listed.stdout

    names = [r[0] for r in pg.sql("SELECT name FROM migration ORDER BY id")]
    assert names == [name for name, _ in STEPS]
    assert pg.sql("SELECT count(*) FROM migration") == [(LATEST,)]
    assert pg_shape(pg) == _fresh_shape(pg_server)
    assert pg.sql("SELECT * FROM contact ORDER BY id") == contacts
    assert pg.sql("SELECT * FROM touchpoint ORDER BY id") == touchpoints

    # The database as it was is kept first: a private local file of that schema.
    [kept] = list((tmp_path / "share" / "netlog").glob(f"netlog-schema{version}-*.db"))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    check = sqlite3.connect(kept)
    try:
        assert check.execute("PRAGMA user_version").fetchone() == (version,)
        assert check.execute("SELECT name FROM contact").fetchall() == [("Dr. Maya Patel",)]
        assert check.execute("SELECT count(*) FROM touchpoint").fetchone() == (2,)
        assert check.execute("SELECT count(*) FROM migration").fetchone() == (version,)
    finally:
        check.close()
    assert SUPERPASS.encode() not in kept.read_bytes()
    # netlog takes the kept file as it takes any older file of its own.
    assert "Dr. Maya Patel" in run("--db", str(kept), "list", env=env, check=True).stdout

    # Changes from before the upgrade (no author recorded) can still be undone.
    assert run("undo", env=env, check=True).stdout.startswith("Undid log")
    assert len(pg.sql("SELECT * FROM touchpoint")) == 1


def test_a_failing_step_leaves_the_database_at_its_version(
    pg: PgDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netlog.storage import pgschema, postgres

    make_pg_schema(pg, pgschema.FIRST_VERSION)
    before = pg.sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'change' "
        "ORDER BY ordinal_position"
    )
    monkeypatch.setattr(pgschema, "step_sql", lambda number: ["NOT SQL"])
    with pytest.raises(DatabaseError) as caught:
        postgres.open_database(pg.url, backups=tmp_path)
    assert SUPERPASS not in str(caught.value)
    assert pg.sql("SELECT count(*) FROM migration") == [(pgschema.FIRST_VERSION,)]
    after = pg.sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'change' "
        "ORDER BY ordinal_position"
    )
    assert after == before
