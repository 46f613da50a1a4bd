"""netlog's storage on a real PostgreSQL server: schema, statements, undo, errors, many clients."""

from __future__ import annotations

import socket
import threading
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netlog.errors import DatabaseError
from tests.pgserver import SUPERPASS, PgDatabase, PgServer

TODAY = date(2026, 11, 5)


def _demo_on_both(pg: PgDatabase, tmp_path: Path) -> tuple[Any, Any]:
    from netlog.config import Settings
    from netlog.demo import load_demo
    from netlog.storage import db as sqlite_db
    from netlog.storage import postgres

    on_pg = postgres.open_db(pg.url)
    on_file = sqlite_db.open_db(tmp_path / "netlog.db")
    for database in (on_file, on_pg):
        database.command = "demo"
        load_demo(database, Settings(), TODAY)
        database.command = None
    return on_file, on_pg


def test_a_new_database_gets_the_models_tables_and_every_step_recorded(pg: PgDatabase) -> None:
    from netlog.storage import pgschema, postgres
    from netlog.storage.migrations import APPLICATION_ID, LATEST, STEPS
    from netlog.storage.models import SQLModel

    conn = postgres.open_database(pg.url)
    try:
        assert pgschema.schema_state_raw(conn)[:2] == (APPLICATION_ID, LATEST)
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        names = [r[0] for r in conn.execute("SELECT name FROM migration ORDER BY id")]
        assert names == [name for name, _ in STEPS]
        for table in SQLModel.metadata.sorted_tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table.name})")]
            assert columns == [c.name for c in table.columns], table.name
    finally:
        conn.close()
        conn.engine.dispose()
    # Opening again finds it done and changes nothing.
    again = postgres.open_database(pg.url)
    again.close()
    assert pg.sql("SELECT count(*) FROM migration") == [(LATEST,)]


def test_another_applications_schema_and_a_newer_netlog_are_refused(pg: PgDatabase) -> None:
    from netlog.storage import postgres

    pg.sql("CREATE TABLE invoices (id integer)")
    with pytest.raises(DatabaseError, match="another application"):
        postgres.open_database(pg.url)
    pg.sql("DROP TABLE invoices")
    postgres.open_database(pg.url).close()
    pg.sql("INSERT INTO migration (id, name, applied) VALUES (99, '0099_future', 'x')")
    with pytest.raises(DatabaseError, match="newer netlog") as caught:
        postgres.open_database(pg.url)
    assert SUPERPASS not in str(caught.value)


