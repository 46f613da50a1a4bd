"""``netlog db copy`` between SQLite and PostgreSQL, and a PostgreSQL backup as an SQLite file."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from netlog.errors import DatabaseError
from tests.pgserver import SUPERPASS, PgDatabase

TODAY = date(2026, 11, 5)
TABLES = ("contact", "touchpoint", "activity", "letter", "pending", "skip", "meta", "change")


def _demo_file(path: Path) -> Path:
    from netlog.config import Settings
    from netlog.demo import load_demo
    from netlog.storage.db import open_db

    db = open_db(path)
    db.command = "demo"
    try:
        load_demo(db, Settings(), TODAY)
    finally:
        db.close()
    return path


def _rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        order = '"key"' if table == "meta" else "id"
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        if table == "meta":
            rows = [r for r in rows if r[0] != "checked_at"]
        return rows
    finally:
        conn.close()


def _undo_images(path: Path) -> list[tuple[Any, ...]]:
    import json

    conn = sqlite3.connect(path)
    try:
        return [
            (change_id, table, op, row_id, json.loads(image) if image else None)
            for change_id, table, op, row_id, image in conn.execute(
                "SELECT change_id, table_name, op, row_id, image FROM change_row ORDER BY id"
            )
        ]
    finally:
        conn.close()


def test_the_demo_network_goes_to_postgresql_and_back_unchanged(
    pg: PgDatabase, tmp_path: Path
) -> None:
    from netlog.storage.copy import copy_database

    source = _demo_file(tmp_path / "laptop.db")
    there = copy_database(source, pg.url)
    assert there.rows["contact"] == 11 and there.rows["touchpoint"] > 0
    assert there.destination.startswith("postgresql://netlog_admin@/")
    assert SUPERPASS not in there.destination
    back = copy_database(pg.url, tmp_path / "back.db")
    assert back.rows == there.rows
    for table in TABLES:
        assert _rows(tmp_path / "back.db", table) == _rows(source, table), table
    assert _undo_images(tmp_path / "back.db") == _undo_images(source)
    # The copy is a netlog file that restore accepts, private to its owner.
    from netlog.storage.backup import check_netlog_file

    assert check_netlog_file(tmp_path / "back.db")["contact"] == 11
    assert (tmp_path / "back.db").stat().st_mode & 0o777 == 0o600


def test_the_copied_undo_history_still_undoes_on_postgresql(pg: PgDatabase, tmp_path: Path) -> None:
    from netlog.storage import changes, contacts, postgres
    from netlog.storage.copy import copy_database

    copy_database(_demo_file(tmp_path / "laptop.db"), pg.url)
    db = postgres.open_db(pg.url)
    try:
        with db.read() as conn:
            assert [c.command for c in changes.recent(conn)] == ["demo"]
        with db.write() as conn:
            changes.undo_last(conn)
        with db.read() as conn:
            assert contacts.count_contacts(conn) == 0
        # New rows continue from the copied ids.
        with db.write() as conn:
            assert contacts.insert_contact(conn, {"name": "New Person"}, created=TODAY) == 1
    finally:
        db.close()


def test_a_destination_that_holds_data_is_refused(pg: PgDatabase, tmp_path: Path) -> None:
    from netlog.storage.copy import copy_database

    source = _demo_file(tmp_path / "laptop.db")
    copy_database(source, pg.url)
    with pytest.raises(DatabaseError, match="already holds a netlog network"):
        copy_database(source, pg.url)
    assert pg.sql("SELECT count(*) FROM contact") == [(11,)]
    other = _demo_file(tmp_path / "other.db")
    before = other.read_bytes()
    with pytest.raises(DatabaseError, match="already holds a netlog network"):
        copy_database(pg.url, other)
    assert other.read_bytes() == before
    with pytest.raises(DatabaseError, match="both the source and the destination"):
        copy_database(source, source)


def test_a_copy_into_an_empty_netlog_file_is_allowed(pg: PgDatabase, tmp_path: Path) -> None:
    from netlog.storage.copy import copy_database
    from netlog.storage.db import open_db

    copy_database(_demo_file(tmp_path / "laptop.db"), pg.url)
    empty = tmp_path / "empty.db"
    open_db(empty).close()
    assert copy_database(pg.url, empty).rows["contact"] == 11


def test_wrong_password_or_no_server_is_one_line_without_the_password(
    pg: PgDatabase, tmp_path: Path
) -> None:
    import socket

    from netlog.storage.copy import copy_database

    source = _demo_file(tmp_path / "laptop.db")
    pg.sql("CREATE ROLE carol LOGIN PASSWORD 'right-one'")
    with pytest.raises(DatabaseError) as caught:
        copy_database(source, pg.url_for("carol", "Not-Her-Pw"))
    assert "refused the password" in str(caught.value)
    assert "Not-Her-Pw" not in str(caught.value) and "\n" not in str(caught.value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DatabaseError, match="cannot reach") as caught:
        copy_database(f"postgresql://dan:Dans-Pw@127.0.0.1:{port}/netlog", tmp_path / "x.db")
    assert "Dans-Pw" not in str(caught.value)
    assert not (tmp_path / "x.db").exists()
    pg.sql("DROP ROLE carol")


def test_a_source_that_is_not_netlog_is_refused(pg: PgDatabase, tmp_path: Path) -> None:
    from netlog.storage.copy import copy_database

    with pytest.raises(DatabaseError, match="holds no netlog network"):
        copy_database(pg.url, tmp_path / "x.db")
    with pytest.raises(DatabaseError, match="does not exist"):
        copy_database(tmp_path / "missing.db", pg.url)


def test_a_backup_of_postgresql_is_one_snapshot_while_clients_write(
    pg: PgDatabase, tmp_path: Path
) -> None:
    from netlog.storage import contacts, postgres
    from netlog.storage.backup import check_netlog_file
    from netlog.storage.copy import copy_database, snapshot_to_sqlite

    copy_database(_demo_file(tmp_path / "laptop.db"), pg.url)
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        conn = postgres.connect(pg.url)
        try:
            n = 0
            while not stop.is_set():
                n += 1
                postgres.run_transaction(
                    conn,
                    lambda c, n=n: (
                        contacts.insert_contact(c, {"name": f"Late {n}"}, created=TODAY),
                        c.execute(
                            "INSERT INTO touchpoint (contact_id, date, channel, kind, direction, "
                            "created) VALUES (?, '2026-11-05', 'email', 'thanks', 'out', 'x')",
                            (11 + n,),
                        ),
                    ),
                )
                written.append(n)
        finally:
            conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        report = snapshot_to_sqlite(pg.url, tmp_path / "backup.db")
    finally:
        stop.set()
        thread.join()
    counts = check_netlog_file(tmp_path / "backup.db")
    # Each late contact came with one touchpoint in the same transaction: a
    # consistent snapshot holds both or neither.
    late = counts["contact"] - 11
    assert counts["touchpoint"] - report.rows["touchpoint"] == 0
    assert report.rows["contact"] == counts["contact"]
    assert late >= 0
    conn = sqlite3.connect(tmp_path / "backup.db")
    try:
        orphans = conn.execute(
            "SELECT count(*) FROM contact c WHERE c.name LIKE 'Late %' AND NOT EXISTS "
            "(SELECT 1 FROM touchpoint t WHERE t.contact_id = c.id)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert orphans == 0


def test_values_sqlite_kept_in_the_wrong_type_are_copied_as_the_column_takes_them(
    pg: PgDatabase, tmp_path: Path
) -> None:
    from netlog.storage.copy import copy_database

    source = _demo_file(tmp_path / "laptop.db")
    conn = sqlite3.connect(source)
    try:  # edited by hand: a number in a text column, a text number, a flag as text
        conn.execute("UPDATE contact SET notes = 42, cadence_days = '30', core = '1' WHERE id = 9")
        conn.commit()
    finally:
        conn.close()
    copy_database(source, pg.url)
    assert pg.sql("SELECT notes, cadence_days, core FROM contact WHERE id = 9") == [
        ("42", 30, True)
    ]
    conn = sqlite3.connect(source)
    try:
        conn.execute("UPDATE contact SET cadence_days = 'monthly' WHERE id = 9")
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(DatabaseError, match=r"contact #9 holds a value in cadence_days"):
        copy_database(source, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_text_sorts_and_compares_byte_by_byte_as_on_sqlite(pg: PgDatabase, tmp_path: Path) -> None:
    """The test server's default collation is ICU's: netlog's columns must say "C"."""
    from netlog.storage import postgres

    postgres.open_database(pg.url).close()
    assert pg.sql(
        "SELECT collation_name FROM information_schema.columns "
        "WHERE table_name = 'contact' AND column_name = 'name_key'"
    ) == [("C",)]
    words = ["b", "B", "a b", "ab", "É", "e", "Z", "_x"]
    for w in words:
        pg.sql(
            "INSERT INTO contact (name, name_key, created, updated) VALUES (%s, %s, 'x', 'x')",
            (w, w),
        )
    found = [r[0] for r in pg.sql("SELECT name_key FROM contact ORDER BY name_key")]
    assert found == sorted(words, key=lambda w: w.encode())
    assert pg.sql("SELECT count(*) FROM contact WHERE lower(name_key) = 'é'") == [(0,)]


def test_tables_are_copied_parents_first_and_every_table_with_data_is_copied() -> None:
    """The copy order comes from the models: each table after those it points to,
    and only the destination's own schema steps and the transient change_open
    left out."""
    from sqlmodel import SQLModel

    import netlog.storage.models  # noqa: F401  (declares the tables)
    from netlog.storage.copy import COPIED_TABLES

    tables = SQLModel.metadata.tables
    for position, name in enumerate(COPIED_TABLES):
        for key in tables[name].foreign_keys:
            parent = key.column.table.name
            assert parent in COPIED_TABLES[:position], (name, parent)
    assert set(tables) - set(COPIED_TABLES) == {"migration", "change_open"}
