"""Schema changes: every old file reaches the latest schema with every row, after a backup."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from netlog.errors import DatabaseError
from netlog.storage.columns import COLUMNS, UNDO_TABLES
from netlog.storage.db import open_db
from netlog.storage.migrations import LATEST, STEPS, columns_after
from tests.safety_helpers import V1_ROWS, dump, make_schema, make_v1, run
from tests.test_schema import models_db, shape, shape_of

DATA_TABLES = ("contact", "touchpoint", "activity", "letter", "pending", "meta")


def _norm_type(kind: str) -> str:
    kind = kind.upper()
    return "TEXT" if kind.startswith("VARCHAR") else kind


def table_shape(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with columns (name, type, not null, pk), foreign keys and indexes."""
    shape: dict[str, object] = {}
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for name in names:
        columns = sorted(
            (r[1], _norm_type(r[2]), bool(r[3]), r[5])
            for r in conn.execute(f'PRAGMA table_info("{name}")')
        )
        keys = sorted(
            (r[2], r[3], r[4], r[6]) for r in conn.execute(f'PRAGMA foreign_key_list("{name}")')
        )
        indexes = sorted(
            (r[1], tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')))
            for r in conn.execute(f'PRAGMA index_list("{name}")')
            if r[3] == "c"
        )
        shape[name] = (columns, keys, indexes)
    return shape


def models_shape() -> dict[str, object]:
    from sqlmodel import SQLModel, create_engine

    import netlog.storage.models  # noqa: F401  (registers the tables)

    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    raw = engine.raw_connection()
    try:
        return table_shape(raw.driver_connection)  # type: ignore[arg-type]
    finally:
        raw.close()


def test_a_blank_file_reaches_the_latest_schema_equal_to_the_models(tmp_path: Path) -> None:
    db = open_db(tmp_path / "netlog.db")
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        names = [r[0] for r in db.conn.execute("SELECT name FROM migration ORDER BY id")]
        assert names == [name for name, _ in STEPS]
        assert table_shape(db.conn) == models_shape()
    finally:
        db.close()


def test_a_schema_1_file_migrates_keeping_every_row_and_a_private_backup(tmp_path: Path) -> None:
    path = tmp_path / "netlog.db"
    make_v1(path)
    before = dump(path, DATA_TABLES)
    assert before["contact"] and before["touchpoint"] and before["letter"]

    db = open_db(path)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert table_shape(db.conn) == models_shape()
    finally:
        db.close()
    after = dump(path, DATA_TABLES)
    # Every contact gained its stable key (the last column).
    uids = [row[-1] for row in after["contact"]]
    assert all(uid and len(uid) == 32 for uid in uids) and len(set(uids)) == len(uids)
    # Later steps add columns at the end: every value that was there is kept.
    width = {t: len(rows[0]) for t, rows in before.items() if rows}
    assert {t: [r[: width.get(t, len(r))] for r in rows] for t, rows in after.items()} == before

    backups = list(tmp_path.glob("netlog-schema1-*.db"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert dump(backups[0], DATA_TABLES) == before
    check = sqlite3.connect(backups[0])
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    check.close()


def test_an_empty_file_needs_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "netlog.db"
    path.touch()
    open_db(path).close()
    assert list(tmp_path.glob("*schema*")) == []


def test_after_migrating_a_schema_1_file_commands_work_and_changes_can_be_undone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "netlog.db"
    make_v1(path)
    before = dump(path, ("touchpoint",))
    run("log", "patel", "--kind", "update", db=path, check=True)
    assert len(dump(path, ("touchpoint",))["touchpoint"]) == 3
    assert run("undo", db=path, check=True).stdout.startswith("Undid log")
    width = len(before["touchpoint"][0])  # later steps add columns at the end
    assert [r[:width] for r in dump(path, ("touchpoint",))["touchpoint"]] == before["touchpoint"]


def test_a_file_from_a_newer_netlog_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "netlog.db"
    conn = make_schema(path, LATEST)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    raw = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer netlog"):
        open_db(path)
    result = run("due", db=path)
    assert result.returncode == 1
    assert "written by a newer netlog" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == raw


def test_a_failing_step_leaves_the_file_at_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netlog.storage.migrations

    path = tmp_path / "netlog.db"
    make_v1(path)
    broken = (*STEPS[:1], ("0002_broken", ("CREATE TABLE change (id INTEGER)", "NOT SQL")))
    monkeypatch.setattr(netlog.storage.migrations, "_steps", broken)
    with pytest.raises(DatabaseError):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM migration").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'change'").fetchone() is None
    conn.close()


def test_the_undo_triggers_copy_every_column_of_every_logged_table(tmp_path: Path) -> None:
    db = open_db(tmp_path / "netlog.db")
    try:
        with db.write() as conn:
            for statement in V1_ROWS.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO skip (contact_id, rule, due, reason, created) "
                "SELECT id, 'keep-warm', '2026-01-01', 'moved away', '2026-01-01' "
                "FROM contact LIMIT 1"
            )
        db.command = "test"
        with db.write() as conn:
            for table in UNDO_TABLES:
                conn.execute(f"DELETE FROM {table}")
        import json

        for table in UNDO_TABLES:
            columns = {r[1] for r in db.conn.execute(f"PRAGMA table_info({table})")}
            images = [
                json.loads(r[0])
                for r in db.conn.execute(
                    "SELECT image FROM change_row WHERE table_name = ?", (table,)
                )
            ]
            assert images, table
            assert all(set(image) == columns for image in images), table
    finally:
        db.close()


def test_every_new_contact_gets_its_own_key_and_undo_of_an_add_still_removes_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "netlog.db"
    run("add", "Aarav Brown", db=path, check=True)
    run("add", "Aarav Brown", "--institution", "UCSF", db=path, check=True)
    conn = sqlite3.connect(path)
    uids = [r[0] for r in conn.execute("SELECT uid FROM contact")]
    conn.close()
    assert len(set(uids)) == 2 and all(u and len(u) == 32 for u in uids)
    run("undo", db=path, check=True)
    assert len(dump(path, ("contact",))["contact"]) == 1
    # A row inserted without a key (by hand, or by an older netlog) gets one.
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO contact (name, name_key, created, updated) "
        "VALUES ('X', 'x', '2026-01-01', '2026-01-01T00:00:00Z')"
    )
    conn.commit()
    assert conn.execute("SELECT uid FROM contact WHERE name = 'X'").fetchone()[0]
    conn.close()