def test_several_clients_opening_a_new_database_create_it_once(pg: PgDatabase) -> None:
    from netlog.storage import postgres
    from netlog.storage.migrations import LATEST

    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            postgres.open_database(pg.url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert pg.sql("SELECT count(*) FROM migration") == [(LATEST,)]


def test_the_storage_reads_the_demo_network_as_on_sqlite(pg: PgDatabase, tmp_path: Path) -> None:
    from netlog.storage import changes, contacts, listing, pending, records, reports, touchpoints

    on_file, on_pg = _demo_on_both(pg, tmp_path)
    queries = {
        "contacts": lambda c: contacts.all_contacts(c),
        "resolve": lambda c: contacts.resolve(c, "sofia"),
        "touchpoints": lambda c: touchpoints.all_touchpoints(c),
        "activities": lambda c: records.activities(c),
        "letters": lambda c: records.all_letters(c),
        "list": lambda c: listing.list_rows(c, today=TODAY),
        "list by tag": lambda c: listing.list_rows(c, tag="ORTHO", today=TODAY),
        "list mentors": lambda c: listing.list_rows(c, type_="mentor", today=TODAY),
        "search": lambda c: listing.list_rows(c, search="cardio", today=TODAY),
        "due counts": lambda c: pending.due_counts(c, TODAY, date(2026, 12, 31)),
        "most urgent": lambda c: pending.due_most_urgent(c, TODAY, date(2026, 12, 31), 5),
        "filtered": lambda c: pending.due_most_urgent(
            c, TODAY, date(2026, 12, 31), 3, pending.DueFilter(rule="thank-you")
        ),
        "first rows": lambda c: pending.due_first(c, TODAY, date(2026, 12, 31), 5),
        "first rows filtered": lambda c: pending.due_first(
            c, TODAY, date(2026, 12, 31), 2, pending.DueFilter(core=True)
        ),
        "stats": lambda c: reports.stats_counts(
            c, TODAY, strong_since=date(2026, 8, 1), weeks_from=date(2026, 9, 1)
        ),
        "team": lambda c: reports.team_contacts(c),
        "routine": lambda c: reports.routine_touchpoints(
            c, date(2026, 10, 1), date(2026, 11, 30), TODAY
        ),
        "changes": lambda c: [(x.command, x.summary) for x in changes.recent(c)],
    }
    try:
        for name, query in queries.items():
            with on_file.read() as a, on_pg.read() as b:
                assert query(b) == query(a), name
    finally:
        on_file.close()
        on_pg.close()


def test_ids_are_assigned_as_sqlite_assigns_them(pg: PgDatabase) -> None:
    from netlog.storage import postgres

    conn = postgres.open_database(pg.url)
    try:
        insert = "INSERT INTO activity (kind, date, text, created) VALUES (?, ?, ?, ?)"
        ids = []
        for n in range(3):
            conn.execute("BEGIN IMMEDIATE")
            ids.append(conn.execute(insert, ("milestone", "2026-11-05", f"m{n}", "x")).lastrowid)
            conn.execute("COMMIT")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM activity WHERE id = ?", (3,))
        again = conn.execute(insert, ("milestone", "2026-11-05", "again", "x")).lastrowid
        many = conn.executemany(insert, [("talk", "2026-11-06", f"t{n}", "x") for n in range(4)])
        conn.execute("COMMIT")
        assert ids == [1, 2, 3]
        assert again == 3  # the largest id plus one, as SQLite's rowid
        assert many.rowcount == 4
        rows = conn.execute('SELECT id, "virtual" FROM activity ORDER BY id').fetchall()
        assert rows == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0)]
    finally:
        conn.close()


def test_undo_reverts_a_change_through_the_postgresql_triggers(pg: PgDatabase) -> None:
    from netlog.storage import changes, contacts, postgres, touchpoints

    db = postgres.open_db(pg.url)
    try:
        db.command = "add"
        with db.write() as conn:
            cid = contacts.insert_contact(
                conn, {"name": "Dr. Maya Patel", "core": True, "tags": ["ortho"]}, created=TODAY
            )
        db.command = "edit"
        with db.write() as conn:
            contacts.update_contact(conn, cid, {"institution": "MGH", "archived": True})
        with db.read() as conn:
            edited = contacts.get_contact(conn, cid)
            summaries = [c.summary for c in changes.recent(conn)]
        assert (edited.institution, edited.archived) == ("MGH", True)
        assert summaries == ["changed Dr. Maya Patel (#1)", "added Dr. Maya Patel (#1)"]
        db.command = None
        with db.write() as conn:
            changes.undo_last(conn)
        with db.read() as conn:
            back = contacts.get_contact(conn, cid)
        assert (back.institution, back.archived, back.core, back.tags) == (
            None,
            False,
            True,
            ["ortho"],
        )
        db.command = "remove"
        with db.write() as conn:
            conn.execute(
                "INSERT INTO touchpoint (contact_id, date, channel, kind, direction, created) "
                "VALUES (?, '2026-11-05', 'email', 'thanks', 'out', 'x')",
                (cid,),
            )
        with db.write() as conn:
            contacts.delete_contact(conn, cid)  # the touchpoint goes with it (cascade)
        db.command = None
        with db.write() as conn:
            undone = changes.undo_last(conn)
        assert undone.rows == 2
        with db.read() as conn:
            assert contacts.get_contact(conn, cid).name == "Dr. Maya Patel"
            assert len(touchpoints.touchpoints_for(conn, cid)) == 1
    finally:
        db.close()


