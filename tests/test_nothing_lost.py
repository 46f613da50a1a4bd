"""Drills for "nothing lost, ever": real netlog processes against real files.

Each drill is a way data got lost or a promise got broken: writing an export
over the live database, two restores in one second, a restore racing
writers, writes into a damaged file, racing first uses and upgrades, a slow
reader holding up writers, symbolic links around 0600, doctor's advice, a
FIFO as the database, leftovers of kill -9 and an empty --db.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.safety_helpers import make_v1, run

DATA = ("contact", "touchpoint", "activity", "letter", "pending")


def _db() -> Path:
    return Path(os.environ["NETLOG_DB"])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM contact")}
    finally:
        conn.close()


def _popen(*args: str, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "netlog", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- 1. outputs never overwrite a database ----------------------------------------


def _checkpointed(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "json", "vcard", "ics"])
def test_export_over_the_live_database_is_refused_through_any_name(
    tmp_path: Path, fmt: str
) -> None:
    db = _db()
    run("add", "Dr. Kept", "--at", "AAOS", check=True)
    before = _checkpointed(db)
    link = tmp_path / "link.db"
    link.symlink_to(db)
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    for target in (db, link, hard, Path(f"{db}-wal"), Path(f"{db}-shm")):
        result = run("export", "--format", fmt, "-o", str(target))
        assert "database" in _one_line_error(result), target
        assert db.read_bytes() == before
    assert "Dr. Kept" in run("list", check=True).stdout


def test_export_and_svg_refuse_any_sqlite_file_but_backup_may_replace_one(
    tmp_path: Path,
) -> None:
    db = _db()
    run("add", "Dr. Kept", check=True)
    other = tmp_path / "old-backup.db"
    run("backup", "-o", str(other), check=True)
    raw = other.read_bytes()
    assert "SQLite database" in _one_line_error(run("export", "-o", str(other)))
    assert "SQLite database" in _one_line_error(run("stats", "--svg", str(other)))
    assert other.read_bytes() == raw
    assert "database in use" in _one_line_error(run("stats", "--svg", str(db)))
    assert "database in use" in _one_line_error(run("backup", "-o", str(db)))
    assert "Dr. Kept" in run("list", check=True).stdout
    run("add", "Dr. Later", check=True)
    run("backup", "-o", str(other), check=True)  # backup's job: write a database
    assert _names(other) == {"Dr. Kept", "Dr. Later"}


# --- 2. kept copies never overwrite each other --------------------------------------


def test_restores_in_quick_succession_each_keep_their_own_copy(tmp_path: Path) -> None:
    db = _db()
    run("add", "First", check=True)
    a = tmp_path / "a.db"
    run("backup", "-o", str(a), check=True)
    run("add", "Second", check=True)
    b = tmp_path / "b.db"
    run("backup", "-o", str(b), check=True)
    # One process restoring six times in a row: well within a second.
    script = (
        "import sys\nimport netlog.cli\n"
        "for source in sys.argv[1:]:\n"
        "    netlog.cli.app(['restore', source], standalone_mode=False)\n"
    )
    sources = [str(x) for x in (a, b, a, b, a, b)]
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", script, *sources], check=True, capture_output=True)
    assert time.monotonic() - started < 10
    kept = sorted(db.parent.glob("netlog-before-restore-*.db"))
    assert len(kept) == 6
    assert all(_mode(k) == 0o600 for k in kept)
    # Each copy is what the restore replaced: the original, then a, b, a, b, a.
    contents = sorted(len(_names(k)) for k in kept)
    assert contents == [1, 1, 1, 2, 2, 2]


def test_kept_copies_of_the_same_file_never_share_a_name(tmp_path: Path) -> None:
    from netlog.files import new_temp, publish_copy

    db = tmp_path / "netlog.db"
    names = set()
    for n in range(50):
        tmp = new_temp(db)
        tmp.write_text(str(n), encoding="utf-8")
        names.add(publish_copy(tmp, db, "schema1"))
    assert len(names) == 50
    assert sorted(int(p.read_text(encoding="utf-8")) for p in names) == list(range(50))
    assert all(_mode(p) == 0o600 for p in names)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in names)


# --- 3. restore while others write ------------------------------------------------

WRITER = """
import sys, time
from datetime import date
from pathlib import Path
from netlog.storage import contacts
from netlog.storage.db import open_db
from netlog.errors import DatabaseError

