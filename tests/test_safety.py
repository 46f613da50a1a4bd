"""Undo, backup, restore, doctor and privacy, as a user meets them."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from netlog.storage.migrations import APPLICATION_ID, LATEST
from tests.safety_helpers import dump, make_v1, run

TABLES = ("contact", "touchpoint", "activity", "letter", "pending")


def db_file(tmp_path: Path) -> Path:
    return Path(os.environ["NETLOG_DB"])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- undo ---------------------------------------------------------------------------


def test_removing_the_wrong_person_is_undone_with_their_whole_timeline(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Dr. Maya Patel", "--at", "AAOS 2026", "--note", "ACL registry", check=True)
    run("add", "Dr. Maya Chen", "--met", "2026-11-02", check=True)
    run("log", "Maya Patel", "--kind", "thanks", "--awaiting-reply", check=True)
    before = dump(db, TABLES)
    run("rm", "Maya Patel", "--yes", check=True)
    listed = run("undo", "--list", check=True).stdout
    assert "rm" in listed and "deleted Dr. Maya Patel (#1) and 2 touchpoints" in listed
    result = run("undo", check=True)
    assert "deleted Dr. Maya Patel" in result.stdout
    assert dump(db, TABLES) == before


def test_a_bad_edit_is_undone_and_follow_ups_come_back(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Dr. Lee", "--at", "AAOS", "--email", "lee@example.org", check=True)
    before = dump(db, ("contact", "pending"))
    run("edit", "lee", "--name", "Dr. Wrong", "--core", "--every", "30", check=True)
    run("archive", "wrong", check=True)
    run("undo", check=True)
    run("undo", check=True)
    after = dump(db, ("contact", "pending"))
    assert [r[:-3] + r[-2:] for r in after["contact"]] == [
        r[:-3] + r[-2:] for r in before["contact"]
    ]
    assert [r[1:] for r in after["pending"]] == [r[1:] for r in before["pending"]]


def test_undo_goes_back_one_change_at_a_time_and_then_says_nothing_is_left(
    tmp_path: Path,
) -> None:
    run("add", "A One", check=True)
    run("add", "B Two", check=True)
    assert "B Two" in run("undo", check=True).stdout
    assert "A One" in run("undo", check=True).stdout
    result = run("undo")
    assert result.returncode == 1
    assert "nothing to undo" in result.stderr
    assert json.loads(run("list", "--json", check=True).stdout) == []


def test_reads_and_failed_commands_leave_nothing_to_undo(tmp_path: Path) -> None:
    run("add", "A One", check=True)
    run("due", check=True)
    run("list", check=True)
    assert run("add", "", "--at", "X").returncode == 1
    assert run("edit", "A One", "--email", "not-an-address").returncode == 1
    lines = run("undo", "--list", check=True).stdout.strip().splitlines()
    assert len(lines) == 2  # header and the one add


def test_the_change_log_keeps_the_last_fifty_changes(tmp_path: Path) -> None:
    from netlog.storage import changes
    from netlog.storage.db import open_db

    db = open_db(db_file(tmp_path))
    db.command = "add"
    try:
        for n in range(60):
            with db.write() as conn:
                conn.execute(
                    "INSERT INTO contact (name, name_key, created, updated) "
                    "VALUES (?, ?, '2026-11-23', 'now')",
                    (f"P{n}", f"p{n}"),
                )
        with db.read() as conn:
            kept = changes.recent(conn, 100)
            rows = conn.execute("SELECT count(DISTINCT change_id) FROM change_row").fetchone()
        assert len(kept) == changes.KEEP == 50
        assert kept[0].summary == "added P59 (#60)"
        assert rows[0] == 50
    finally:
        db.close()


def test_undo_clear_forgets_deleted_notes_for_good(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    secret = "Confidential-visa-status-4711"
    run("add", "Dr. Private", "--note", secret, check=True)
    run("rm", "private", "--yes", check=True)
    run("undo", "--clear", check=True)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    blob = db.read_bytes()
    for extra in (Path(f"{db}-wal"),):
        if extra.exists():
            blob += extra.read_bytes()
    assert secret.encode() not in blob
    assert run("undo").returncode == 1


def test_secure_delete_is_on_for_every_connection(tmp_path: Path) -> None:
    from netlog.storage.db import open_db

    db = open_db(db_file(tmp_path))
    try:
        assert db.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        db.close()


# --- backup and restore -------------------------------------------------------------


def test_backup_while_another_process_writes_is_consistent_and_private(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Seed", check=True)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from netlog.storage.db import open_db\n"
            "from netlog.storage import contacts\n"
            "from datetime import date\n"
            "db = open_db(Path(sys.argv[1]))\n"
            "for batch in range(40):\n"
            "    with db.write() as conn:\n"
            "        for n in range(250):\n"
            "            contacts.insert_contact(conn, {'name': f'W{batch}-{n}'},"
            " created=date(2026, 11, 23))\n",
            str(db),
        ]
    )
    backups = []
    try:
        for n in range(3):
            target = tmp_path / f"copy-{n}.db"
            run("backup", "-o", str(target), check=True, env={"NETLOG_TODAY": "2026-11-23"})
            backups.append(target)
    finally:
        assert writer.wait(60) == 0
    for target in backups:
        assert mode(target) == 0o600
        conn = sqlite3.connect(target)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        conn.close()
        assert (count - 1) % 250 == 0  # whole transactions only


def test_restore_brings_back_a_backup_and_keeps_the_current_file(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Kept Person", "--at", "AAOS", check=True)
    backup = tmp_path / "before.db"
    run("backup", "-o", str(backup), check=True)
    before = dump(db, TABLES)
    run("add", "Later Person", check=True)
    later = dump(db, TABLES)
    result = run("restore", str(backup), check=True)
    assert "1 contacts" in result.stdout
    assert dump(db, TABLES) == before
    kept = list(db.parent.glob("netlog-before-restore-*.db"))
    assert len(kept) == 1 and mode(kept[0]) == 0o600
    assert dump(kept[0], TABLES) == later
    assert mode(db) == 0o600
    assert run("doctor").returncode == 0


def test_restore_upgrades_an_old_backup(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    make_v1(old)
    run("add", "Someone", check=True)
    run("restore", str(old), check=True)
    names = [c["name"] for c in json.loads(run("list", "--json", "--archived").stdout)]
    assert "Dr. Maya Patel" in names and "Someone" not in names


def test_restore_refuses_files_that_are_not_healthy_netlog_databases(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Keep Me", check=True)
    before = dump(db, TABLES)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello, this is not a database" * 10)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    cases = {
        junk: "not an SQLite file",
        other: "another application",
        newer: "newer netlog",
        tmp_path / "missing.db": "does not exist",
        db: "database in use",
    }
    for path, message in cases.items():
        result = run("restore", str(path))
        assert result.returncode == 1, path
        assert message in result.stderr, (path, result.stderr)
        assert "Traceback" not in result.stderr
    assert dump(db, TABLES) == before
    assert list(db.parent.glob("*before-restore*")) == []


# --- doctor ---------------------------------------------------------------------------


def test_doctor_says_healthy_and_exits_0(tmp_path: Path) -> None:
    run("add", "Dr. Fine", "--at", "AAOS", check=True)
    result = run("doctor")
    assert result.returncode == 0, result.stdout
    assert "No problems found." in result.stdout


def test_doctor_finds_loose_modes_and_stale_follow_ups_and_fixes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default place: the platform's user data folder, which netlog owns.
    monkeypatch.delenv("NETLOG_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    db = tmp_path / "xdg" / "netlog" / "netlog.db"
    run("add", "Dr. Stale", "--at", "AAOS", check=True)
    assert db.exists()
    os.chmod(db, 0o644)
    os.chmod(db.parent, 0o755)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM pending")
    conn.commit()
    conn.close()
    result = run("doctor")
    assert result.returncode == 1
    assert "0644" in result.stdout and "chmod 600" in result.stdout
    assert "0755" in result.stdout
    assert "stored follow-ups differ" in result.stdout
    fixed = run("doctor", "--fix")
    assert fixed.returncode == 0, fixed.stdout
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    assert "conference-followup" in run("due", check=True).stdout


def test_doctor_names_rows_the_rules_cannot_read_with_what_to_do(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Dr. Odd", "--at", "AAOS", check=True)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE touchpoint SET date = 'last week', channel = 'pigeon' WHERE id = 1")
    conn.execute("UPDATE contact SET tags = '[broken' WHERE id = 1")
    conn.commit()
    conn.close()
    result = run("doctor")
    assert result.returncode == 1
    out = result.stdout
    assert "touchpoint #1: date 'last week' is not a date" in out
    assert "touchpoint #1: channel 'pigeon' is not a known channel" in out
    assert "contact #1: tags '[broken' is not a JSON list" in out
    assert "UPDATE touchpoint SET date = 'YYYY-MM-DD' WHERE id = 1" in out
    assert "Dr. Odd" not in out


def test_doctor_reports_an_old_schema_and_fix_upgrades_it(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    make_v1(db)
    result = run("doctor")
    assert result.returncode == 1 and f"schema 1, latest is {LATEST}" in result.stdout
    assert run("doctor", "--fix").returncode == 0
    assert list(db.parent.glob("netlog-schema1-*.db"))


def test_doctor_on_damaged_and_foreign_files_explains_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = db_file(tmp_path)
    db.parent.mkdir(mode=0o700)
    db.write_bytes(b"not a database at all" * 20)
    os.chmod(db, 0o600)
    result = run("doctor")
    assert result.returncode == 1
    assert "not an SQLite database file" in result.stdout
    assert "netlog restore" in result.stdout
    assert db.read_bytes() == b"not a database at all" * 20


def test_doctor_finds_broken_foreign_keys(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Dr. Gone", "--at", "AAOS", check=True)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM contact")
    conn.commit()
    conn.close()
    result = run("doctor")
    assert result.returncode == 1
    assert "touchpoint #1 points to a contact that does not exist" in result.stdout


# --- privacy --------------------------------------------------------------------------


def test_files_are_private_even_under_umask_022(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "netlog.db"
    backup = tmp_path / "out" / "copy.db"
    backup.parent.mkdir()
    old = os.umask(0o022)
    try:
        run("add", "Dr. Umask", "--at", "AAOS", db=db, check=True)
        run("backup", "-o", str(backup), db=db, check=True)
        conn = sqlite3.connect(db)  # keep the WAL and SHM files around
        conn.execute("SELECT count(*) FROM contact").fetchone()
        run("log", "umask", db=db, check=True)
        assert mode(db.parent) == 0o700
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), backup):
            assert path.exists(), path
            assert mode(path) == 0o600, path
        conn.close()
        run("backup", db=db, check=True)
        assert all(mode(p) == 0o600 for p in db.parent.glob("netlog-backup-*.db"))
    finally:
        os.umask(old)


def test_engine_errors_never_echo_personal_values(tmp_path: Path) -> None:
    db = db_file(tmp_path)
    run("add", "Dr. Secret Name", "--email", "secret@example.org", check=True)
    result = run("add", "Another", "--email", "SECRET@example.org")
    assert result.returncode == 1
    # The clash points at the existing contact by id, not by a name not typed here.
    assert "(#1)" in result.stderr and "Dr. Secret Name" not in result.stderr
    result = run("rm", "Nobody Here", "--yes")
    assert result.returncode == 1 and "Dr. Secret Name" not in result.stderr
    from netlog.storage.db import _translate

    error = _translate(sqlite3.IntegrityError("CHECK constraint failed: secret"), db)
    assert "secret" not in str(error).split(str(db))[-1]


def test_doctor_leaves_a_folder_the_user_chose_alone(tmp_path: Path) -> None:
    """With --db in a shared folder (say /tmp), only netlog's own files are checked."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    db = shared / "netlog.db"
    run("add", "Dr. Folder", db=db, check=True)
    result = run("doctor", db=db)
    assert result.returncode == 0, result.stdout
    assert run("doctor", "--fix", db=db).returncode == 0
    assert mode(shared) == 0o755
