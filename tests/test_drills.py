"""Fault drills: real processes against real files, the way data gets lost in life.

Each drill states what must survive: killed writers, racing writers, a held
lock, foreign and damaged files, a full disk, and awkward input.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.safety_helpers import run

WRITER = """
import sys, time
from datetime import date
from pathlib import Path
from netlog.storage import contacts
from netlog.storage.db import open_db

db = open_db(Path(sys.argv[1]))
db.conn.execute("PRAGMA cache_size = 20")  # spill pages to the WAL mid-transaction
pause = sys.argv[2] == "pause"
with db.write() as conn:
    for n in range(20000):
        contacts.insert_contact(conn, {"name": f"Person {n}", "notes": "x" * 200},
                             created=date(2026, 11, 23))
        if n == 10000:
            print("half", flush=True)
            if pause:
                time.sleep(60)
print("done", flush=True)
"""


def _count_and_check(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        conn.close()


def _db() -> Path:
    return Path(os.environ["NETLOG_DB"])


def _writer(path: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), mode], stdout=subprocess.PIPE, text=True
    )


def test_kill_9_in_the_middle_of_a_20000_row_write_leaves_no_row_of_it() -> None:
    path = _db()
    run("add", "Before The Crash", check=True)
    proc = _writer(path, "pause")
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "half"
    assert Path(f"{path}-wal").stat().st_size > 0  # uncommitted pages reached the WAL
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _count_and_check(path) == 1
    assert run("doctor").returncode == 0


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9])
def test_kill_9_at_any_moment_leaves_all_or_none_of_the_rows(delay: float) -> None:
    path = _db()
    run("add", "Before The Crash", check=True)
    proc = _writer(path, "run")
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _count_and_check(path) in (1, 20001)


def test_three_processes_adding_fifteen_contacts_each_all_land() -> None:
    path = _db()
    run("add", "First", check=True)
    script = (
        'for i in $(seq 1 15); do "$0" -m netlog add "Proc $1 Person $i" --at "AAOS" '
        ">/dev/null || exit 1; done"
    )
    procs = [subprocess.Popen(["bash", "-c", script, sys.executable, str(n)]) for n in range(3)]
    assert [p.wait(120) for p in procs] == [0, 0, 0]
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM contact")}
    pending = conn.execute("SELECT count(*) FROM pending WHERE rule = 'conference-followup'")
    assert pending.fetchone()[0] == 45
    conn.close()
    assert len(names) == 46
    assert {f"Proc {p} Person {i}" for p in range(3) for i in range(1, 16)} <= names


def test_a_lock_held_past_the_busy_timeout_is_a_clear_error_and_writes_nothing() -> None:
    path = _db()
    run("add", "Existing", check=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(20)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = run("add", "Blocked Person")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "locked by another netlog process" in result.stderr
    assert "Traceback" not in result.stderr
    assert 4.5 < waited < 15
    assert _count_and_check(path) == 1


def _netlog_file(path: Path) -> None:
    run("add", "Someone", "--at", "AAOS", db=path, check=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def _junk(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _truncated(path: Path) -> None:
    _netlog_file(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.execute("INSERT INTO songs VALUES ('x')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_junk, "not a netlog database (not an SQLite file)"),
        (_truncated, "damaged"),
        (_other_app, "belongs to another application"),
    ],
    ids=["junk", "truncated", "other-application"],
)
def test_a_bad_file_gives_a_clear_error_and_stays_byte_identical(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "bad.db"
    make(path)  # type: ignore[operator]
    raw = path.read_bytes()
    for args in (("add", "New Person"), ("due",), ("list",), ("backup",)):
        result = run(*args, db=path)
        assert result.returncode == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db"]


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_gives_a_clear_error_and_the_data_stays_intact() -> None:
    path = _db()
    run("add", "Dr. Kept", "--at", "AAOS", "--note", "kept note", check=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = path.read_bytes()
    big = "n" * (3 * 1024 * 1024)
    result = subprocess.run(
        [sys.executable, "-m", "netlog", "add", "Dr. Too Big", "--note", "-"],
        input=big,
        capture_output=True,
        text=True,
        preexec_fn=lambda: _limit_file_size(len(before) + 256 * 1024),
        timeout=60,
    )
    assert result.returncode == 1
    assert "disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    assert _count_and_check(path) == 1
    listed = run("list", "--json", check=True).stdout
    assert "Dr. Kept" in listed and "Too Big" not in listed
    assert run("doctor").returncode == 0


def test_a_one_megabyte_note_round_trips() -> None:
    import json

    note = ("Line of a long note — ünïcödé, 日本語, عربي.\n" * 30000)[: 1024 * 1024].rstrip("\n")
    run("add", "Dr. Long Note", "--note", "-", stdin=note, check=True)
    shown = json.loads(run("show", "long note", "--json", check=True).stdout)
    assert shown["notes"] == note


@pytest.mark.parametrize(
    "name",
    [
        "Robert'); DROP TABLE contact;--",
        'Dr. "Quote" O\'Neil',
        "100% _under_ \\back\\slash",
        "Ανδρέας Παπαδόπουλος",
        "ड. प्रिया शर्मा",
    ],
)
def test_names_with_sql_metacharacters_are_stored_literally(name: str) -> None:
    import json

    run("add", name, check=True)
    rows = json.loads(run("list", "--json", check=True).stdout)
    assert [r["name"] for r in rows] == [name]
    assert json.loads(run("show", "1", "--json", check=True).stdout)["name"] == name
    assert run("doctor").returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", ""), "needs a name"),
        (("add", "   \t "), "needs a name"),
        (("add", "Dr. Zero", "--every", "0"), "invalid --every 0"),
        (("add", "Dr. Minus", "--every=-7"), "invalid --every -7"),
        (("add", "Dr. Future", "--met", "10000-01-01"), "invalid date '10000-01-01'"),
        (("add", "Dr. Far", "--met", "in 9000000d"), "out of range"),
        (("add", "Dr. Leap", "--met", "2026-02-30"), "invalid date '2026-02-30'"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    path = _db()
    if path.exists():
        assert _count_and_check(path) == 0


def test_a_next_step_past_year_9999_is_refused() -> None:
    run("add", "Dr. Plan", check=True)
    for value in ("10000-01-01", "in 3000000w"):
        result = run("log", "plan", "--due", value)
        assert result.returncode == 1
        assert "invalid date" in result.stderr
    assert "touchpoints" in run("show", "plan", "--json", check=True).stdout
    conn = sqlite3.connect(_db())
    assert conn.execute("SELECT count(*) FROM touchpoint").fetchone()[0] == 0
    conn.close()