path, tag, until = Path(sys.argv[1]), sys.argv[2], time.monotonic() + float(sys.argv[3])
n = 0
while time.monotonic() < until:
    n += 1
    name = f"W{tag}-{n}"
    try:
        db = open_db(path)
        try:
            with db.write() as conn:
                contacts.insert_contact(conn, {"name": name}, created=date(2026, 11, 5))
        finally:
            db.close()
    except DatabaseError:
        continue
    print(name, flush=True)
    time.sleep(0.01)
"""


def test_restore_while_others_write_loses_no_acknowledged_write(tmp_path: Path) -> None:
    db = _db()
    run("add", "Base", check=True)
    backup = tmp_path / "base.db"
    run("backup", "-o", str(backup), check=True)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(i), "6"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    restored = refused = 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        result = run("restore", str(backup))
        if result.returncode == 0:
            restored += 1
        else:
            assert "in use by another netlog process" in result.stderr, result.stderr
            refused += 1
    acknowledged: set[str] = set()
    for proc in writers:
        out, _ = proc.communicate(timeout=30)
        acknowledged |= set(out.split())
    assert acknowledged and restored + refused > 0
    found = _names(db)
    for kept in db.parent.glob("netlog-before-restore-*.db"):
        found |= _names(kept)
    assert acknowledged - found == set(), f"{restored} restores, {refused} refused"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    print(f"{len(acknowledged)} writes, {restored} restores, {refused} refused")


PROBE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO meta (key, value) VALUES ('probe', 'landed')")
    conn.execute("COMMIT")
    print("written")
except sqlite3.OperationalError as exc:
    print(exc)
"""


def test_a_writer_arriving_after_restore_kept_its_copy_is_held_off_until_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between keeping the old file and putting the backup in its place, nobody writes.

    Once restore has copied the current file aside, a write that still got
    into it would be in neither the kept copy nor the restored file. The
    probe is another process trying to write at exactly that moment.
    """
    from netlog.storage import backup as backup_module

    db = _db()
    run("add", "Base", check=True)
    saved = tmp_path / "base.db"
    run("backup", "-o", str(saved), check=True)
    run("add", "Written after the backup", check=True)
    seen: list[str] = []
    from netlog import files

    real_publish = files.publish_copy

    def publish_then_probe(tmp: Path, database: Path, label: str) -> Path:
        probe = subprocess.run(
            [sys.executable, "-c", PROBE, str(database)], capture_output=True, text=True
        )
        seen.append(probe.stdout.strip() or probe.stderr.strip())
        return real_publish(tmp, database, label)

    monkeypatch.setattr(files, "publish_copy", publish_then_probe)
    _, kept = backup_module.restore_from(saved, db)
    assert seen == ["database is locked"]
    assert kept is not None and "Written after the backup" in _names(kept)
    assert "Written after the backup" not in _names(db)


def test_a_refused_restore_leaves_no_copy_and_no_temporary_file(tmp_path: Path) -> None:
    db = _db()
    run("add", "Kept", check=True)
    backup = tmp_path / "b.db"
    run("backup", "-o", str(backup), check=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('SELECT count(*) FROM contact').fetchall()\n"
            "print('open', flush=True)\n"
            "time.sleep(30)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run("restore", str(backup))
    finally:
        holder.kill()
        holder.wait()
    assert "in use by another netlog process" in _one_line_error(result)
    assert {p.name for p in db.parent.iterdir()} <= {"netlog.db", "netlog.db-wal", "netlog.db-shm"}
    assert "Kept" in run("list", check=True).stdout


# --- 4. a damaged file takes no write ---------------------------------------------


def _damage_migration_table(path: Path) -> None:
    """Garble the page of the ``migration`` table (which no command reads)."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE key = 'checked_at'")  # not checked recently
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'migration'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xa5" * 64)