# --- every old file reaches exactly the models' schema -----------------------------

# What each released step runs (sha256 of its statements, one a line). Real
# files went through these: a step that ran differently now would leave their
# files unlike the ones made since. Add a step; never change one.
RELEASED_STEPS = {
    "0001_initial": "d9f322930cc5471b5113a92e8e0dbbb9ac1b738b581568667abc003825f8e570",
    "0002_change_log": "10b878d27ae99965aeae4f3ccaac046c8fa62e67ec5dd587f1dcacfe095c1aa6",
    "0003_followup_lifecycle": "ddd3d334981c87bdad77edbb216f19ab300660f6d38706193a5504a4aba2ca5a",
    "0004_contact_uid": "9a38a0570ca6180373455a68b6929afc7475e3910581761d18a00d6726867ea8",
    "0005_touchpoint_report_indexes": (
        "fad4b162714cfaf1dd7a9a062aae7f4229f5b52c1ddd616bfe86610fc4be08f4"
    ),
    "0006_skip": "a2a31578e5bd4740e1fcd525da8f77cf05aefc424145277c4f1f1f4b8ed59c6c",
    "0007_change_author": "1a32f58a1aadebb02592f07bdedbd822de5e574417721d503f6b9c5665b470a7",
    "0008_read_indexes": ("8c2a8b41838802a9b0a66cd33de12353fd3e4ea6ce070c3f8cf34457b33c585a"),
    "0009_rule_index_days": ("fc31cceb8e9b86d0f75110e664ab42c931fc1e7451ca240154dd1e97ca598004"),
}


def test_the_released_steps_run_what_they_always_ran() -> None:
    ran = {
        name: hashlib.sha256("\n".join(statements).encode()).hexdigest()
        for name, statements in STEPS
    }
    assert {name: ran[name] for name in RELEASED_STEPS} == RELEASED_STEPS
    assert [name for name, _ in STEPS[: len(RELEASED_STEPS)]] == list(RELEASED_STEPS)


@pytest.mark.parametrize("version", range(LATEST + 1))
def test_a_file_of_every_version_reaches_exactly_the_models_schema(
    version: int, tmp_path: Path
) -> None:
    """0 is a new file; LATEST a file every step made, as every netlog file before this one."""
    path = tmp_path / "netlog.db"
    if version:
        make_schema(path, version).close()
    db = open_db(path)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        names = [r[0] for r in db.conn.execute("SELECT name FROM migration ORDER BY id")]
        assert names == [name for name, _ in STEPS]
        migrated = shape(db.conn)
    finally:
        db.close()
    declared = shape_of(models_db(tmp_path / "models.db"))
    assert sorted(migrated) == sorted(declared)
    for table in declared:
        assert migrated[table] == declared[table], table


@pytest.mark.parametrize("number", range(1, LATEST + 1))
def test_each_step_leaves_the_columns_the_later_steps_start_from(
    number: int, tmp_path: Path
) -> None:
    """A logged table's undo triggers copy exactly the columns it has after the step."""
    conn = make_schema(tmp_path / "netlog.db", number)
    try:
        for table in UNDO_TABLES:
            have = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{table}")'))
            if not have:
                continue  # made by a later step
            assert have == columns_after(number, table), (number, table)
            assert have == COLUMNS[table][: len(have)]  # later columns come at the end
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (f"undo_{table}_delete",),
            ):
                assert sql.count('OLD."') == len(have), (number, table)
    finally:
        conn.close()
