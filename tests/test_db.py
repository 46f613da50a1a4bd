"""The database file: private, WAL, refused when it is not ours, never overwritten."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from netlog.errors import DatabaseError
from netlog.storage import db as dbmod
from netlog.storage.migrations import APPLICATION_ID, LATEST
from tests.conftest import count_rows


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_use_creates_a_private_file_in_a_private_folder(netlog: Any, db_file: Path) -> None:
    old = os.umask(0o022)
    try:
        assert netlog("add", "Dr. Maya Patel").exit_code == 0
    finally:
        os.umask(old)
    assert mode(db_file) == 0o600
    assert mode(db_file.parent) == 0o700


def test_the_file_is_marked_as_netlog_and_uses_wal(netlog: Any, db_file: Path) -> None:
    netlog("add", "Dr. Maya Patel")
    conn = sqlite3.connect(db_file)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        migrations = conn.execute("SELECT id, name FROM migration ORDER BY id").fetchall()
        assert [m[0] for m in migrations] == list(range(1, LATEST + 1))
    finally:
        conn.close()


def test_db_option_moves_the_database(netlog: Any, tmp_path: Path, db_file: Path) -> None:
    other = tmp_path / "elsewhere" / "work.db"
    assert netlog("--db", str(other), "add", "Dr. Maya Patel").exit_code == 0
    assert count_rows(other)["contact"] == 1
    assert not db_file.exists()


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
    conn.execute("INSERT INTO photos (file) VALUES ('beach.jpg')")
    conn.commit()
    conn.close()


def _newer_netlog(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    src = path.with_name("whole.db")
    conn = sqlite3.connect(src)
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    path.write_bytes(src.read_bytes()[:50])


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_text("name,email\nMaya,maya@example.org\n"), "not a netlog database"),
        (lambda p: p.write_bytes(os.urandom(4096)), "not a netlog database"),
        (_truncated, "not a netlog database"),
        (_foreign_sqlite, "another application"),
        (_newer_netlog, "newer netlog"),
    ],
    ids=["csv", "junk", "truncated", "foreign-sqlite", "newer-schema"],
)
@pytest.mark.parametrize("command", [["due"], ["add", "Dr. Maya Patel"]])
def test_a_file_that_is_not_ours_is_refused_and_left_untouched(
    netlog: Any, db_file: Path, make: Any, words: str, command: list[str]
) -> None:
    db_file.parent.mkdir(parents=True)
    make(db_file)
    before = digest(db_file)
    r = netlog(*command)
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1
    assert words in r.stderr
    assert "Traceback" not in r.stderr
    assert digest(db_file) == before
    assert not db_file.with_name(db_file.name + "-wal").exists()


def test_a_damaged_page_is_reported_not_overwritten(netlog: Any, db_file: Path) -> None:
    netlog("add", "Dr. Maya Patel")
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(db_file.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    db_file.write_bytes(bytes(data))
    before = digest(db_file)
    r = netlog("due")
    assert r.exit_code == 1 and r.stderr.startswith("Error: ")
    assert "Traceback" not in r.stderr
    assert digest(db_file) == before


def test_a_lock_held_by_another_process_gives_a_clear_error(
    netlog: Any, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netlog("add", "Dr. Maya Patel")
    before = count_rows(db_file)
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        r = netlog("log", "patel", "--kind", "thanks")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.exit_code == 1
    assert "locked" in r.stderr and r.stderr.startswith("Error: ")
    assert count_rows(db_file) == before


def test_a_short_lock_is_waited_for(netlog: Any, db_file: Path) -> None:
    netlog("add", "Dr. Maya Patel")
    holder = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        r = netlog("log", "patel", "--kind", "thanks")
    finally:
        release.join()
        holder.close()
    assert r.exit_code == 0, r.stderr
    assert count_rows(db_file)["touchpoint"] == 1


def test_open_db_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="directory"):
        dbmod.open_db(tmp_path)


def test_backup_is_private_and_a_valid_netlog_database(
    netlog: Any, db_file: Path, tmp_path: Path
) -> None:
    netlog("add", "Dr. Maya Patel", "--at", "AAOS 2026")
    target = tmp_path / "backups" / "netlog-copy.db"
    target.parent.mkdir()
    old = os.umask(0o022)
    try:
        assert netlog("backup", "-o", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert mode(target) == 0o600
    assert count_rows(target) == count_rows(db_file)
    r = netlog("--db", str(target), "show", "patel", "--json")
    assert r.exit_code == 0 and r.json()["name"] == "Dr. Maya Patel"


def test_backup_by_default_lands_next_to_the_database(netlog: Any, db_file: Path) -> None:
    netlog("add", "Dr. Maya Patel")
    first = netlog("backup")
    second = netlog("backup")
    assert first.exit_code == second.exit_code == 0
    copies = sorted(db_file.parent.glob("netlog-backup-2026-11-05*.db"))
    assert len(copies) == 2  # the second backup does not overwrite the first
    assert all(mode(c) == 0o600 for c in copies)