def test_a_damaged_file_refuses_writes_and_keeps_its_bytes() -> None:
    db = _db()
    run("add", "Dr. Kept", "--at", "AAOS", check=True)
    _damage_migration_table(db)
    raw = db.read_bytes()
    for args in (("add", "New Person"), ("log", "kept", "--kind", "update"), ("rm", "1", "--yes")):
        line = _one_line_error(run(*args))
        assert "damaged" in line and "netlog doctor" in line, line
        assert db.read_bytes() == raw
        assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert run("due").returncode == 0  # reading is still allowed
    assert run("doctor").returncode == 1


def test_a_healthy_file_is_checked_once_and_then_remembered() -> None:
    db = _db()
    run("add", "Dr. Kept", check=True)
    conn = sqlite3.connect(db)
    stamp = conn.execute("SELECT value FROM meta WHERE key = 'checked_at'").fetchone()
    conn.close()
    assert stamp is not None
    run("add", "Dr. Second", check=True)
    conn = sqlite3.connect(db)
    again = conn.execute("SELECT value FROM meta WHERE key = 'checked_at'").fetchone()
    conn.close()
    assert again == stamp  # not checked (nor rewritten) on every command


# --- 5. first use and upgrades race -----------------------------------------------


STARTER = """
import os, sys, time
import netlog.cli  # loaded first, so every process reaches the file at the same moment
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.001)
sys.argv = ["netlog", *sys.argv[2:]]
netlog.cli.main()
"""


def _at_once(db: Path, commands: list[list[str]]) -> list[tuple[int, str]]:
    """Run netlog commands in separate processes, released together."""
    go = db.parent / "go"
    env = {**os.environ, "NETLOG_DB": str(db)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(go), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for args in commands
    ]
    time.sleep(1.0)
    go.touch()
    out = []
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        out.append((proc.returncode, err))
    go.unlink()
    return out


def test_four_adds_on_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    for round_ in range(3):
        db = tmp_path / f"new-{round_}" / "netlog.db"
        db.parent.mkdir()
        results = _at_once(db, [["add", f"Person {i}"] for i in range(4)])
        assert [code for code, _ in results] == [0] * 4, results
        assert _names(db) == {f"Person {i}" for i in range(4)}


def test_several_processes_upgrading_a_schema_1_file_all_succeed(tmp_path: Path) -> None:
    for round_ in range(3):
        db = tmp_path / f"old-{round_}" / "netlog.db"
        make_v1(db)
        results = _at_once(db, [["add", f"Person {i}"] for i in range(4)])
        assert [code for code, _ in results] == [0] * 4, results
        assert {f"Person {i}" for i in range(4)} <= _names(db)
        assert len(list(db.parent.glob("netlog-schema1-*.db"))) == 1


# --- 6. a slow reader does not block writers --------------------------------------