def test_netlog_fold_equals_pythons_fold_on_every_character(pg: PgDatabase) -> None:
    from netlog.storage import postgres
    from netlog.storage.db import fold

    chars = [
        chr(c)
        for c in range(1, 0x110000)
        if not 0xD800 <= c < 0xE000 and unicodedata.category(chr(c)) != "Cn"
    ]
    conn = postgres.open_database(pg.url)
    try:
        rows = conn.execute(
            "SELECT c, netlog_fold(c) FROM unnest(CAST(? AS text[])) AS c", (chars,)
        ).fetchall()
    finally:
        conn.close()
    wrong = [(hex(ord(c)), f, fold(c)) for c, f in rows if f != fold(c)]
    assert wrong == []


@pytest.fixture(scope="module")
def netlog_schema(pg_server: PgServer) -> Iterator[str]:
    """A database with netlog's schema, shared by the module's read-only tests."""
    from netlog.storage import postgres

    db = pg_server.new_database()
    postgres.open_database(db.url).close()
    yield db.name
    pg_server.drop_database(db.name)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(st.characters(exclude_categories=("Cs", "Cn"), exclude_characters="\x00")))
def test_netlog_fold_equals_pythons_fold_on_any_text(
    pg_server: PgServer, netlog_schema: str, text: str
) -> None:
    from netlog.storage.db import fold

    found = pg_server.sql("SELECT netlog_fold(%s)", (text,), dbname=netlog_schema)
    assert found[0][0] == fold(text)


def test_netlog_fold_is_there_once_the_schema_is(pg: PgDatabase) -> None:
    from netlog.storage import postgres

    postgres.open_database(pg.url).close()
    assert pg.sql("SELECT netlog_fold(%s)", ("  Charité   ÉCOLE Straße ",)) == [
        ("charite ecole strasse",)
    ]


# --- errors: one line, no password -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_a_wrong_password_is_one_line_without_the_password(pg: PgDatabase) -> None:
    from netlog.storage import postgres

    pg.sql("CREATE ROLE alice LOGIN PASSWORD 'right-one'")
    url = pg.url_for("alice", "Wr0ng:p@ss")
    with pytest.raises(DatabaseError) as caught:
        postgres.open_database(url)
    message = str(caught.value)
    assert "refused the password" in message
    assert "\n" not in message
    assert "Wr0ng" not in message and "p@ss" not in message and "p%40ss" not in message
    pg.sql("DROP ROLE alice")


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    from netlog.storage import postgres

    url = f"postgresql://bob:s3cr3t@127.0.0.1:{_free_port()}/netlog"
    with pytest.raises(DatabaseError) as caught:
        postgres.open_database(url)
    message = str(caught.value)
    assert message.startswith("cannot reach the PostgreSQL server for postgresql://bob@127.0.0.1")
    assert "s3cr3t" not in message and "\n" not in message


def test_a_missing_database_says_so(pg_server: PgServer) -> None:
    from netlog.storage import postgres

    with pytest.raises(DatabaseError, match="does not exist") as caught:
        postgres.open_database(pg_server.url("no_such_netlog"))
    assert SUPERPASS not in str(caught.value)


