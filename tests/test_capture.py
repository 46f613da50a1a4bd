"""``netlog add --at EVENT`` with no NAME: one person a line, with email and topic;
Ctrl-C keeps who was typed."""

from __future__ import annotations

import array
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

from netlog.cli.commands.capture import capture_line


def people(netlog: Any) -> dict[str, dict[str, Any]]:
    r = netlog("list", "--json")
    assert r.exit_code == 0, r.stderr
    return {c["name"]: c for c in r.json()}


def test_five_fields_give_each_person_an_email_and_a_topic_for_the_draft(netlog: Any) -> None:
    lines = (
        "Dr. Maya Patel | Mass General | maya@mgh.example.org | ACL registry | poster 12\n"
        "Dr. Ken Ito | UCSF | | hand fellowships\n"
    )
    r = netlog("add", "--at", "AAOS 2026", input=lines)
    assert r.exit_code == 0, r.stderr
    maya = netlog("show", "patel", "--json").json()
    assert (maya["institution"], maya["email"]) == ("Mass General", "maya@mgh.example.org")
    assert (maya["topic"], maya["notes"]) == ("ACL registry", "poster 12")
    ken = netlog("show", "ito", "--json").json()
    assert (ken["email"], ken["topic"], ken["notes"]) == (None, "hand fellowships", None)
    draft = netlog("draft", "patel")
    assert "ACL registry" in draft.stdout
    assert "poster 12" not in draft.stdout  # the note stays private


def test_the_old_three_field_lines_still_mean_name_institution_note(netlog: Any) -> None:
    lines = "Dr. Lena Fischer | Charité | talked about ECMO | and her fellows\nDr. Kenji Sato\n"
    assert netlog("add", "--at", "AATS 2026", input=lines).exit_code == 0
    lena = netlog("show", "fischer", "--json").json()
    assert (lena["institution"], lena["email"], lena["topic"]) == ("Charité", None, None)
    assert lena["notes"] == "talked about ECMO | and her fellows"
    assert "Dr. Kenji Sato" in people(netlog)


def test_a_line_is_split_by_what_its_third_field_holds() -> None:
    assert capture_line("A | B | a@b.org | t | n | m")["note"] == "n | m"
    assert capture_line("A | B | note")["email"] is None
    assert capture_line("A")["institution"] is None
    assert capture_line("A | | | topic") == {
        "name": "A",
        "institution": None,
        "email": None,
        "topic": "topic",
        "note": None,
    }


def test_a_bad_email_is_reported_by_line_and_the_person_still_added(netlog: Any) -> None:
    assert netlog("add", "Dr. Old Friend", "--email", "taken@example.org").exit_code == 0
    lines = (
        "Dr. Maya Patel | MGH | maya@ | ACL | n\n"
        "Dr. Ken Ito | UCSF | taken@example.org | hands\n"
        "Dr. Ana Ruiz | HSS | ana@hss.example.org | spine\n"
        "Dr. Ana Twin | HSS | ANA@hss.example.org | spine\n"
    )
    r = netlog("add", "--at", "AAOS 2026", input=lines)
    assert r.exit_code == 0, r.stderr
    assert "Line 1: 'maya@' is not an email address" in r.stderr
    assert "Line 2:" in r.stderr and "Dr. Old Friend" not in r.stderr
    assert "Line 4:" in r.stderr and "line 3" in r.stderr
    found = people(netlog)
    assert found["Dr. Maya Patel"]["email"] is None
    assert found["Dr. Ken Ito"]["email"] is None
    assert found["Dr. Ana Ruiz"]["email"] == "ana@hss.example.org"
    assert found["Dr. Ana Twin"]["email"] is None
    assert netlog("show", "patel", "--json").json()["topic"] == "ACL"


# --- Ctrl-C, with a real process --------------------------------------------------------


def _waiting_for_input(proc: subprocess.Popen[str]) -> None:
    """Until the capture has read everything written and waits for the next line."""
    assert proc.stdin is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        left = array.array("i", [0])
        fcntl.ioctl(proc.stdin.fileno(), termios.FIONREAD, left)
        try:
            wchan = Path(f"/proc/{proc.pid}/wchan").read_text()
        except OSError:
            wchan = ""
        if left[0] == 0 and "pipe" in wchan:
            return
        time.sleep(0.02)
    if left[0] == 0:
        time.sleep(1)  # no wchan here: the lines are read; give it a moment
        return
    raise AssertionError("the capture never read its input")


def _interrupted_capture(db: Path, lines: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "netlog", "add", "--at", "AAOS 2026"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NETLOG_DB": str(db)},
    )
    assert proc.stdin is not None
    proc.stdin.write(lines)
    proc.stdin.flush()
    _waiting_for_input(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _names(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM contact")}
    finally:
        conn.close()


SIX = "".join(
    f"Dr. Person {n} | Hospital {n} | p{n}@example.org | topic {n} | note {n}\n"
    for n in range(1, 7)
)


@pytest.mark.parametrize("attempt", range(4))
def test_ctrl_c_during_capture_keeps_the_six_people_typed(tmp_path: Path, attempt: int) -> None:
    db = tmp_path / f"netlog-{attempt}.db"
    result = _interrupted_capture(db, SIX)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    assert "saving the people entered so far" in result.stderr
    assert "Added 6 people" in result.stdout
    assert _names(db) == {f"Dr. Person {n}" for n in range(1, 7)}
    conn = sqlite3.connect(db)
    pending = conn.execute("SELECT count(*) FROM pending WHERE rule = 'conference-followup'")
    assert pending.fetchone()[0] == 6
    conn.close()


def test_ctrl_c_before_anyone_is_typed_adds_nobody_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "netlog.db"
    result = _interrupted_capture(db, "")
    assert result.returncode == 130
    assert "Nobody entered" in result.stdout
    assert _names(db) == set()


def test_ctrl_c_at_the_prompt_in_a_terminal_keeps_the_people_typed(tmp_path: Path) -> None:
    import pty
    import select

    db = tmp_path / "netlog.db"
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "netlog", "add", "--at", "AAOS 2026"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "NETLOG_DB": str(db), "NO_COLOR": "1"},
    )
    os.close(slave)
    seen = b""

    def until(text: bytes, times: int) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while seen.count(text) < times and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                seen += os.read(master, 4096)
        assert seen.count(text) >= times, seen

    try:
        until(b"> ", 1)
        os.write(master, b"Dr. Maya Patel | MGH | maya@mgh.example.org | ACL registry\n")
        until(b"> ", 2)
        os.write(master, b"Dr. Ken Ito | UCSF\n")
        until(b"> ", 3)
        # A person presses Ctrl-C well after the prompt shows; a signal that lands
        # while readline is still setting up the line can be swallowed by it, and
        # a person would press again.
        time.sleep(0.3)
        code = None
        for _ in range(5):
            proc.send_signal(signal.SIGINT)
            try:
                code = proc.wait(6)
                break
            except subprocess.TimeoutExpired:
                continue
        assert code == 130
        try:
            while select.select([master], [], [], 0.2)[0]:
                seen += os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            pass
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    assert b"Added 2 people" in seen
    assert _names(db) == {"Dr. Maya Patel", "Dr. Ken Ito"}