def test_a_slow_export_reader_does_not_hold_up_an_add() -> None:
    db = _db()
    run("add", "Seed", check=True)
    script = (
        "import sys\nfrom datetime import date\nfrom pathlib import Path\n"
        "from netlog.storage import contacts\nfrom netlog.storage.db import open_db\n"
        "db = open_db(Path(sys.argv[1]))\n"
        "with db.write() as conn:\n"
        "    for n in range(1500):\n"
        "        contacts.insert_contact(conn, {'name': f'P {n}', 'notes': 'x' * 200},"
        " created=date(2026, 11, 5))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    export = _popen("export")  # nobody reads its output yet: the pipe fills
    try:
        time.sleep(1.5)
        assert export.poll() is None
        started = time.monotonic()
        added = run("add", "While Exporting")
        waited = time.monotonic() - started
    finally:
        out, err = export.communicate(timeout=60)
    assert added.returncode == 0, added.stderr
    assert waited < 4
    assert export.returncode == 0, err
    assert out.count("\n") == 1502  # header + 1501 contacts read before the add
    activities = json.loads(run("export", "activities", "--format", "json").stdout)
    assert any(a["kind"] == "export" for a in activities)


# --- 7. symbolic links do not get around 0600 --------------------------------------


def _umask(mask: int) -> object:
    return lambda: os.umask(mask)


def test_a_database_through_a_link_is_created_private(tmp_path: Path) -> None:
    real = tmp_path / "real" / "netlog.db"
    real.parent.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    result = subprocess.run(
        [sys.executable, "-m", "netlog", "--db", str(link), "add", "Someone"],
        capture_output=True,
        text=True,
        preexec_fn=_umask(0o022),  # type: ignore[arg-type]
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and _mode(real) == 0o600
    from netlog.storage.db import open_db

    db = open_db(link)
    try:
        with db.write() as conn:
            conn.execute("UPDATE contact SET notes = 'x'")
        for suffix in ("-wal", "-shm"):
            assert _mode(Path(f"{real}{suffix}")) == 0o600, suffix
    finally:
        db.close()


def test_config_init_through_a_dangling_link_under_umask_000_is_private(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "netlog.toml"
    target.parent.mkdir()
    link = tmp_path / "config.toml"
    link.symlink_to(target)
    result = subprocess.run(
        [sys.executable, "-m", "netlog", "config", "--init"],
        capture_output=True,
        text=True,
        env={**os.environ, "NETLOG_CONFIG": str(link)},
        preexec_fn=_umask(0),  # type: ignore[arg-type]
    )
    assert result.returncode == 0, result.stderr
    assert target.exists() and _mode(target) == 0o600


def test_stats_svg_replaces_a_link_and_leaves_its_target_alone(tmp_path: Path) -> None:
    run("add", "Someone", check=True)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / "picture.svg"
    link.symlink_to(precious)
    run("stats", "--svg", str(link), check=True)
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and _mode(link) == 0o600
    assert "<svg" in link.read_text(encoding="utf-8")


# --- 8. doctor's advice -------------------------------------------------------------

PARTIAL_CHECKPOINT = """
import os, sqlite3, sys
path = sys.argv[1]
conn = sqlite3.connect(path, isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("BEGIN")
for n in range(400):
    conn.execute(
        "INSERT INTO contact (name, name_key, created, updated) VALUES (?, ?, ?, ?)",
        (f"Grown {n}", f"grown {n}", "2026-11-05", "2026-11-05T10:00:00Z"),
    )
conn.execute("COMMIT")
os._exit(0)  # like a kill: the WAL is never checkpointed
"""


def _cut_checkpoint_short(path: Path) -> None:
    """The WAL's newest page 1 copied into the file, and nothing else.

    That is what a checkpoint killed (or stopped by a full disk) after its
    first page leaves: a header counting pages the file does not have yet.
    """
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    subprocess.run([sys.executable, "-c", PARTIAL_CHECKPOINT, str(path)], check=True)
    wal = Path(f"{path}-wal").read_bytes()
    size = int.from_bytes(wal[8:12], "big")
    page1 = None
    for offset in range(32, len(wal) - 24 - size + 1, 24 + size):
        if int.from_bytes(wal[offset : offset + 4], "big") == 1:
            page1 = wal[offset + 24 : offset + 24 + size]
    assert page1 is not None
    with path.open("r+b") as handle:
        handle.write(page1)
    assert path.stat().st_size < int.from_bytes(page1[28:32], "big") * size


def test_doctor_calls_a_checkpoint_cut_short_healthy() -> None:
    db = _db()
    run("add", "Dr. Kept", check=True)
    _cut_checkpoint_short(db)
    result = run("doctor")
    assert "truncated" not in result.stdout, result.stdout
    assert "ok       quick_check" in result.stdout
    assert len(json.loads(run("list", "--json", check=True).stdout)) == 401


def test_doctor_on_an_empty_file_from_an_interrupted_first_use(tmp_path: Path) -> None:
    db = _db()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.touch(mode=0o600)
    result = run("doctor")
    assert result.returncode == 0, result.stdout
    assert "another application" not in result.stdout
    assert "empty" in result.stdout
    run("add", "Someone", check=True)


def test_doctor_fix_leaves_the_modes_of_files_that_are_not_netlogs_alone(tmp_path: Path) -> None:
    other = tmp_path / "music.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    junk = tmp_path / "notes.db"
    junk.write_text("plain text, not a database\n" * 10, encoding="utf-8")
    for path in (other, junk):
        os.chmod(path, 0o644)
        result = run("doctor", "--fix", db=path)
        assert result.returncode == 1
        assert "0644" not in result.stdout, result.stdout
        assert _mode(path) == 0o644


# --- 9. a FIFO as the database -----------------------------------------------------


@pytest.mark.parametrize("args", [("due",), ("add", "Someone"), ("doctor",), ("backup",)])
def test_a_fifo_as_the_database_is_refused_at_once(tmp_path: Path, args: tuple[str, ...]) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "netlog", "--db", str(fifo), *args],
            capture_output=True,
            text=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("netlog hung on a FIFO")
    assert time.monotonic() - started < 5
    assert result.returncode == 1
    assert "regular file" in result.stdout + result.stderr


def test_restore_from_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    run("add", "Kept", check=True)
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "netlog", "restore", str(fifo)],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("restore hung on a FIFO")
    assert "regular file" in _one_line_error(result)


# --- 10. leftovers of kill -9 ---------------------------------------------------------


def _leftovers(folder: Path, pid: int) -> list[Path]:
    names = [
        f".netlog.db.netlog-{pid}-0a1b2c3d.tmp",
        f".netlog.db.netlog-{pid}-0a1b2c3d.tmp-journal",
        f".netlog-backup-2026-11-05.db.netlog-{pid}-deadbeef.tmp",
        f".netlog.db.tmp-{pid}",  # an older netlog's backup copy
        f".netlog.db.restore-{pid}",  # an older netlog's restore staging
    ]
    paths = [folder / n for n in names]
    for path in paths:
        path.write_bytes(b"partial")
    return paths


def test_the_next_write_removes_what_a_killed_netlog_left_and_nothing_else(tmp_path: Path) -> None:
    db = _db()
    run("add", "Someone", check=True)
    stale = _leftovers(db.parent, _dead_pid())
    alive = _leftovers(db.parent, os.getpid())  # a running netlog's: left alone
    mine = db.parent / ".my-own-notes.tmp"
    mine.write_text("mine", encoding="utf-8")
    assert run("due").returncode == 0
    assert all(p.exists() for p in stale)  # the read-only morning path does not scan
    run("add", "Someone Else", check=True)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in alive) and mine.exists()