def test_without_the_extra_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    from netlog.storage import postgres

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ImportError(name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(postgres.PgUnavailable, match=r"pip install 'netlog\[postgres\]'"):
        postgres.create_engine("postgresql://alice@db.example/netlog")


def test_a_server_restart_between_commands_is_survived_and_one_during_a_command_is_explained(
    pg: PgDatabase, pg_server: PgServer
) -> None:
    from netlog.storage import contacts, postgres

    db = postgres.open_db(pg.url)
    try:
        with db.write() as conn:
            contacts.insert_contact(conn, {"name": "Before Restart"}, created=TODAY)
        pg_server.restart()
        with db.read() as conn:  # the dropped connection is opened again
            assert contacts.count_contacts(conn) == 1
        with pytest.raises(DatabaseError) as caught, db.write() as conn:
            contacts.insert_contact(conn, {"name": "During Restart"}, created=TODAY)
            pg_server.restart()
            contacts.insert_contact(conn, {"name": "After Restart"}, created=TODAY)
        assert "lost the connection" in str(caught.value)
        assert "nothing was written" in str(caught.value)
        assert SUPERPASS not in str(caught.value)
        with db.read() as conn:
            assert [c.name for c in contacts.all_contacts(conn)] == ["Before Restart"]
    finally:
        db.close()


# --- many clients at once ------------------------------------------------------------------


def test_four_clients_writing_fifty_times_at_once_all_land(pg: PgDatabase) -> None:
    from netlog.storage import contacts, postgres

    postgres.open_database(pg.url).close()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def client(n: int) -> None:
        try:
            conn = postgres.connect(pg.url)
            try:
                start.wait()
                for i in range(50):
                    postgres.run_transaction(
                        conn,
                        lambda c, i=i: contacts.insert_contact(
                            c, {"name": f"Client {n} contact {i}"}, created=TODAY
                        ),
                    )
            finally:
                conn.close()
                conn.engine.dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert pg.sql("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM contact") == [
        (200, 200, 1, 200)
    ]


def test_a_serialization_conflict_is_retried_then_reported(pg: PgDatabase) -> None:
    from netlog.storage import postgres

    conn = postgres.open_database(pg.url)
    other = postgres.connect(pg.url, conn.engine)
    try:
        conn.execute("INSERT INTO meta (\"key\", value) VALUES ('n', '0')")
        tries: list[int] = []

        def bump(c: postgres.PgConnection, *, always: bool) -> str:
            tries.append(1)
            c.execute("SELECT value FROM meta WHERE \"key\" = 'n'").fetchone()  # the snapshot
            if always or len(tries) == 1:  # another client changes the row meanwhile
                other.execute("UPDATE meta SET value = value || '+' WHERE \"key\" = 'n'")
            c.execute("UPDATE meta SET value = value || '!' WHERE \"key\" = 'n'")
            return "done"

        # A snapshot read (write=False) that then writes conflicts like SERIALIZABLE would.
        result = postgres.run_transaction(conn, lambda c: bump(c, always=False), write=False)
        assert (result, len(tries)) == ("done", 2)
        assert conn.execute("SELECT value FROM meta").fetchone() == ("0+!",)
        tries.clear()
        with pytest.raises(DatabaseError, match="kept conflicting") as caught:
            postgres.run_transaction(conn, lambda c: bump(c, always=True), write=False, pause=0)
        assert len(tries) == postgres.RETRY_ATTEMPTS
        assert "nothing was written" in str(caught.value)
        assert conn.execute("SELECT value FROM meta").fetchone()[0].count("!") == 1
    finally:
        other.close()
        conn.close()


def test_savepoints_percent_signs_and_interleaved_results_work_as_in_sqlite3(
    pg: PgDatabase,
) -> None:
    from netlog.storage import postgres

    conn = postgres.open_database(pg.url)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (\"key\", value) VALUES ('a', '100%')")
        conn.execute("SAVEPOINT before_b")
        conn.execute("INSERT INTO meta (\"key\", value) VALUES ('b', 'x')")
        conn.execute("ROLLBACK TO SAVEPOINT before_b")
        assert conn.in_transaction
        conn.execute("COMMIT")
        assert not conn.in_transaction
        assert conn.execute(
            "SELECT \"key\" FROM meta WHERE value LIKE '%\\%' ESCAPE '\\'"
        ).fetchall() == [("a",)]
        outer = conn.execute("SELECT n FROM generate_series(1, 3) AS n")
        first = outer.fetchone()
        inner = conn.execute("SELECT count(*) FROM meta").fetchone()
        assert (first, inner, outer.fetchall()) == ((1,), (1,), [(2,), (3,)])
        assert conn.execute("UPDATE meta SET value = 'y' WHERE \"key\" = 'zz'").rowcount == 0
        with pytest.raises(Exception, match="PRAGMA cache_size"):
            conn.execute("PRAGMA cache_size")
    finally:
        conn.close()