def test_doctor_reports_leftovers_and_fix_removes_them() -> None:
    db = _db()
    run("add", "Someone", check=True)
    stale = _leftovers(db.parent, _dead_pid())
    result = run("doctor")
    assert result.returncode == 1 and "interrupted netlog" in result.stdout
    assert all(p.exists() for p in stale)
    run("doctor", "--fix", check=True)
    assert not any(p.exists() for p in stale)


def test_an_export_killed_mid_write_leaves_a_file_the_next_export_removes(tmp_path: Path) -> None:
    db = _db()
    script = (
        "import sys\nfrom datetime import date\nfrom pathlib import Path\n"
        "from netlog.storage import contacts\nfrom netlog.storage.db import open_db\n"
        "db = open_db(Path(sys.argv[1]))\n"
        "with db.write() as conn:\n"
        "    for n in range(4000):\n"
        "        contacts.insert_contact(conn, {'name': f'P {n}', 'notes': 'x' * 3000},"
        " created=date(2026, 11, 5))\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    target = tmp_path / "out" / "contacts.csv"
    target.parent.mkdir()
    for _ in range(3):
        proc = _popen("export", "-o", str(target))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            partial = [p for p in target.parent.iterdir() if p.name != "contacts.csv"]
            if partial and partial[0].stat().st_size > 0:
                break
            time.sleep(0.002)
        proc.kill()  # kill -9 in the middle of writing
        proc.communicate()
        if proc.returncode == -9:
            break
    assert proc.returncode == -9
    left = [p for p in target.parent.iterdir() if p.name != "contacts.csv"]
    assert len(left) == 1 and left[0].name.startswith(".contacts.csv.")
    run("export", "-o", str(target), check=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["contacts.csv"]


# --- 11. an empty --db -------------------------------------------------------------


def test_an_empty_db_option_is_refused_not_the_default_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("NETLOG_DB", "XDG_DATA_HOME")}
    env["HOME"] = str(home)
    for value in ("", "  "):
        result = subprocess.run(
            [sys.executable, "-m", "netlog", "--db", value, "add", "Someone"],
            capture_output=True,
            text=True,
            env=env,
        )
        assert "--db" in _one_line_error(result)
    assert not home.exists() or not any(home.rglob("netlog.db"))
